"""SVG handled as XML: the one gate every chart passes on its way into the HTML page and the PDF.

`sanitise(svg)` parses the markup with expat under strict rules — no DTD, no entity declarations,
no external entities (so no "billion laughs" and no file or network access while parsing) — and
keeps only what a chart needs:

* elements: the drawing vocabulary matplotlib writes (svg, g, defs, path, use, clipPath, text …);
  anything else goes with its content: <script>, <style> (no @import / url() can survive),
  <foreignObject>, <a>, <image>, animation elements, prefixed (foreign-namespace) elements;
* attributes: no event handlers (on…), no link that is not a local ``#id`` reference, no
  ``url(…)`` other than ``url(#id)``, no ``javascript:``, no CSS escapes or @import in a
  style attribute, no namespace declarations other than SVG and XLink;
* the root is an <svg> with exactly one ``xmlns`` (the SVG namespace, added when missing) and
  ``xmlns:xlink`` when an ``xlink:`` attribute is used, so the same markup also works as a
  standalone image file.

Clean input (every chart matplotlib draws for the report) comes back as the same text, from its
``<svg`` on; only input that needed changes is written out again. Markup that is not well-formed
XML raises :class:`SVGError`: a chart is either in the document or the build stops.
"""
from __future__ import annotations

import re
from xml.parsers import expat

from .errors import GiantReportError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: The root attribute of a chart's placeholder (charts.base.placeholder_svg), which the PDF worker
#: (render.pdf_worker) swaps for the drawn chart; here so that the worker loads without the charts.
PENDING_ATTR = "data-pending"

ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "clipPath", "mask", "marker", "pattern",
    "linearGradient", "radialGradient", "stop", "filter", "feGaussianBlur", "feOffset", "feBlend",
    "feFlood", "feComposite", "feMerge", "feMergeNode", "feColorMatrix",
})
_LOCAL_URL = re.compile(r"url\(\s*(['\"]?)#[^)'\"]*\1\s*\)", re.I)
_BAD_VALUE = re.compile(r"url\(|javascript:|vbscript:|data:|expression\(|@import|\\", re.I)


class SVGError(GiantReportError):
    """A chart's SVG is not well-formed XML (or uses a DTD or entities)."""


class _Refused(Exception):
    pass


class _Node:
    __slots__ = ("name", "attrs", "children")

    def __init__(self, name: str, attrs: list[tuple[str, str]]):
        self.name, self.attrs, self.children = name, attrs, []


def _refuse(*_args):
    raise _Refused("DTD 或实体声明 / DTD or entity declaration")


def _parser():
    """An expat parser that refuses any DTD, entity or notation declaration (no entity expansion beyond
    the five predefined ones and character references, nothing fetched)."""
    parser = expat.ParserCreate("utf-8")
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    for handler in ("StartDoctypeDeclHandler", "EntityDeclHandler", "UnparsedEntityDeclHandler",
                    "NotationDeclHandler", "ExternalEntityRefHandler", "SkippedEntityHandler"):
        setattr(parser, handler, _refuse)
    return parser


