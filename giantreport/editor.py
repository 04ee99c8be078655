"""The editor's words: Markdown files placed around, into and after the generated report.

A folder (``--text DIR`` or ``[report] text``) holds files named after the section ids of the
report definition (giantreport/definition.py):

* ``preface.md`` — before the abstract;
* ``<section>.before.md`` / ``<section>.after.md`` — around a section;
* ``<section>.md`` — in place of a generated section's text (its heading, figures and tables stay);
* ``chapter-<n>-<title>.md`` — an extra chapter, appended after the generated ones in the order of n.

A text may print any summary.json value with a placeholder, ``{{ summary.companies }}`` or
``{{ summary.provinces["浙江省"].companies }}``, formatted by the house style (giantreport/words.py):
whole numbers as counts; other numbers need a filter saying what they are (``| pct`` a share as a
percent, ``| mean`` two decimals, ``| num(1)`` one decimal, ``| int`` whole), so a share never prints
as 0.07. Placeholders run in a sandbox: the only name is ``summary``, only its keys can be read
(no attributes, methods, files or network), and a key that does not exist stops the build with
the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from .errors import GiantReportError
from .words import fmt_int, fmt_mean, fmt_num, fmt_pct

PREFACE = "preface"
_CHAPTER = re.compile(r"^chapter-(\d{1,2})-(.+)$")
_SUFFIXES = ("before", "after")
MAX_TEXT_BYTES = 1024 * 1024
PREFACE_TOP = 1          # the preface's "#" is a part's heading, like 摘要's (h1: bookmark and running header)
CHAPTER_TOP = 2          # an extra chapter's title is its h1 (from its file name); its "#" are its sections (h2)


@dataclass
class Heading:
    level: int           # 1 for "#", 2 for "##" …
    text: str
    anchor: str


@dataclass
class Text:
    """One Markdown file rendered: its HTML and its headings (for the contents and bookmarks)."""
    path: Path
    html: Markup
    headings: list[Heading] = field(default_factory=list)


@dataclass
class ExtraChapter:
    order: int
    title: str
    text: Text


@dataclass
class EditorTexts:
    preface: Text | None = None
    before: dict[str, Text] = field(default_factory=dict)
    after: dict[str, Text] = field(default_factory=dict)
    replace: dict[str, Text] = field(default_factory=dict)
    chapters: list[ExtraChapter] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.preface or self.before or self.after or self.replace or self.chapters)


def read_texts(folder: Path | None, sections: dict[str, int], summary: dict,
               replaceable: frozenset[str] | set[str] | None = None, first_chapter: int = 5) -> EditorTexts:
    """Every .md file of `folder` checked and rendered; an unknown id or placeholder stops with file and line.

    `sections` maps each section id of the report definition to its heading level (1 for a part or
    chapter, 2 for a section): a text's "#" is one level below the section it belongs to.
    `replaceable`: the ids whose generated text a ``<id>.md`` may replace (None: all); the others take
    only ``.before.md`` / ``.after.md``. The extra chapters are numbered from `first_chapter`. Hidden files (``._preface.md`` of macOS) are skipped; a link
    (symlink) is refused: the texts are the folder's own files.
    """
    out = EditorTexts()
    if folder is None:
        return out
    folder = Path(folder)
    if not folder.is_dir():
        raise GiantReportError(f"找不到编者文字文件夹：{folder}（--text 或 [report] text 应为文件夹）")
    ids = list(sections)
    orders: dict[int, Path] = {}
    extra: list[tuple[int, str, Path]] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".md" or path.name.startswith("."):
            continue
        if path.is_symlink() or not path.is_file():
            raise GiantReportError(f"{path}：编者文字须是文件夹中的普通文件（不接受链接或其他类型的文件）")
        stem = path.name[:-3]
        if stem == PREFACE:
            out.preface = render_text(path, summary, top=PREFACE_TOP)
        elif m := _CHAPTER.match(stem):
            order = int(m.group(1))
            if order in orders:
                raise GiantReportError(f"{path}：附加章的序号 {order} 与 {orders[order].name} 重复，请改用不同的序号")
            orders[order] = path
            extra.append((order, m.group(2).strip(), path))
        else:
            section, _, where = stem.rpartition(".") if stem.endswith(tuple("." + s for s in _SUFFIXES)) else (stem, "", "")
            if section not in ids:
                close = get_close_matches(section, ids, n=3, cutoff=0.5)
                hint = f"是否想写：{'、'.join(c + '.md' for c in close)}？" if close else ""
                raise GiantReportError(
                    f"{path} 第 1 行：文件名中的“{section}”不是报告中的章节编号。{hint}"
                    f"可用的章节编号见 giantreport sections；此外可用 preface.md（前言）和 chapter-<序号>-<标题>.md（附加章）")
            if not where and replaceable is not None and section not in replaceable:
                raise GiantReportError(
                    f"{path}：“{section}”没有可替换的自动生成文字（表格、速览或附录由数据生成）；"
                    f"请改用 {section}.before.md 或 {section}.after.md 在其前后加文字")
            target = {"before": out.before, "after": out.after, "": out.replace}[where]
            target[section] = render_text(path, summary, top=min(sections[section] + 1, 6))
    # the extra chapters in the order of their numbers, numbered after the report's own (first_chapter …)
    for n, (order, title, path) in enumerate(sorted(extra), start=first_chapter):
        text = render_text(path, summary, top=CHAPTER_TOP, number=str(n))
        if not str(text.html).strip():
            raise GiantReportError(f"{path}：附加章“{title}”没有内容")
        out.chapters.append(ExtraChapter(order, title, text))
    return out


# ---------------------------------------------------------------- placeholders

def _pct(value, digits: int = 1):
    return fmt_pct(_number(value, "pct"), digits)


def _mean(value):
    return fmt_mean(_number(value, "mean"))


def _num(value, digits: int = 2):
    return fmt_num(_number(value, "num"), digits)


def _int(value):
    return fmt_int(_number(value, "int"))


def _number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _PlaceholderError(f"过滤器 {name} 只用于数值，这里的值是 {value!r}")
    return value


FILTERS = {"pct": _pct, "mean": _mean, "num": _num, "int": _int}


class _PlaceholderError(Exception):
    pass


class _Sandbox(SandboxedEnvironment):
    """Only keys of plain dicts and lists can be read: no attribute or method of any object."""

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return False

    def is_safe_callable(self, obj) -> bool:
        return False


def _finalize(value):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return fmt_int(value)
    if isinstance(value, float):
        raise _PlaceholderError(f"数值 {value!r} 需写明格式：| pct（百分比）、| mean（两位小数）、| num(1)（一位小数）或 | int（整数）")
    if isinstance(value, (dict, list)):
        raise _PlaceholderError("这里是一组数值，不是一个数值；请写到具体的项，如 summary.provinces[\"浙江省\"].companies")
    return value


def _environment() -> _Sandbox:
    env = _Sandbox(autoescape=False, undefined=jinja2.StrictUndefined, finalize=_finalize,
                   loader=None, keep_trailing_newline=True)
    env.filters = dict(FILTERS)         # only ours: no attr, map, format … of Jinja's own
    env.tests = {}
    env.globals = {}
    return env


def _path_of(node) -> tuple[str | None, list]:
    keys = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            keys.append(node.attr)
        elif isinstance(node.arg, nodes.Const):
            keys.append(node.arg.value)
        else:
            return None, []
        node = node.node
    return (node.name if isinstance(node, nodes.Name) else None), keys[::-1]


#: What a placeholder may contain: summary's keys (attribute or item), constants as filter arguments and
#: item keys, and our filters. No arithmetic, comparison, call, test, slice or statement.
_ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr, nodes.Getitem,
                  nodes.Const, nodes.Filter)
_FILTER_ARGS = {"pct": 1, "num": 1, "mean": 0, "int": 0}
MAX_DIGITS = 6                     # | num(n) and | pct(n): at most this many decimals


def _check_nodes(tree, path: Path) -> None:
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            raise GiantReportError(f"{path} 第 {node.lineno} 行：编者文字中只能用 {{{{ summary.… }}}} 占位符，"
                                   f"不能用 {{% … %}} 语句")
    for node in tree.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES):
            raise GiantReportError(f"{path} 第 {getattr(node, 'lineno', '?')} 行：占位符中只能写 summary 的键名和格式"
                                   f"（如 {{{{ summary.listed_share | pct }}}}），不能计算或调用（{type(node).__name__}）")
        if isinstance(node, nodes.Filter):
            args = [a for a in node.args]
            if node.name not in _FILTER_ARGS or node.kwargs or node.dyn_args or node.dyn_kwargs \
                    or len(args) > _FILTER_ARGS[node.name] \
                    or any(not isinstance(a, nodes.Const) or type(a.value) is not int or not 0 <= a.value <= MAX_DIGITS
                           for a in args):
                raise GiantReportError(f"{path} 第 {node.lineno} 行：格式写法有误（可用 | pct、| pct(0…{MAX_DIGITS})、"
                                       f"| mean、| num(0…{MAX_DIGITS})、| int）")


def _check_names(tree, summary: dict, path: Path) -> None:
    """Only {{ … }} placeholders, every name `summary`, every key there: reported with the line before rendering."""
    for node in tree.find_all((nodes.Name, nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Name) and node.name != "summary":
            raise GiantReportError(f"{path} 第 {node.lineno} 行：占位符中只能使用 summary（summary.json 的数值），"
                                   f"不能使用“{node.name}”")
    for node in tree.find_all(nodes.Output):
        for expr in node.nodes:
            for sub in [expr, *expr.find_all((nodes.Getattr, nodes.Getitem))]:
                root, keys = _path_of(sub)
                if root != "summary":
                    continue
                value = summary
                for depth, key in enumerate(keys):
                    if isinstance(value, dict) and key in value:
                        value = value[key]
                    elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
                        value = value[key]
                    else:
                        where = "summary" + "".join(f"[{k!r}]" for k in keys[:depth])
                        close = get_close_matches(str(key), [str(k) for k in value], n=3) if isinstance(value, dict) else []
                        hint = f"是否想写：{'、'.join(close)}？" if close else ""
                        raise GiantReportError(f"{path} 第 {sub.lineno} 行：{where} 中没有“{key}”。{hint}")
                break


def fill_placeholders(source: str, summary: dict, path: Path) -> str:
    env = _environment()
    try:
        tree = env.parse(source)
        _check_nodes(tree, path)
        _check_names(tree, summary, path)
        return env.from_string(source).render(summary=summary)
    except RecursionError:
        raise GiantReportError(f"{path}：占位符嵌套过深") from None
    except jinja2.TemplateSyntaxError as exc:
        raise GiantReportError(f"{path} 第 {exc.lineno} 行：占位符写法有误（{exc.message}）") from None
    except (_PlaceholderError, jinja2.UndefinedError, jinja2.exceptions.SecurityError) as exc:
        raise GiantReportError(f"{path} 第 {_line_of(exc)} 行：{exc}") from None


def _line_of(exc: BaseException) -> str:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return str(line) if line else "?"


# ---------------------------------------------------------------- Markdown


def _plain(inline) -> str:
    """A heading's text without its Markdown marks ("**重要** 的 `下一步`" → "重要 的 下一步")."""
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline")).strip()

