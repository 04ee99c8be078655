"""The publisher's profile: [publisher] in giantreport.toml.

Who publishes the report (name, short name, logo, colours, about page, copyright, disclaimer,
contact) and whether the tool names itself in the colophon. Every value is checked when the
configuration is read; the logo is read and sanitised then, so a bad file stops the run before
any work is done. Paths are relative to the configuration file's folder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GiantReportError
from .svgsafe import SVGError, sanitise

DEFAULT_NAME = "giantreport 开源项目"
#: the house colours: headings, table headers and the cover title (primary); bands, numbers, links (accent)
DEFAULT_PRIMARY = "#12304f"
DEFAULT_ACCENT = "#0b5fa5"
DEFAULT_TINT = "#eef4fa"
#: WCAG 2.1: text on white needs 4.5:1 (primary: headings and white text on table headers);
#: the accent colours rules, bands and figure numbers (bold, large) — 3:1, the level for large text and graphics.
MIN_CONTRAST_PRIMARY = 4.5
MIN_CONTRAST_ACCENT = 3.0
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000
LOGO_MAX_USES = 200
PUBLISHER_KEYS = ("name", "short_name", "logo", "primary", "accent", "about", "copyright", "disclaimer",
                  "contact", "colophon", "subject", "keywords")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Logo:
    kind: str            # "svg" or "png"
    data: bytes          # sanitised SVG text (UTF-8) or the PNG file


@dataclass(frozen=True)
class Publisher:
    name: str = DEFAULT_NAME
    short_name: str = ""
    logo: Logo | None = None
    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT
    about: str = ""               # Markdown of the about-the-publisher page
    about_path: Path | None = None    # its file (named in messages)
    copyright: str = ""
    disclaimer: str = ""
    contact: str = ""
    colophon: bool = True         # the tool's own name in the colophon line
    subject: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    given: bool = False           # a [publisher] table was configured

    @property
    def header_name(self) -> str:
        """The running header's name: the short name when there is one."""
        return self.short_name or self.name

    @property
    def cover(self) -> str:
        """The printed cover's background: the primary colour darkened (white text on it)."""
        return mix(self.primary, "#000000", 0.85)

    @property
    def cover_accent(self) -> str:
        """The band and edition year on the cover: the accent lightened, to stand out on the dark cover."""
        return mix(self.accent, "#ffffff", 0.5)

    @property
    def tint(self) -> str:
        """A light tint of the accent for call-outs and key-figure boxes (7% accent on white)."""
        return DEFAULT_TINT if self.accent == DEFAULT_ACCENT else mix(self.accent, "#ffffff", 0.07)


def read_publisher(table: dict, report: dict, base: Path, problems: list[str]) -> Publisher:
    """[publisher] checked into a Publisher; [report] publisher/author remain as the older spelling of the name."""
    if not isinstance(table, dict):
        problems.append("publisher 应为表 [publisher]")
        return Publisher()
    name = table.get("name", report.get("publisher", DEFAULT_NAME))
    out: dict = {"given": bool(table) or "publisher" in report}
    for key in ("name", "short_name", "copyright", "disclaimer", "contact", "subject"):
        value = name if key == "name" else table.get(key, "")
        if not isinstance(value, str) or (key == "name" and not value.strip()):
            problems.append(f"publisher.{key} 应为{'非空' if key == 'name' else ''}文字（加引号），实际为 {value!r}")
            continue
        out[key] = value.strip()
    colophon = table.get("colophon", True)
    if not isinstance(colophon, bool):
        problems.append(f"publisher.colophon 应为 true 或 false，实际为 {colophon!r}")
    else:
        out["colophon"] = colophon
    keywords = table.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords):
        problems.append(f"publisher.keywords 应为文字的列表，如 [\"专精特新\", \"浙江\"]，实际为 {keywords!r}")
    else:
        out["keywords"] = tuple(k.strip() for k in keywords)
    for key, minimum, default in (("primary", MIN_CONTRAST_PRIMARY, DEFAULT_PRIMARY),
                                  ("accent", MIN_CONTRAST_ACCENT, DEFAULT_ACCENT)):
        colour = table.get(key, default)
        if not isinstance(colour, str) or not _HEX.match(colour):
            problems.append(f"publisher.{key} 应为 #RRGGBB 形式的颜色，如 \"{default}\"，实际为 {colour!r}")
            continue
        ratio = contrast(colour, "#ffffff")
        if ratio < minimum:
            problems.append(f"publisher.{key} = \"{colour}\" 与白底的对比度为 {ratio:.2f}:1，低于 {minimum:g}:1，"
                            f"文字和图形在白纸上不易看清；请换用更深的颜色 / contrast with white too low")
            continue
        out[key] = colour.lower()
    if "logo" in table:
        out["logo"] = _logo(table["logo"], base, problems)
    if "about" in table:
        out["about"] = _text_file(table["about"], base, "publisher.about", problems)
        out["about_path"] = base / str(table["about"])
    return Publisher(**out)


