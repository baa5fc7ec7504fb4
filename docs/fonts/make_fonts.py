#!/usr/bin/env python3
"""How templates/static/fonts/ was made: Adobe's Source Serif 4 and Source Sans 3 (SIL Open
Font License 1.1), cut to the letters of Latin and Cyrillic scripts and saved as WOFF2.

    npm install --prefix /tmp/fontsrc source-serif@4.5.1 source-sans@3.52.0
    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools brotli
    /tmp/fontvenv/bin/python docs/fonts/make_fonts.py /tmp/fontsrc/node_modules templates/static/fonts

The serif is fixed at one optical size (20, its text design) and one weight a file: a page
downloads only the faces it uses (regular everywhere; italic and semibold where its text
has them). The sans keeps its weight axis from 400 to 700 in one file, for headings and
the interface.

The licence reserves the font name "Source" to Adobe's own fonts: a cut-down copy is a
Modified Version, so these carry names of their own ("Claimsite Serif", "Claimsite Sans"),
as the licence asks, and its text ships beside them (OFL.txt).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

# Basic Latin, Latin-1, Latin Extended-A, Romanian commas, the accents Cyrillic and Latin
# text use, Cyrillic with Ukrainian and Kazakh letters, punctuation, euro, hryvnia, numero,
# trade mark, arrows, minus.
UNICODES = ("U+0000-017F,U+0218-021B,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0300-0301,U+0304,"
            "U+0308,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2000-206F,U+20AC,U+20B4,U+2116,"
            "U+2122,U+2190-2193,U+2212,U+2215,U+FEFF,U+FFFD")

FACES = [  # (source file, axes kept or fixed, family, style, file name)
    ("source-serif/VAR/SourceSerif4Variable-Roman.ttf", {"opsz": 20, "wght": 400},
     "Claimsite Serif", "Regular", "claimsite-serif-regular.woff2"),
    ("source-serif/VAR/SourceSerif4Variable-Italic.ttf", {"opsz": 20, "wght": 400},
     "Claimsite Serif", "Italic", "claimsite-serif-italic.woff2"),
    ("source-serif/VAR/SourceSerif4Variable-Roman.ttf", {"opsz": 20, "wght": 600},
     "Claimsite Serif", "Semibold", "claimsite-serif-semibold.woff2"),
    ("source-sans/VF/SourceSans3VF-Upright.ttf", {"wght": (400, 700)},
     "Claimsite Sans", "Regular", "claimsite-sans.woff2"),
]


def make(source: Path, axes: dict, family: str, style: str, target: Path) -> None:
    font = instancer.instantiateVariableFont(TTFont(source), axes)
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    font = TTFont(buffer)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features += ["tnum", "lnum", "pnum", "case"]
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]  # copyright, names, licence
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    rename(font, family, style)
    font.flavor = "woff2"
    font.save(target)
    print(f"{target}: {target.stat().st_size:,} bytes")


def rename(font: TTFont, family: str, style: str) -> None:
    """New names in every record that carries the family's name (the licence's terms for a
    Modified Version of a font with a Reserved Font Name); STAT's and fvar's names stay."""
    names = font["name"]
    full = family if style == "Regular" else f"{family} {style}"
    wanted = {1: family, 2: style, 3: f"{full};claimsite", 4: full,
              6: full.replace(" ", "-"), 16: family, 17: style}
    for record in list(names.names):
        if record.nameID in wanted:
            names.removeNames(nameID=record.nameID)
    for name_id, text in wanted.items():
        names.setName(text, name_id, 3, 1, 0x409)
    for record in names.names:  # named instances' PostScript names (SourceSans3VF-Bold)
        text = record.toUnicode()
        if record.nameID > 255 and "Source" in text:
            record.string = text.replace("SourceSans3VF", "ClaimsiteSans").replace("SourceSerif4", "ClaimsiteSerif")


def main() -> None:
    packages, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    for source, axes, family, style, name in FACES:
        make(packages / source, axes, family, style, target / name)


if __name__ == "__main__":
    main()