def _markdown() -> MarkdownIt:
    # CommonMark with tables; raw HTML off: what an editor types is text, never markup
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_text(path: Path, summary: dict, top: int = 2, number: str | None = None) -> Text:
    """A Markdown file as HTML, its "#" headings at HTML level `top`, "##" one below, and so on."""
    return render_source(read_markdown(path), path, summary, top, number)


def read_markdown(path: Path) -> str:
    """A Markdown file's text: UTF-8, at most MAX_TEXT_BYTES (read no further, whatever the file claims)."""
    with open(path, "rb") as fh:
        data = fh.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise GiantReportError(f"{path} 超过 {MAX_TEXT_BYTES // 1024} KB，不像是一段编者文字")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GiantReportError(f"{path} 不是 UTF-8 编码的文本（请另存为 UTF-8）") from None


def render_source(source: str, path: Path, summary: dict, top: int = 2, number: str | None = None) -> Text:
    """Markdown text (from `path`, named in messages) as HTML, placeholders filled; with `number`
    ("5"), its top-level headings are numbered "5.1", "5.2" … in the text, the contents and the bookmarks."""
    text = fill_placeholders(source, summary, path)
    md = _markdown()
    tokens = md.parse(text)
    headings: list[Heading] = []
    stem = re.sub(r"[^0-9A-Za-z_-]+", "-", path.stem).strip("-") or "text"
    for i, tok in enumerate(tokens):
        if tok.type in ("heading_open", "heading_close"):
            level = min(int(tok.tag[1]) - 1 + top, 6)
            tok.tag = f"h{level}"
            if tok.type == "heading_open":
                anchor = f"text-{stem}-{len(headings) + 1}"
                inline = tokens[i + 1]
                label = _plain(inline)
                if number is not None and level == top:
                    label = f"{number}.{sum(1 for h in headings if h.level == top) + 1} {label}"
                    prefix = label.split(" ", 1)[0] + " "
                    if inline.children:
                        inline.children.insert(0, Token("text", "", 0, content=prefix))
                tok.attrSet("id", anchor)
                tok.attrSet("data-label", label)                       # the PDF bookmark's label
                headings.append(Heading(level, label, anchor))
        if tok.type == "inline" and tok.children:
            for child in tok.children:
                href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
                if child.type == "link_open" and not re.match(r"^(https?://|mailto:|#)", href):
                    raise GiantReportError(f"{path} 第 {(tok.map or [0])[0] + 1} 行：链接“{href}”只能是 http(s)://、"
                                           f"mailto: 或文内 #锚点")
                if child.type == "image":
                    raise GiantReportError(f"{path} 第 {(tok.map or [0])[0] + 1} 行：编者文字中不能插入图片"
                                           f"（图表由报告生成；标志请在 [publisher] logo 中设置）")
    return Text(path, Markup(md.renderer.render(tokens, md.options, {})), headings)
