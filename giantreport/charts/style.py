"""The house style of every chart: palette, type sizes, number formats, one rc context.

Charts are drawn for an A4 page with a ~16 cm text column, so the full chart width is
16 cm and type sizes are given in pt at that size (the SVG is placed at 100 % width).
Nothing here mutates matplotlib's global rcParams: drawing happens inside
`house_style()`, an `rc_context` that restores the caller's settings afterwards.

Bump STYLE_VERSION whenever a change here (or in a drawing function) changes the
output for the same data: it is part of the chart cache key.

Colours come from a `Palette`: the house colours below, or one derived from the publisher's
theme (`Palette.of(config.profile)`). Chart code reads them from `palette()`, the palette in use;
`using(palette)` sets it while a figure's data is read and while it is drawn (charts/base.py does
both, from the palette the figure's Spec records), so the palette is part of every Spec and of the
chart cache key.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STYLE_VERSION = "3"     # 3: labels never read as mathtext ($…$ drawn as typed), long names shortened
STYLE_VERSION += "+words3"   # house style of docs/style.md on every chart text, means to two decimals
STYLE_VERSION += "+labels2"  # labels measured and kept apart (grouped bars too), rate axes, minimum bar width, per-figure sources
STYLE_VERSION += "+ticks1"   # tick labels with the decimals their step needs; count axes in whole companies

# ------------------------------------------------------------------ geometry (inches)

CM = 1 / 2.54
WIDTH = 16 * CM                 # full text width
HALF = 7.8 * CM                 # a chart beside text or a second chart (fact sheets)

# ------------------------------------------------------------------ type sizes (pt)

SIZE = 8.0          # tick labels, legend, axis labels
SMALL = 7.0         # value labels on bars, annotations
PANEL = 8.5         # panel headings inside multi-panel charts
UNIT = 7.5          # "单位：家" line

# ------------------------------------------------------------------ palette

INK = "#2f3640"         # text
MUTED = "#6b7580"       # secondary text (units, notes inside charts)
SPINE = "#9aa3ab"
GRID = "#e4e7ea"

# Batches are ordinal: a light-to-dark blue ramp, the newest batch darkest.
BATCH_COLOURS = ("#9ecae1", "#5b9bd0", "#2b6cb0", "#163f73")
TOTAL = "#454f5a"       # 全部小巨人 (all batches together)
ASHARE = "#a9b1b9"      # A 股上市企业 comparator
NATIONAL = "#d3d8dc"    # 全国企业 comparator
ACCENT = "#e07a2f"      # rates, cumulative lines, reference lines
# Measures shown side by side (nested quantities read well as a ramp, darkest = largest).
SERIES = ("#24507a", "#74a9cf", "#bcd6ea")

INDUSTRY_COLOURS = ("#1f4e79", "#3f7fbf", "#8ab8e0", "#2e8b7a", "#86c7b6",
                    "#b5832a", "#e2bd6e", "#9c5a4c", "#cdd2d7")   # last one: 其他


def batch_colours(n: int, ramp: tuple[str, ...] = BATCH_COLOURS) -> list[str]:
    """n ordinal colours: the four colours of `ramp`, interpolated along it for n ≠ 4."""
    if n == len(ramp):
        return list(ramp)
    if n <= 1:
        return [ramp[-1]] * max(n, 0)
    stops = [_rgb(c) for c in ramp]
    out = []
    for i in range(n):
        t = i / (n - 1) * (len(stops) - 1)
        j = min(int(t), len(stops) - 2)
        f = t - j
        out.append(_hex(tuple(a + (b - a) * f for a, b in zip(stops[j], stops[j + 1]))))
    return out


# ------------------------------------------------------------------ the publisher's palette

#: Shares of the primary colour on white along a themed batch ramp (lightest → newest batch = primary),
#: for the themed series (dark, mid, light) and for the three blues of the industry colours.
THEMED_RAMP = (0.4, 0.6, 0.8, 1.0)
THEMED_SERIES = (1.0, 0.55, 0.3)
THEMED_INDUSTRY = (1.0, 0.7, 0.4)
#: Lines and text drawn in a themed colour on the white page: WCAG 2.1 for graphics and large text.
MIN_LINE_CONTRAST = 3.0


@dataclass(frozen=True)
class Palette:
    """The colours a chart draws its data in. The defaults are the house colours; comparators
    (A 股, 全国), the 全部小巨人 total and the greys of text and axes are the same in every palette."""
    name: str = "house"
    batches: tuple[str, ...] = BATCH_COLOURS     # ordinal ramp, newest batch darkest
    series: tuple[str, ...] = SERIES             # main series: dark, mid, light
    accent: str = ACCENT                         # rates, cumulative lines, reference lines
    industries: tuple[str, ...] = INDUSTRY_COLOURS
    total: str = TOTAL
    ashare: str = ASHARE
    national: str = NATIONAL

    def batch_colours(self, n: int) -> list[str]:
        return batch_colours(n, self.batches)

    @property
    def identity(self) -> str:
        """Every colour, in order: the palette's part of the chart cache key."""
        return ",".join((self.name, *self.batches, *self.series, self.accent, *self.industries,
                         self.total, self.ashare, self.national))

    @classmethod
    def themed(cls, primary: str, accent: str) -> Palette:
        """A palette from the publisher's two colours: batch ramp, series and the industry blues are
        tints of `primary` on white (THEMED_RAMP, THEMED_SERIES, THEMED_INDUSTRY); rates and reference
        lines are `accent`. The full-strength colours (drawn as text and thin lines) are darkened
        until they reach MIN_LINE_CONTRAST on white (a validated profile never needs it)."""
        from ..publisher import mix
        primary, accent = readable(primary.lower()), readable(accent.lower())
        def tints(shares):
            return tuple(mix(primary, "#ffffff", share) for share in shares)
        return cls(name=f"theme {primary} {accent}", batches=tints(THEMED_RAMP), series=tints(THEMED_SERIES),
                   accent=accent, industries=tints(THEMED_INDUSTRY) + INDUSTRY_COLOURS[3:])

    @classmethod
    def of(cls, profile) -> Palette:
        """The palette of a publisher profile (config.profile): themed when a [publisher] table was
        given with colours other than the house ones, else the house palette."""
        from ..publisher import DEFAULT_ACCENT, DEFAULT_PRIMARY
        if profile is None or not profile.given or (profile.primary, profile.accent) == (DEFAULT_PRIMARY,
                                                                                         DEFAULT_ACCENT):
            return HOUSE
        return cls.themed(profile.primary, profile.accent)


