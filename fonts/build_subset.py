#!/usr/bin/env python3
"""Rebuild the bundled subset fonts ``GiantSans-{Regular,Bold}.otf``.

Inputs (Debian packages, nothing is downloaded):

* ``fonts-noto-cjk`` -- ``/usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc``;
  the face whose family name is "Noto Sans CJK SC" is used.
* ``unicode-data`` -- ``/usr/share/unicode/Unihan_*.txt.bz2``; the ``kTGH``
  field lists the 8105 characters of 通用规范汉字表 (2013).

Output is deterministic: the same inputs and the same fontTools version give
byte-identical files (no timestamps, fixed subsetter options, sorted inputs).

Usage::

    apt-get install -y fonts-noto-cjk unicode-data
    python fonts/build_subset.py            # writes fonts/*.otf, charset.txt, OFL.txt
    python fonts/build_subset.py --check    # rebuild in memory, compare with the files
"""
from __future__ import annotations

import argparse
import bz2
import hashlib
import io
import sys
import unicodedata
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
UNIHAN_DIR = Path("/usr/share/unicode")
SOURCE_FAMILY = "Noto Sans CJK SC"

FAMILY = "Giant Sans SC"
PS_FAMILY = "GiantSansSC"
FILE_STEM = "GiantSans"
STYLES = ("Regular", "Bold")

# fontTools version the committed files were built with. Another version may
# produce a (valid but) different binary; the script warns about that.
BUILT_WITH_FONTTOOLS = "4.68.0"

# 2015-01-01T00:00:00Z in seconds since 1904-01-01 (the OpenType epoch).
FIXED_TIMESTAMP = 3502828800

# Layout features kept: fontTools' defaults minus 'locl'. In the SC face 'locl'
# only maps to the Japanese/Korean/Traditional glyph variants (JAN/KOR/ZHT/ZHH
# language systems); keeping it would pull thousands of glyphs the Simplified
# Chinese reports never use.
DROPPED_FEATURES = {"locl"}

