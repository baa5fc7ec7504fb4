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

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .compare import lead
from .model import Claim, Content

SIZE = (1200, 630)  # what Facebook, LinkedIn and X show largest (1.91:1)
FONTS = Path(__file__).resolve().parent / "fonts"
WORDS_FONT, NAME_FONT = "DejaVuSerif.ttf", "DejaVuSans-Bold.ttf"

PAPER, INK = (250, 248, 243), (28, 28, 30)
# Drawn in 16 shades from ink (0) to paper (15), 4 bits a pixel: every colour is a mix of the
# two, and 16 levels of antialiasing look as smooth at this size as 256, in half the bytes.
INK_SHADE, PAPER_SHADE = 0, 15
GREY = 6  # the site's name and a summary's label
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
    """The PNG of a share image: the words, the speaker and the date drawn on the site's
    background (drawn once per process), and only the rows drawn on compressed (flatpng)."""
    from .flatpng import strips

    background, paper_from = _background(drawn.site)
    width = SIZE[0] - 2 * MARGIN
    lines = []  # (face, top, text, shade)
    top = WORDS_TOP
    if drawn.label:
        lines.append((_face(NAME_FONT, 28), top, drawn.label, GREY))
        top += 50
    words = f"“{drawn.words}”" if drawn.quoted else drawn.words
    size, wrapped = _layout(words, width, WORDS_BOTTOM - top)
    face = _face(WORDS_FONT, size)
    lines += [(face, top + number * _leading(size), line, INK_SHADE) for number, line in enumerate(wrapped)]
    name = _face(NAME_FONT, 34)
    byline = " · ".join(part for part in (drawn.speaker, drawn.when) if part)
    lines.append((name, 520, name.fitting(byline, width), INK_SHADE))
    bands = [face.rows(text, top) for face, top, text, _ in lines]
    drawn_strips = []
    for top, bottom in strips(bands, SIZE[1]):
        picture = background.strip(top, bottom)
        paper = paper_from - top  # the strip's rows from here down are paper, but for the lines drawn
        for (face, line_top, text, shade), (first, last) in zip(lines, bands):
            if top <= first < last <= bottom:
                face.write(picture, (MARGIN, line_top - top), text, shade, paper)
                paper = max(paper, last - top)
        drawn_strips.append((top, picture))
    return background.png(drawn_strips)


@lru_cache(maxsize=8)
def _background(site: str):
    """The picture every image of a site starts from (paper, the bar, the site's name), and
    the row from which it is paper right of the bar."""
    from PIL import Image

    from .flatpng import Background

    image = Image.new("L", SIZE, PAPER_SHADE)
    image.paste(INK_SHADE, (0, 0, 16, SIZE[1]))
    small = _face(NAME_FONT, 28)
    name = small.fitting(site, SIZE[0] - 2 * MARGIN)
    small.write(image, (MARGIN, 56), name, GREY, 0)
    return Background(image, _PALETTE), small.rows(name, 56)[1]


