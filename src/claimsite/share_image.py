"""A claim's share image: the picture a social network or chat shows beside a link to the
claim's page (og:image). It shows the speaker's words (or, where no report quotes them,
the editors' summary, labelled so), the speaker, the date and the site's name.

What an image shows is worked out first (`Drawn`, from the records alone): the page kind
reads that and nothing else (recorded.py, `s:` names), so an edit redraws only the images
whose words, speaker, date or site changed. The fonts are shipped in fonts/ (DejaVu, see
fonts/LICENSE.txt): never the machine's, so every machine draws the same bytes, Cyrillic
included.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .compare import lead
from .model import Claim, Content

SIZE = (1200, 630)  # what Facebook, LinkedIn and X show largest (1.91:1)
FONTS = Path(__file__).resolve().parent / "fonts"
WORDS_FONT, NAME_FONT = "DejaVuSerif.ttf", "DejaVuSans-Bold.ttf"

PAPER, INK = (250, 248, 243), (28, 28, 30)
MARGIN = 80
WORDS_TOP, WORDS_BOTTOM = 130, 470  # the words' box; the speaker and date below it
WORD_SIZES = (54, 46, 40, 34, 30)  # the largest size the words fit in, else the smallest, cut


@dataclass(frozen=True)
class Drawn:
    """Everything a share image shows, as text: equal Drawn, equal image."""

    words: str  # the quote as printed (or its translation, as the page leads with), or the summary
    quoted: bool  # the speaker's words; False: the editors' summary, shown under `label`
    label: str  # "Editors' summary" in the interface's language, for a summary
    speaker: str
    when: str  # the date said, as the pages write it; "" if not given
    site: str  # the site's name


def what_is_drawn(content: Content, claim: Claim, language: str, interface) -> Drawn:
    """The share image of `claim` on the pages in `language`: the words its page leads with."""
    site = content.site
    report, translated = lead(claim, site.language, language)
    speaker = content.people[claim.speaker]
    if report is not None:
        words, quoted, label = report.translation if translated else report.quote, True, ""
    else:
        words, quoted = claim.assertion_in(language, site.language)[0], False
        label = interface.gettext("Editors' summary")
    return Drawn(words=words, quoted=quoted, label=label,
                 speaker=speaker.names.get(language, speaker.name),
                 when=interface.date(claim.date) if claim.date else "",
                 site=site.in_language(language).title)


def draw(drawn: Drawn) -> bytes:
    """The PNG of a share image. Drawn in 256 shades from paper to ink (antialiased text,
    one byte a pixel) and written with light compression: a third of the time of a colour
    image at the best compression, for a file about as small (the picture is mostly flat)."""
    from PIL import Image, ImageDraw

    width, height = SIZE
    image = Image.new("L", SIZE, 255)  # 255 is paper, 0 ink: the palette below
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 15, height), fill=0)
    small = _font(NAME_FONT, 28)
    pen.text((MARGIN, 56), _fitting(drawn.site, small, width - 2 * MARGIN), font=small, fill=110)

    top = WORDS_TOP
    if drawn.label:
        pen.text((MARGIN, top), drawn.label, font=small, fill=110)
        top += 50
    words = f"“{drawn.words}”" if drawn.quoted else drawn.words
    size, lines = _layout(words, width - 2 * MARGIN, WORDS_BOTTOM - top)
    font = _font(WORDS_FONT, size)
    for number, line in enumerate(lines):
        pen.text((MARGIN, top + number * _leading(size)), line, font=font, fill=0)

    name = _font(NAME_FONT, 34)
    byline = " · ".join(part for part in (drawn.speaker, drawn.when) if part)
    pen.text((MARGIN, 520), _fitting(byline, name, width - 2 * MARGIN), font=name, fill=0)
    image.putpalette(_PALETTE)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _layout(text: str, width: int, height: int) -> tuple[int, list[str]]:
    """The largest size at which `text` fits the box, and its lines; at the smallest size
    the lines that fit, the last ending in "…" where the words go on."""
    for size in WORD_SIZES:
        font = _font(WORDS_FONT, size)
        lines = _wrap(text, font, width)
        room = max(1, height // _leading(size))
        if len(lines) <= room or size == WORD_SIZES[-1]:
            if len(lines) > room:
                lines = lines[:room]
                lines[-1] = _fitting(lines[-1] + " …", font, width, cut=True)
            return size, lines
    raise AssertionError("unreachable")


def _wrap(text: str, font, width: int) -> list[str]:
    """Lines of whole words at most `width` wide (a longer word is cut to fit)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        tried = f"{line} {word}" if line else word
        if line and font.getlength(tried) > width:
            lines.append(line)
            tried = word
        line = _fitting(tried, font, width)
    return lines + [line] if line else lines


def _fitting(text: str, font, width: int, cut: bool = False) -> str:
    """`text`, shortened with "…" until it is at most `width` wide (`cut`: it ends in "…"
    already, and is shortened before it)."""
    if font.getlength(text) <= width:
        return text
    body = text[:-2] if cut else text
    while body and font.getlength(body + " …") > width:
        body = body[:-1]
    return body.rstrip() + " …"


def _leading(size: int) -> int:
    return round(size * 1.32)


@lru_cache(maxsize=None)
def _font(name: str, size: int):
    """A shipped font at a size, loaded once per process. The basic layout: the same glyph
    positions whatever text-shaping libraries the machine has (the same bytes everywhere)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


# Shade n of 255: from ink (0) to paper (255).
_PALETTE = [round(ink + (paper - ink) * shade / 255) for shade in range(256)
            for ink, paper in zip(INK, PAPER)]