def _parse(svg: str) -> tuple[_Node, list[str]]:
    """The element tree (raw qualified names, attributes in order) and what had to be left out."""
    parser = _parser()
    parser.buffer_text = True
    removed: list[str] = []
    stack: list[_Node | None] = []          # None: inside a dropped element
    root: list[_Node] = []

    def start(name, attributes):
        parent = stack[-1] if stack else None
        if stack and parent is None:
            stack.append(None)
            return
        if not stack and name != "svg":
            raise _Refused(f"根元素是 <{name}>，不是 <svg> / root element <{name}> is not <svg>")
        if name not in ALLOWED_ELEMENTS:
            removed.append(f"<{name}>")
            stack.append(None)
            return
        kept = []
        for key, value in zip(attributes[::2], attributes[1::2]):
            reason = _attribute_problem(key, value)
            if reason:
                removed.append(reason)
            else:
                kept.append((key, value))
        node = _Node(name, kept)
        if parent is not None:
            parent.children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_name):
        stack.pop()

    def text(data):
        if stack and stack[-1] is not None:
            stack[-1].children.append(data)

    def other(*_args):                # comments, processing instructions: not kept
        removed.append("comment/PI")

    def cdata():                      # kept as text, written out escaped (HTML and XML read CDATA differently)
        removed.append("CDATA")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    parser.StartCdataSectionHandler = cdata
    try:
        parser.Parse(svg.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise SVGError(f"图表的 SVG 不是有效的 XML（第 {exc.lineno} 行第 {exc.offset + 1} 列：{expat.errors.messages.get(exc.code, exc)}），"
                       "无法放入报告。/ The chart's SVG is not well-formed XML.") from None
    except _Refused as exc:
        raise SVGError(f"图表的 SVG 不能使用：{exc}。/ The chart's SVG was refused.") from None
    return root[0], removed


def _attribute_problem(key: str, value: str) -> str | None:
    if key == "xmlns":
        return None if value == SVG_NS else f'xmlns="{value}"'
    if key == "xmlns:xlink":
        return None if value == XLINK_NS else f'xmlns:xlink="{value}"'
    if key.startswith("xmlns:"):
        return key
    if key.lower().startswith("on"):
        return key
    if ":" in key and not key.startswith(("xlink:", "xml:")):
        return key
    if key.startswith("aria-") or key == "role":
        return None                   # plain text for screen readers (names may hold "url(" or "\\")
    if key in ("href", "xlink:href"):
        return None if value.startswith("#") and not _BAD_VALUE.search(value) else f"{key}={value!r}"
    if ("(" in value or ":" in value or "\\" in value or "@" in value) and _BAD_VALUE.search(_LOCAL_URL.sub("", value)):
        return f"{key}={value!r}"     # (the membership tests first: path data is long and never matches)
    return None


def problems(svg: str) -> list[str]:
    """What `sanitise` would leave out or add ([] for markup that passes as it is); raises SVGError."""
    node, removed = _parse(svg)
    return removed + _missing_namespaces(node)


def _missing_namespaces(root: _Node) -> list[str]:
    names = {k for k, _ in root.attrs}
    missing = [] if "xmlns" in names else ["xmlns"]
    if "xmlns:xlink" not in names and _uses_xlink(root):
        missing.append("xmlns:xlink")
    return missing


def _uses_xlink(node: _Node) -> bool:
    return any(k.startswith("xlink:") for k, _ in node.attrs) or any(
        isinstance(c, _Node) and _uses_xlink(c) for c in node.children)


def sanitise(svg: str) -> str:
    """Safe SVG markup starting at ``<svg`` (see the module notes); the same text when nothing was wrong."""
    root, removed = _parse(svg)
    missing = _missing_namespaces(root)
    start = svg.find("<")
    if not removed and not missing and svg.startswith("<svg", start) and start == len(svg) - len(svg.lstrip()):
        return svg[start:]
    extra = [("xmlns", SVG_NS)] if "xmlns" in missing else []
    extra += [("xmlns:xlink", XLINK_NS)] if "xmlns:xlink" in missing else []
    root.attrs = extra + root.attrs
    out: list[str] = []
    _write(root, out)
    return "".join(out) + "\n"


def _write(node: _Node, out: list[str]) -> None:
    out.append("<" + node.name)
    for key, value in node.attrs:
        out.append(f' {key}="{_attr(value)}"')
    if not node.children:
        out.append("/>")
        return
    out.append(">")
    for child in node.children:
        if isinstance(child, _Node):
            _write(child, out)
        else:
            out.append(child.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    out.append(f"</{node.name}>")


def _attr(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


class _Stop(Exception):
    pass


def root_attributes(svg: str) -> dict[str, str]:
    """The root element's attributes as parsed (entity references resolved); reads no further than
    the root's start tag. Raises SVGError when that much is not well-formed."""
    parser = _parser()
    found: dict[str, str] = {}

    def start(_name, attributes):
        found.update(zip(attributes[::2], attributes[1::2]))
        raise _Stop

    parser.StartElementHandler = start
    try:
        parser.Parse(svg.encode("utf-8"), True)
    except _Stop:
        return found
    except (expat.ExpatError, _Refused) as exc:
        raise SVGError(f"图表的 SVG 不是有效的 XML（{exc}）。/ The chart's SVG is not well-formed XML.") from None
    raise SVGError("图表的 SVG 没有根元素。/ The chart's SVG has no root element.")