HOUSE = Palette()


def readable(colour: str, minimum: float = MIN_LINE_CONTRAST) -> str:
    """`colour`, or the first of it darkened in steps of 5 % black that reaches `minimum` contrast on white."""
    from ..publisher import contrast, mix
    for step in range(21):
        darker = mix(colour, "#000000", 1 - step / 20)
        if contrast(darker, "#ffffff") >= minimum:
            return darker
    return "#000000"


_IN_USE: ContextVar[Palette] = ContextVar("giantreport_chart_palette", default=HOUSE)


def palette() -> Palette:
    """The palette in use (the house palette unless inside `using`)."""
    return _IN_USE.get()


@contextmanager
def using(chosen: Palette):
    """Charts read and drawn inside use `chosen` (charts/base.py: around a figure's data and its drawing)."""
    token = _IN_USE.set(chosen)
    try:
        yield
    finally:
        _IN_USE.reset(token)


def text_on(colour: str) -> str:
    """Readable label colour on a filled area of `colour`."""
    from ..publisher import contrast
    r, g, b = _rgb(colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    text, other = ("white", INK) if luminance < 0.55 else (INK, "white")
    # the rule above can misjudge a saturated colour (never a house one): then the other reads better;
    # one of white and INK always reaches 3.5:1 on any colour
    if contrast(colour, "#ffffff" if text == "white" else text) < MIN_LINE_CONTRAST:
        return other
    return text


def _rgb(colour: str) -> tuple[float, float, float]:
    c = colour.lstrip("#")
    return tuple(int(c[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


# ------------------------------------------------------------------ fonts

FAMILY_FALLBACKS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei")
SHIPPED_FAMILY = "Giant Sans SC"


def _shipped_font_files() -> list[Path]:
    try:
        from ..resources import asset_path
    except ImportError:          # pragma: no cover - package layout
        return []
    return [p for p in (asset_path("fonts/GiantSans-Regular.otf"), asset_path("fonts/GiantSans-Bold.otf"))
            if p.is_file()]


def font_identity() -> str:
    """Cheap fingerprint of the font the charts will use (no matplotlib import): cache-key input."""
    files = _shipped_font_files()
    if files:
        return ";".join(f"{p.name}:{p.stat().st_size}" for p in files)
    return "system:" + ",".join(FAMILY_FALLBACKS)


@cache
def font_family() -> tuple[str, ...]:
    """Register the report font with matplotlib once; the family list the charts ask for.

    Prefers the project's `giantreport.render.fonts.setup_matplotlib()` (run inside an
    rc_context so only its font registration outlives the call), then the shipped subset
    font, then a system CJK font.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    family: list[str] = []
    try:
        from ..render.fonts import setup_matplotlib  # type: ignore[import-not-found]
    except ImportError:
        setup_matplotlib = None
    if setup_matplotlib is not None:
        with mpl.rc_context():
            setup_matplotlib()
            configured = mpl.rcParams["font.family"]
            if configured and configured[0] in ("sans-serif", "sans"):
                configured = mpl.rcParams["font.sans-serif"]
            family = [f for f in configured if f not in ("sans-serif", "sans", "serif")][:1]
    if not family:
        for path in _shipped_font_files():
            font_manager.fontManager.addfont(str(path))
        names = {f.name for f in font_manager.fontManager.ttflist}
        family = [f for f in (SHIPPED_FAMILY, *FAMILY_FALLBACKS) if f in names][:1]
    # One family only: every extra family is a fallback font matplotlib consults for every
    # string it lays out (a third of the drawing time). The shipped font covers the 8,105
    # characters of 通用规范汉字表 plus Latin and punctuation; a character outside it draws
    # as an empty box (matplotlib logs a warning naming it).
    return tuple(family) if family else ("sans-serif",)


# ------------------------------------------------------------------ rc context

# How chart text is written into the SVG:
#   "none" (default): real <text> elements naming the report font. Small (the 19 report
#       charts are ~0.3 MB instead of ~1.2 MB), selectable and searchable in the PDF, and
#       WeasyPrint renders a page of them ~5x faster than outlines. The page must provide
#       the font: @font-face 'Giant Sans SC' (regular and bold) from fonts/GiantSans-*.otf
#       — the same font matplotlib measured the text with, so layout is exact.
#   "path": every glyph as an outline: looks the same without any font, ~4x larger.
SVG_FONTTYPE = "none"
CSS_FAMILY_FALLBACKS = "'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"


def rc(salt: str) -> dict:
    from cycler import cycler

    return {
        "font.family": list(font_family()),
        "font.size": SIZE,
        "axes.unicode_minus": False,
        # Labels come from the data: "$\\frac{1}{2}$区" is drawn as typed, never as mathtext or TeX.
        "text.parse_math": False,
        "text.usetex": False,
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": SPINE,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": PANEL,
        "axes.titleweight": "bold",
        "axes.titlepad": 4,
        "axes.titlelocation": "left",
        "axes.labelsize": SIZE,
        "axes.grid": False,
        "axes.axisbelow": True,
        "axes.prop_cycle": cycler(color=list(palette().series)),
        "grid.color": GRID,
        "grid.linewidth": 0.6,
        "xtick.color": SPINE,
        "ytick.color": SPINE,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": SIZE,
        "ytick.labelsize": SIZE,
        "xtick.major.size": 2.5,
        "ytick.major.size": 2.5,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "legend.fontsize": SIZE,
        "legend.frameon": False,
        "legend.handlelength": 1.2,
        "legend.handleheight": 0.8,
        "legend.handletextpad": 0.4,
        "legend.columnspacing": 1.2,
        "legend.borderaxespad": 0.2,
        "lines.linewidth": 1.4,
        "lines.markersize": 4,
        "patch.linewidth": 0,
        "hatch.linewidth": 0.5,
        "figure.dpi": 72,
        "savefig.dpi": 72,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "savefig.transparent": False,
        "svg.fonttype": SVG_FONTTYPE,
        "svg.hashsalt": f"giantreport-{salt}",
        "svg.id": None,
    }


@contextmanager
def house_style(salt: str):
    """Everything drawn inside uses the house style; `salt` (the figure key) keeps the SVG's
    internal ids deterministic and distinct between figures inlined in one HTML page."""
    import matplotlib as mpl

    with mpl.rc_context(rc(salt)):
        yield
