"""Page flow that CSS alone cannot give WeasyPrint: figures that float to the next page, and "续表".

WeasyPrint has no page floats (``float: top``): a figure that does not fit in what is left of a
page moves to the next one (``break-inside: avoid``) and leaves a hole. :func:`page_flow` hooks
into WeasyPrint's pagination (``weasyprint.layout.page.make_page``, one call per page) and, when a
page ends right before a figure or a short table, above `FILL` of its body:

1. moves the figure after the text that follows it in the same section (paragraphs, lists, h3
   headings — up to the next h2, figure or table), and lays out that one page again, so the text
   fills the page;
2. then puts the figure where the next page begins: at the top of the next page (after the rest
   of a paragraph the page break splits).

Only the page in question is laid out again (pages before it are final, pages after it are laid out
from the new order), so this costs a page or two, not a second pass. Each figure moves at most
once. The figure keeps its number and id; the text refers to it by number.

Tables split across pages: WeasyPrint repeats the header (``thead``); the hook adds, on the
continuation pages only, the table's ``tr.cont`` header row ("续表 3.9　…", written by the
template, hidden on screen).

Everything here depends on WeasyPrint's internals (checked with 62–70). When they are not as
expected, the hook does nothing and the layout is plain WeasyPrint's.
"""
from __future__ import annotations

import contextlib
import copy

#: A page ending before a figure is re-flowed when its content ends above this share of its body.
FILL = 0.75
#: Elements a figure may be moved past (the text that follows it).
_FLOWING = {"p", "ul", "ol", "h3", "h4", "blockquote", "dl"}


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    try:
        return set((element.get("class") or "").split())
    except AttributeError:
        return set()


def _own_element(box, parent) -> bool:
    """The box is the element's principal box (not an anonymous wrapper sharing the parent's element)."""
    return parent is None or getattr(box, "element", None) is not getattr(parent, "element", None)


def _floatable(box) -> bool:
    cls = _classes(box)
    return (box.element_tag == "figure" and "figure" in cls and "omitted" not in cls) or (
        box.element_tag == "div" and "table-block" in cls and "keep" in cls)


def _flowing(box) -> bool:
    return box.element_tag in _FLOWING or (box.element_tag == "div" and "callout" in _classes(box))


def _path(root, resume_at):
    """[(parent, index), …] from the root box down the resume position (None: end of document)."""
    out, box, stack = [], root, resume_at
    while stack:
        if len(stack) != 1:
            return None
        (index, stack), = stack.items()
        children = getattr(box, "children", None)
        if children is None or index >= len(children):
            return None
        out.append((box, index))
        box = children[index]
    return out


def _content_bottom(page) -> float:
    from weasyprint.formatting_structure import boxes
    bottom = page.content_box_y()
    stack = [page.children[0]] if page.children else []
    while stack:
        box = stack.pop()
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox)) or (
                isinstance(box, boxes.BlockLevelBox) and not getattr(box, "children", None)):
            bottom = max(bottom, box.position_y + box.margin_top + box.border_height())
            continue
        if isinstance(box, (boxes.BlockContainerBox, boxes.TableBox, boxes.TableRowGroupBox, boxes.TableRowBox,
                            boxes.TableCellBox, boxes.FlexContainerBox)) or hasattr(box, "children"):
            if getattr(box, "style", None) is not None and box.style["background_color"].alpha > 0 \
                    and box.element_tag not in ("html", "body"):
                bottom = max(bottom, box.position_y + box.margin_top + box.border_height())
            stack.extend(box.children or ())
    return bottom


def _fill(page) -> float:
    return (_content_bottom(page) - page.content_box_y()) / max(1.0, page.height)