def _layout(text: str, width: int, height: int) -> tuple[int, list[str]]:
    """The largest size at which `text` fits the box, and its lines; at the smallest size
    the lines that fit, the last ending in "…" where the words go on."""
    for size in WORD_SIZES:
        face = _face(WORDS_FONT, size)
        lines = face.wrap(text, width)
        room = max(1, height // _leading(size))
        if len(lines) <= room or size == WORD_SIZES[-1]:
            if len(lines) > room:
                lines = lines[:room]
                lines[-1] = face.fitting(lines[-1] + " …", width, cut=True)
            return size, lines
    raise AssertionError("unreachable")


def _leading(size: int) -> int:
    return round(size * 1.32)


class _Face:
    """A shipped font at a size, and each letter drawn in it once per process: a line is
    measured by adding up its letters' advances and drawn by pasting their pictures (asking
    FreeType for every line took a third of an image's time). The basic layout: the same glyph
    positions whatever text-shaping libraries the machine has (the same bytes everywhere);
    its kerning moves letters by a fraction of a pixel in these fonts and is left out."""

    def __init__(self, name: str, size: int) -> None:
        from PIL import ImageFont

        self.font = ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)
        self.letters: dict[str, tuple] = {}
        self.on_paper_pictures: dict[int, dict] = {}
        self.advances: dict[str, int] = {}  # the letters' advances alone, for measuring

    def letter(self, char: str) -> tuple:
        """(advance, picture or None, its offset from the pen (left, top), its size): the
        picture a mask of 16 levels (multiples of 17), so that drawn in a shade it blends to
        whole shades (kept as Pillow's own image, which `write` pastes)."""
        known = self.letters.get(char)
        if known is None:
            from PIL import Image, ImageDraw

            left, top, right, bottom = self.font.getbbox(char)
            picture = None
            if right > left and bottom > top:
                picture = Image.new("L", (right - left, bottom - top), 0)
                ImageDraw.Draw(picture).text((-left, -top), char, font=self.font, fill=255)
                picture = picture.point(_SIXTEEN_LEVELS).im
            known = self.letters[char] = (round(self.font.getlength(char)), picture, left, top,
                                          right - left, bottom - top)
        return known

    def on_paper(self, char: str, shade: int):
        """The letter drawn in `shade` on paper, all of its box: pasted as it is where its box
        holds only paper, it gives the pixels the mask would (and copies rows, not blends)."""
        pictures = self.on_paper_pictures.setdefault(shade, {})
        picture = pictures.get(char)
        if picture is None:
            from PIL import Image

            _, mask, _, _, width, height = self.letter(char)
            picture = Image.new("L", (width, height), PAPER_SHADE).im
            picture.paste(shade, (0, 0, width, height), mask)
            pictures[char] = picture
        return picture

    def length(self, text: str) -> int:
        try:
            return sum(map(self.advances.__getitem__, text))
        except KeyError:  # a letter not drawn yet
            for char in text:
                self.advances[char] = self.letter(char)[0]
            return self.length(text)

    def rows(self, text: str, top: int) -> tuple[int, int]:
        """The rows `text` written with its top at `top` draws on (top..bottom; empty if none)."""
        first, last = top, top
        for char in set(text):
            _, picture, _, rise, _, height = self.letter(char)
            if picture is not None:
                if first == last:
                    first, last = top + rise, top + rise + height
                else:
                    first, last = min(first, top + rise), max(last, top + rise + height)
        return first, last

    def write(self, image, at: tuple[int, int], text: str, shade: int, paper: int) -> None:
        """Draw `text` with its top-left at `at`, in an image that holds only paper right of
        the bar from row `paper` down, but for what this line draws."""
        x, y = at
        right = -1 << 30  # the right edge of this line's letters so far
        paste = image.im.paste  # Pillow's own, under Image.paste: its checks cost more than the pasting
        letters, letter = self.letters, self.letter
        for char in text:
            advance, mask, left, rise, width, height = letters.get(char) or letter(char)
            if mask is not None:
                box = (x + left, y + rise, x + left + width, y + rise + height)
                if box[0] >= right and box[1] >= paper:  # on paper: no other letter in its box
                    paste(self.on_paper(char, shade), box)
                else:
                    paste(shade, box, mask)
                right = max(right, box[2])
            x += advance

    def wrap(self, text: str, width: int) -> list[str]:
        """Lines of whole words at most `width` wide (a longer word is cut to fit)."""
        lines: list[str] = []
        line, used, space = "", 0, self.length(" ")
        for word in text.split():
            length = self.length(word)
            if line and used + space + length <= width:
                line, used = f"{line} {word}", used + space + length
                continue
            if line:
                lines.append(line)
            line = self.fitting(word, width)
            used = length if line == word else self.length(line)
        return lines + [line] if line else lines

    def fitting(self, text: str, width: int, cut: bool = False) -> str:
        """`text`, shortened with "…" until it is at most `width` wide (`cut`: it ends in "…"
        already, and is shortened before it)."""
        if self.length(text) <= width:
            return text
        body = text[:-2] if cut else text
        while body and self.length(body + " …") > width:
            body = body[:-1]
        return body.rstrip() + " …"


@lru_cache(maxsize=None)
def _face(name: str, size: int) -> _Face:
    return _Face(name, size)


_PALETTE = [tuple(round(ink + (paper - ink) * shade / 15) for ink, paper in zip(INK, PAPER))
            for shade in range(16)]
_SIXTEEN_LEVELS = [round(level * 15 / 255) * 17 for level in range(256)]