# Non-Han blocks requested on top of the character lists. Only code points the
# source face actually maps are kept (see build_charset()).
EXTRA_RANGES: list[tuple[int, int, str]] = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A (pinyin tone marks)"),
    (0x01CD, 0x01DC, "Latin Extended-B pinyin (ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ)"),
    (0x0251, 0x0251, "ɑ"),
    (0x0261, 0x0261, "ɡ"),
    (0x02C6, 0x02DD, "spacing modifier letters (ˇ ˉ ˊ ˋ ˙ …)"),
    (0x0370, 0x03FF, "Greek"),
    (0x0401, 0x0451, "Cyrillic (as in GB2312)"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "superscripts and subscripts"),
    (0x20A0, 0x20CF, "currency symbols"),
    (0x2100, 0x214F, "letterlike symbols (℃ № ℉ ™ …)"),
    (0x2150, 0x218F, "number forms (Ⅰ–Ⅻ ⅰ–ⅹ)"),
    (0x2190, 0x21FF, "arrows"),
    (0x2200, 0x22FF, "mathematical operators"),
    (0x2460, 0x24FF, "enclosed alphanumerics (①–⑳ …)"),
    (0x2500, 0x257F, "box drawing"),
    (0x2580, 0x259F, "block elements"),
    (0x25A0, 0x25FF, "geometric shapes (■□▲△●○◆ …)"),
    (0x2600, 0x2613, "misc symbols (★☆ …)"),
    (0x2640, 0x2642, "♀ ♂"),
    (0x2714, 0x2714, "✔"),
    (0x2716, 0x2716, "✖"),
    (0x2E80, 0x2EFF, "CJK radicals supplement"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x30FF, "kana (as in GB2312)"),
    (0x3105, 0x312F, "bopomofo"),
    (0x3220, 0x3243, "parenthesized ideographs (㈠ …)"),
    (0x3280, 0x32B0, "circled ideographs (㊀ …)"),
    (0x32A3, 0x32A3, "㊣"),
    (0x338E, 0x33D5, "CJK unit squares (㎎ ㎏ ㎡ …)"),
    (0xFE30, 0xFE4F, "CJK compatibility forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]


def find_face(ttc_path: Path) -> int:
    collection = TTCollection(str(ttc_path), lazy=True)
    try:
        for index, face in enumerate(collection.fonts):
            if face["name"].getDebugName(1) == SOURCE_FAMILY:
                return index
    finally:
        collection.close()
    raise SystemExit(f"{SOURCE_FAMILY!r} not found in {ttc_path}")


def tgh_chars() -> list[str]:
    """The 8105 characters of 通用规范汉字表 from Unihan's kTGH field."""
    found: dict[int, str] = {}
    for path in sorted(UNIHAN_DIR.glob("Unihan_*.txt.bz2")):
        with bz2.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if "\tkTGH\t" not in line:
                    continue
                code, _field, value = line.rstrip("\n").split("\t")
                # value is e.g. "2013:1234" (possibly several, space separated)
                pos = min(int(v.split(":")[1]) for v in value.split())
                found[pos] = chr(int(code[2:], 16))
    if sorted(found) != list(range(1, 8106)):
        raise SystemExit(f"kTGH data incomplete: {len(found)} entries (expected 8105); "
                         "install Debian's unicode-data >= 11")
    return [found[i] for i in range(1, 8106)]


def decode_charset(codec: str, lead: range, trail: range) -> set[str]:
    out: set[str] = set()
    for hi in lead:
        for lo in trail:
            try:
                ch = bytes((hi, lo)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1 and not (0xE000 <= ord(ch) <= 0xF8FF):  # skip PUA
                out.add(ch)
    return out


def is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def requested_codepoints() -> dict[int, str]:
    """code point -> first source that asked for it (for the README stats)."""
    req: dict[int, str] = {}
    for ch in tgh_chars():
        req.setdefault(ord(ch), "tgh")
    for ch in sorted(decode_charset("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))):
        req.setdefault(ord(ch), "gb2312")
    # GBK symbols (not its 21k ideographs): ㎡ ㏄ ‰ ℡ ﹏ etc.
    for ch in sorted(decode_charset("gbk", range(0x81, 0xFF), range(0x40, 0xFF))):
        if not is_han(ch) and not unicodedata.category(ch).startswith("C"):
            req.setdefault(ord(ch), "gbk-symbols")
    for lo, hi, _label in EXTRA_RANGES:
        for cp in range(lo, hi + 1):
            req.setdefault(cp, "ranges")
    return req


def build_charset(cmap: dict[int, str]) -> tuple[list[int], dict[str, int], list[int]]:
    req = requested_codepoints()
    keep = sorted(cp for cp in req if cp in cmap)
    missing_required = sorted(cp for cp, src in req.items()
                              if src in ("tgh", "gb2312") and cp not in cmap)
    stats: dict[str, int] = {}
    for cp in keep:
        stats[req[cp]] = stats.get(req[cp], 0) + 1
    return keep, stats, missing_required


def rename(font: TTFont, style: str, source_version: str) -> None:
    name = font["name"]
    copyright_ = name.getDebugName(0)
    keep = {nid: name.getDebugName(nid) for nid in (0, 8, 9, 11, 12, 13, 14)}
    name.names = []
    ps_name = f"{PS_FAMILY}-{style}"
    records = {
        **keep,
        0: copyright_,
        1: FAMILY,
        2: style,
        3: f"{source_version};GIANT;{ps_name}",
        4: f"{FAMILY} {style}",
        5: f"Version {source_version}; subset of {SOURCE_FAMILY} for giantreport",
        6: ps_name,
        10: (f"Modified Version (subset and renamed) of {SOURCE_FAMILY} {source_version}, "
             "made for the giantreport PDF reports. Licensed under the SIL Open Font License 1.1."),
    }
    for nid in sorted(records):
        name.setName(records[nid], nid, 3, 1, 0x409)  # Windows, Unicode BMP, en-US
    # Rename the CFF font too so the PostScript names agree with name ID 6.
    cff = font["CFF "].cff  # renamed before any conversion to TrueType outlines
    top = cff[0]
    old_ps = cff.fontNames[0]
    cff.fontNames = [ps_name]
    top.FullName = f"{FAMILY} {style}"
    top.FamilyName = FAMILY
    if hasattr(top, "FDArray"):
        for fd in top.FDArray:
            if getattr(fd, "FontName", None):
                fd.FontName = fd.FontName.replace(old_ps, ps_name, 1)
    font["head"].created = FIXED_TIMESTAMP
    font["head"].modified = FIXED_TIMESTAMP


def subset_options() -> subset.Options:
    opts = subset.Options()
    opts.layout_features = sorted(set(opts._layout_features_default) - DROPPED_FEATURES)
    opts.hinting = True
    opts.desubroutinize = False
    opts.notdef_outline = True
    opts.notdef_glyph = True
    opts.recalc_timestamp = False
    opts.recalc_bounds = True
    opts.prune_unicode_ranges = True
    opts.prune_codepage_ranges = True
    opts.name_IDs = ["*"]
    opts.name_languages = [0x409]
    opts.name_legacy = False
    opts.glyph_names = False
    opts.legacy_kern = False
    opts.retain_gids = False
    opts.symbol_cmap = False
    opts.legacy_cmap = False
    opts.canonical_order = True
    # True: fontTools adds bidi-mirrored partners (e.g. ∌ for ∉) that the font lacks.
    opts.ignore_missing_unicodes = True
    return opts


def cff_to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """Replace the CFF outlines by quadratic TrueType ('glyf') ones, in place.

    Optional (``--outlines truetype``): matplotlib's PDF/PS backends embed any
    font as TrueType (Type 42), which is invalid for CFF outlines (Ghostscript
    then draws no text). Hints are dropped; the curve error is ≤ max_err units
    (of 1000 per em).
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for gname in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[gname].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf[gname] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                 "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def identity_cids(data: bytes) -> bytes:
    """Renumber the CID-keyed CFF so that CID == glyph index (0, 1, 2, ...).

    After subsetting, glyph *i* keeps its original CID (e.g. cid12345). PDF
    writers such as WeasyPrint write glyph indices as CIDs (Identity-H with a
    CIDFontType0 font), so PDF readers that honour the CFF charset (Ghostscript,
    Acrobat) would then draw the wrong glyphs or .notdef. Only the CFF table
    changes: the other tables address glyphs by index and are copied verbatim.
    """
    font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False, recalcBBoxes=False)
    old = font.getGlyphOrder()  # decompiles 'CFF ' only
    top = font["CFF "].cff[0]
    if not hasattr(top, "ROS"):
        return data
    new = [".notdef"] + [f"cid{i:05d}" for i in range(1, len(old))]
    char_strings = top.CharStrings
    char_strings.charStrings = {new[i]: char_strings.charStrings[old[i]] for i in range(len(old))}
    top.charset = new
    top.CIDCount = len(new)
    font.setGlyphOrder(new)
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def build_one(style: str, outlines: str = "cff") -> tuple[bytes, list[int], dict[str, int], str]:
    ttc = NOTO_DIR / f"NotoSansCJK-{style}.ttc"
    index = find_face(ttc)
    font = TTFont(str(ttc), fontNumber=index, lazy=False)
    source_version = f"{font['head'].fontRevision:.3f}"
    copyright_notice = font["name"].getDebugName(0)
    cmap = font.getBestCmap()
    keep, stats, missing = build_charset(cmap)
    if missing:
        raise SystemExit(f"{style}: source font lacks required characters: "
                         + "".join(chr(c) for c in missing))
    subsetter = subset.Subsetter(options=subset_options())
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    rename(font, style, source_version)
    if outlines == "truetype":
        cff_to_truetype(font)
    font.recalcTimestamp = False  # keep FIXED_TIMESTAMP in head.modified
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    data = buf.getvalue() if outlines == "truetype" else identity_cids(buf.getvalue())
    return data, keep, stats, copyright_notice


def ofl_text(copyright_notice: str) -> str:
    """OFL 1.1 text from Debian's copyright file, preceded by the font's notice."""
    path = Path("/usr/share/doc/fonts-noto-cjk/copyright")
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("License: SIL-1.1") + 1)
    body: list[str] = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    header = [
        f"GiantSans-Regular.otf, GiantSans-Bold.otf ({FAMILY}): Modified Version of",
        f"{SOURCE_FAMILY} (Noto CJK fonts, derived from Source Han Sans).",
        "",
        copyright_notice,
        "Copyright 2010-2012 Google Corporation (per Debian's fonts-noto-cjk copyright file).",
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at:",
        "https://openfontlicense.org",
        "",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


def charset_text(codepoints: list[int]) -> str:
    """One line per Unicode block-ish group of 64 code points, prefixed by U+XXXX."""
    lines = [
        "# Characters covered by GiantSans-Regular.otf / GiantSans-Bold.otf",
        f"# {len(codepoints)} code points; each line: first code point, then the characters",
        "# (control/space characters are listed by code point only)",
    ]
    rows: dict[int, list[int]] = {}
    for cp in codepoints:
        rows.setdefault(cp // 64, []).append(cp)
    for key in sorted(rows):
        cps = rows[key]
        shown = "".join(chr(c) if unicodedata.category(chr(c))[0] not in "CZ" else "" for c in cps)
        blanks = [f"U+{c:04X}" for c in cps if unicodedata.category(chr(c))[0] in "CZ"]
        extra = (" [" + " ".join(blanks) + "]") if blanks else ""
        lines.append(f"U+{cps[0]:04X}\t{shown}{extra}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: fonts/)")
    parser.add_argument("--outlines", choices=("cff", "truetype"), default="cff",
                        help="outline format; the committed files are 'cff' (see README)")
    parser.add_argument("--check", action="store_true",
                        help="rebuild and compare with the existing files instead of writing")
    args = parser.parse_args()
    if fontTools.version != BUILT_WITH_FONTTOOLS:
        print(f"warning: fontTools {fontTools.version}; committed fonts were built with "
              f"{BUILT_WITH_FONTTOOLS}, output may differ byte-wise", file=sys.stderr)
    outputs: dict[str, bytes] = {}
    charsets = []
    for style in STYLES:
        data, keep, stats, notice = build_one(style, args.outlines)
        outputs[f"{FILE_STEM}-{style}.otf"] = data
        charsets.append(keep)
        print(f"{style}: {len(keep)} code points {stats}; {len(data):,} bytes; "
              f"sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    if charsets[0] != charsets[1]:
        raise SystemExit("Regular and Bold cover different code points")
    outputs["charset.txt"] = charset_text(charsets[0]).encode("utf-8")
    outputs["OFL.txt"] = ofl_text(notice).encode("utf-8")
    status = 0
    for fname, data in outputs.items():
        target = args.out / fname
        if args.check:
            same = target.exists() and target.read_bytes() == data
            print(f"{fname}: {'identical' if same else 'DIFFERS'}")
            status |= 0 if same else 1
        else:
            target.write_bytes(data)
            print(f"wrote {target}")
    return status


if __name__ == "__main__":
    sys.exit(main())