def _path(value, base: Path, key: str, problems: list[str]) -> Path | None:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{key} 应为文件路径（相对于配置文件所在文件夹），实际为 {value!r}")
        return None
    path = (base / value).expanduser()
    if not path.is_file():
        problems.append(f"{key}：找不到文件 {path}")
        return None
    return path


def _logo(value, base: Path, problems: list[str]) -> Logo | None:
    path = _path(value, base, "publisher.logo", problems)
    if path is None:
        return None
    data = path.read_bytes()
    if len(data) > LOGO_MAX_BYTES:
        problems.append(f"publisher.logo：{path} 有 {len(data) / 1024 / 1024:.1f} MB，超过 {LOGO_MAX_BYTES // 1024 // 1024} MB")
        return None
    if data.startswith(_PNG_MAGIC):
        problem = _png_problem(data)
        if problem:
            problems.append(f"publisher.logo：{path} {problem}")
            return None
        return Logo("png", data)
    if path.suffix.lower() == ".svg":
        try:
            svg = sanitise(data.decode("utf-8"))
        except (UnicodeDecodeError, SVGError) as exc:
            problems.append(f"publisher.logo：{path} 不是可用的标志 SVG（{exc}）")
            return None
        if svg.count("<use") > LOGO_MAX_USES:       # <use> of <use> …: millions of shapes from a few bytes
            problems.append(f"publisher.logo：{path} 引用（<use>）超过 {LOGO_MAX_USES} 处，不像是一个标志")
            return None
        return Logo("svg", svg.encode("utf-8"))
    problems.append(f"publisher.logo：{path} 既不是 PNG 也不是 SVG 文件（只接受这两种格式）")
    return None


def _png_problem(data: bytes) -> str | None:
    """A PNG that Pillow reads, of at most LOGO_MAX_PIXELS on each side; else what is wrong."""
    import io
    from PIL import Image
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if max(width, height) > LOGO_MAX_PIXELS:
                return f"有 {width}×{height} 像素，标志最多 {LOGO_MAX_PIXELS} 像素见方"
            image.verify()
    except Exception as exc:        # Pillow's errors for a damaged file are of many kinds (a boundary)
        return f"不是完好的 PNG 图片（{type(exc).__name__}）"
    return None


def _text_file(value, base: Path, key: str, problems: list[str]) -> str:
    path = _path(value, base, key, problems)
    if path is None:
        return ""
    from .editor import read_markdown
    try:
        return read_markdown(path)
    except GiantReportError as exc:
        problems.append(f"{key}：{exc}")
        return ""


# ---------------------------------------------------------------- colours

def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of #RRGGBB."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 … 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(colour: str, base: str, share: float) -> str:
    """`share` of `colour` over `base` (both #RRGGBB)."""
    c, b = _rgb(colour), _rgb(base)
    return "#" + "".join(f"{round((share * x + (1 - share) * y) * 255):02x}" for x, y in zip(c, b))

