"""The publisher's profile ([publisher] in giantreport.toml): values checked, contrast by WCAG arithmetic."""
from __future__ import annotations

import re

import pytest

from giantreport.config import DEFAULT_TOML, load_config
from giantreport.errors import GiantReportError
from giantreport.publisher import contrast, mix

PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d494844520000000200000002080600000072b60d24"
                        "0000001449444154789c638c9293fbcfc0c0c0c0c400050017c40199d4c69a990000000049454e44ae426082")  # 2×2 px, Pillow-made


def write(tmp_path, text: str):
    path = tmp_path / "giantreport.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_contrast_by_hand():
    # black on white: (1 + 0.05) / (0 + 0.05) = 21
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    # #777777: c = 119/255 = 0.46667; ((c + 0.055) / 1.055) ** 2.4 = 0.18447; (1.05) / (0.18447 + 0.05) = 4.478
    assert contrast("#777777", "#ffffff") == pytest.approx(4.478, abs=0.001)
    # 10% of #0000ff over white: 255 * 0.9 = 229.5 → e6 (round half to even gives 230 = e6)
    assert mix("#0000ff", "#ffffff", 0.1) == "#e6e6ff"


def test_no_profile_keeps_the_defaults():
    config = load_config(None, search_dir=None) if False else load_config()
    assert config.publisher == "giantreport 开源项目"
    assert config.author == "giantreport"
    assert not config.profile.given and config.profile.colophon


def test_full_profile(tmp_path):
    (tmp_path / "logo.png").write_bytes(PNG_1PX)
    (tmp_path / "about.md").write_text("# 关于我们\n\n某省中小企业发展促进中心。\n", encoding="utf-8")
    config = load_config(write(tmp_path, '''
[publisher]
name = "某省中小企业发展促进中心"
short_name = "省中小企业中心"
logo = "logo.png"
primary = "#1A1A1A"
accent = "#777777"
about = "about.md"
copyright = "© 2026 某省中小企业发展促进中心"
contact = "0571-0000 0000"
keywords = ["专精特新", "某省"]
colophon = false
'''))
    p = config.profile
    assert p.given and p.name == config.publisher == "某省中小企业发展促进中心"
    assert config.author == "某省中小企业发展促进中心"          # the PDF author follows the publisher
    assert p.header_name == "省中小企业中心"
    assert p.primary == "#1a1a1a" and p.accent == "#777777"
    assert p.logo.kind == "png" and p.logo.data == PNG_1PX
    assert p.about.startswith("# 关于我们")
    assert p.keywords == ("专精特新", "某省") and p.colophon is False


def test_bad_profile_lists_every_problem(tmp_path):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    with pytest.raises(GiantReportError) as err:
        load_config(write(tmp_path, '''
[publisher]
name = ""
primary = "#777777"
accent = "yellow"
logo = "logo.gif"
about = "missing.md"
colour = "#000000"
'''))
    text = str(err.value)
    assert "publisher.name 应为非空文字" in text
    assert "publisher.primary = \"#777777\" 与白底的对比度为 4.48:1，低于 4.5:1" in text
    assert "publisher.accent 应为 #RRGGBB" in text
    assert "既不是 PNG 也不是 SVG" in text
    assert "missing.md" in text
    assert "未知的配置项 publisher.colour" in text


def test_svg_logo_is_sanitised(tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>x()</script>'
                                       '<rect width="10" height="10"/></svg>', encoding="utf-8")
    logo = load_config(write(tmp_path, '[publisher]\nname = "甲"\nlogo = "logo.svg"\n')).profile.logo
    text = logo.data.decode()
    assert logo.kind == "svg" and "<rect" in text and "script" not in text and "onload" not in text


def test_init_template_documents_the_section():
    assert "[publisher]" in DEFAULT_TOML and "# name = " in DEFAULT_TOML and "# colophon = true" in DEFAULT_TOML


def test_logos_that_are_not_logos(tmp_path):
    (tmp_path / "broken.png").write_bytes(PNG_1PX[:30] + b"garbage")
    uses = "".join(f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 30))
    (tmp_path / "bomb.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><defs><rect id="l0" width="1" height="1"/>'
                                       f'{uses}</defs><use href="#l29"/></svg>', encoding="utf-8")
    for name, expected in (("broken.png", "不是完好的 PNG 图片"), ("bomb.svg", "引用（<use>）超过 200 处")):
        with pytest.raises(GiantReportError, match=re.escape(expected)):
            load_config(write(tmp_path, f'[publisher]\nname = "甲"\nlogo = "{name}"\n'))