class _Flow:
    def __init__(self, make_page):
        self.make_page = make_page
        self.moved: set[int] = set()
        self.cont_rows: dict[int, tuple] | None = None      # id(table box) -> (header group, row)
        self.moves: list[str] = []

    # -------------------------------------------------------- 续表 rows

    def _collect_cont_rows(self, root) -> None:
        from weasyprint.formatting_structure import boxes
        self.cont_rows = {}
        stack = [root]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.TableBox):
                for group in box.children:
                    if getattr(group, "is_header", False):
                        rows = [r for r in group.children if "cont" in _classes(r)]
                        if rows:
                            group.children = [r for r in group.children if "cont" not in _classes(r)]
                            self.cont_rows[id(box)] = (group, rows[0])
            # on into its cells too: a table laid out inside another (the briefings' two columns are a
            # CSS table in print) has its own 续表 row, which otherwise showed on its first page
            stack.extend(getattr(box, "children", None) or ())

    def _continued_tables(self, path) -> list[tuple]:
        from weasyprint.formatting_structure import boxes
        out = []
        for parent, index in path or ():
            if isinstance(parent, boxes.TableBox) and id(parent) in self.cont_rows:
                group, row = self.cont_rows[id(parent)]
                if parent.children[index] is not group:
                    out.append((group, row))
        return out

    # -------------------------------------------------------- one page

    def __call__(self, context, root_box, page_type, resume_at, page_number, page_state):
        if self.cont_rows is None:
            self._collect_cont_rows(root_box)
        saved = (copy.deepcopy(page_state), context.broken_out_of_flow, list(context.reported_footnotes),
                 list(context.footnotes))
        inserted = self._continued_tables(_path(root_box, resume_at))
        for group, row in inserted:
            group.children = [row] + list(group.children)
        try:
            result = self.make_page(context, root_box, page_type, resume_at, page_number, page_state)
            page, next_resume, _ = result
            retry = self._reflow(root_box, page, next_resume)
            if retry is None:
                return result
            self._restore(context, page_state, saved)
            result = self.make_page(context, root_box, page_type, resume_at, page_number, page_state)
            self._settle(root_box, retry, result[1])
            return result
        finally:
            for group, row in inserted:
                group.children = [c for c in group.children if c is not row]

    @staticmethod
    def _restore(context, page_state, saved) -> None:
        state, broken, reported, footnotes = saved
        for i, value in enumerate(copy.deepcopy(state)):       # the same objects the caller holds
            if isinstance(page_state[i], list):
                page_state[i][:] = value
            elif isinstance(page_state[i], dict):
                page_state[i].clear()
                page_state[i].update(value)
        context.broken_out_of_flow = broken
        context.reported_footnotes = reported
        context.footnotes[:] = footnotes

    def _reflow(self, root_box, page, next_resume):
        """When the page ends before a figure and too high: move the text that follows the figure (up to
        the next h2, or a table or block that does not flow) ahead of it and of the figures among that
        text, figures keeping their order; returns what :meth:`_settle` needs, else None."""
        path = _path(root_box, next_resume)
        if not path:
            return None
        parent, index = path[-1]
        figure = parent.children[index]
        if not _floatable(figure) or id(figure) in self.moved or not _own_element(figure, parent):
            return None
        children = list(parent.children)
        end = index + 1
        while end < len(children) and (_flowing(children[end]) or (
                _floatable(children[end]) and _own_element(children[end], parent))):
            end += 1
        run = children[index:end]
        texts = [c for c in run if not _floatable(c)]
        if not texts or _fill(page) >= FILL:
            return None
        self.moved.add(id(figure))
        figures = [c for c in run if _floatable(c)]
        parent.children = children[:index] + texts + figures + children[end:]
        return parent, index, run, texts, figures, path[:-1]

    def _settle(self, root_box, retry, next_resume) -> None:
        """The text that fitted stays on the page; the figure, and the figures that came before the rest
        of the text, go where the next page begins; the rest in its first order."""
        parent, index, run, texts, figures, prefix = retry
        path = _path(root_box, next_resume) or []
        if len(path) <= len(prefix) or any(a[0] is not b[0] or a[1] != b[1] for a, b in zip(path, prefix)) \
                or path[len(prefix)][0] is not parent:
            return                      # the page ends elsewhere: all of the text fitted
        k = path[len(prefix)][1] - index
        if k >= len(texts):
            self.moves.append(_label(run[0]))
            return                      # all of the text fitted: the figures follow it
        if len(path) > len(prefix) + 1:
            k += 1                      # the page breaks inside that block: the figures after it
        if k <= 0:
            parent.children = list(parent.children[:index]) + run + list(parent.children[index + len(run):])
            return                      # nothing more fitted: the first order
        placed = texts[:k]
        first_after = run.index(texts[k]) if k < len(texts) else len(run)
        ahead = [c for c in run[:first_after] if _floatable(c)]
        rest = [c for c in run if c not in placed and not any(c is a for a in ahead)]
        tail = list(parent.children[index + len(run):])
        parent.children = list(parent.children[:index]) + placed + ahead + rest + tail
        self.moves.append(_label(run[0]))


def _label(box) -> str:
    element = getattr(box, "element", None)
    return (element.get("id") if element is not None else None) or box.element_tag


@contextlib.contextmanager
def page_flow():
    """While active, WeasyPrint's pagination floats figures and marks continued tables (see module doc).
    Yields the list of the figures' ids it moved (in page order)."""
    try:
        from weasyprint.layout import page as P
        original = P.make_page
        from weasyprint.formatting_structure import boxes  # noqa: F401
    except (ImportError, AttributeError):
        yield []
        return
    flow = _Flow(original)
    P.make_page = flow
    try:
        yield flow.moves
    finally:
        P.make_page = original
