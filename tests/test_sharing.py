"""Pages that travel: each page describes itself; with the site's address, link previews
(Open Graph, X/Twitter cards), a share image per claim, and an embeddable card per claim
with its oEmbed answer and a snippet to copy."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageDraw, ImageFont

from claimsite import build_site
from claimsite import share_image
from claimsite.flatpng import Background, _adler32_combine, strips
from claimsite.share_image import FONTS, MARGIN, NAME_FONT, SIZE, WORDS_FONT, Drawn, draw

from .conftest import REPO, inodes

BASE = "https://example.org/tracker/"


class _Head(HTMLParser):
    """A page's <meta>, <link>, <a>, <style>, <script> and <textarea> elements as a browser
    or a link-preview robot reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.anchors: list[dict] = []
        self.tags: list[str] = []
        self.textareas: list[dict] = []
        self._in_textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append(tag)
        if tag == "meta" and ("property" in attributes or "name" in attributes):
            self.meta[attributes.get("property") or attributes["name"]] = attributes.get("content")
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "a":
            self.anchors.append(attributes)
        elif tag == "textarea":
            self._in_textarea = dict(attributes, text="")
            self.textareas.append(self._in_textarea)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._in_textarea = None

    def handle_data(self, data):
        if self._in_textarea is not None:
            self._in_textarea["text"] += data


def read(path: Path) -> _Head:
    page = _Head()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def with_settings(content: Path, *lines: str) -> Path:
    with open(content / "site.yaml", "a", encoding="utf-8") as file:
        file.write("".join(line + "\n" for line in lines))
    return content


def build(content: Path, out: Path) -> Path:
    build_site(content, out, REPO / "templates", search_index=False)
    return out


@pytest.fixture
def shared_site(site, tmp_path):
    """The base test site, published at BASE (so with share images)."""
    content = with_settings(site(), f"base_url: {BASE}")
    return content, build(content, tmp_path / "out")


# --- descriptions ------------------------------------------------------------------------

def test_every_page_describes_itself_in_its_own_words(site, tmp_path):
    out = build(site(), tmp_path / "out")
    claim = read(out / "claims" / "plan-works.html").meta["description"]
    assert "Ada Speaker" in claim and "June 18, 2024" in claim
    assert "The plan works, and it works well." in claim  # the words, verbatim
    summary_only = read(out / "claims" / "first-report-2.html").meta["description"]
    assert "Bob Official" in summary_only and "Talks will continue." in summary_only
    article = read(out / "articles" / "first-report.html").meta["description"]
    assert "The Daily Example" in article and "June 19, 2024" in article
    assert article.endswith("Ada Speaker told reporters: “The plan works, and it works well.”")
    assert "Her spokesperson" not in article  # the first sentence only
    assert "3 claims" in read(out / "timeline.html").meta["description"]
    assert "3 speakers" in read(out / "speakers.html").meta["description"]
    assert read(out / "speakers" / "ada-speaker.html").meta["description"].startswith("1 claim by Ada Speaker")
    descriptions = [read(p).meta.get("description") for p in out.rglob("*.html")]
    assert all(descriptions)
    # each its own: the claim pages, article pages and list pages do not share one
    assert len(set(descriptions)) > len(descriptions) * 0.8


def test_without_the_sites_address_no_share_tags_images_or_cards(site, tmp_path):
    out = build(site(), tmp_path / "out")
    for path in out.rglob("*.html"):
        page = read(path)
        assert not [name for name in page.meta if name.startswith(("og:", "twitter:"))], path
        assert not [link for link in page.links if "oembed" in (link.get("type") or "")], path
        assert not page.textareas, path
    assert not list(out.rglob("*.png")) and not (out / "embed").exists()


# --- link previews and share images ------------------------------------------------------

def test_share_tags_name_the_page_and_its_image_by_absolute_address(shared_site):
    content, out = shared_site
    page = read(out / "claims" / "plan-works.html")
    assert page.meta["og:url"] == BASE + "claims/plan-works.html"
    assert page.meta["og:title"].startswith("Ada Speaker: The plan is working.")
    assert page.meta["og:description"] == page.meta["description"]
    assert page.meta["og:type"] == "article"
    assert page.meta["twitter:card"] == "summary_large_image"
    image = page.meta["og:image"]
    assert image == page.meta["twitter:image"] == BASE + "claims/plan-works.png"
    assert (page.meta["og:image:width"], page.meta["og:image:height"]) == ("1200", "630")
    assert "The plan works" in page.meta["og:image:alt"]
    for path in out.rglob("*.html"):
        tags = read(path).meta
        for name in ("og:url", "og:image", "twitter:image"):
            if name in tags:
                assert urlsplit(tags[name]).scheme == "https" and tags[name].startswith(BASE), path
    # a list page has tags too, with no image of its own
    speakers = read(out / "speakers.html").meta
    assert speakers["og:url"] == BASE + "speakers.html" and speakers["twitter:card"] == "summary"
    assert "og:image" not in speakers


def test_each_claim_has_a_share_image_of_the_expected_size(shared_site):
    content, out = shared_site
    images = sorted(p.name for p in (out / "claims").glob("*.png"))
    assert images == sorted(p.stem + ".png" for p in (out / "claims").glob("*.html"))
    with Image.open(out / "claims" / "plan-works.png") as image:
        assert image.format == "PNG" and image.size == SIZE
        image.load()  # the whole file decodes
        shades = image.convert("L").getextrema()
    assert shades[1] - shades[0] > 150  # words drawn on it, not a blank picture
    assert (out / "claims" / "plan-works.png").read_bytes() != \
        (out / "claims" / "first-report-2.png").read_bytes()


# What a share image shows, drawn as the build draws it (outside a build).
QUOTE = Drawn(words="Talks will continue next week, and the alliance stands united.", quoted=True,
              label="", speaker="Jens Stoltenberg", when="June 19, 2024", site="Claims tracker")
SUMMARY = Drawn(words="Переговори тривають, і сторони шукають компроміс. " * 12, quoted=False, label="Підсумок редакції",
                speaker="Єнс Столтенберг", when="", site="Трекер заяв")


def test_a_share_image_is_the_same_bytes_whatever_was_drawn_before():
    """Pages are fingerprinted: the same words must give the same file in any process, in
    any order (letters, backgrounds and compressed rows are kept per process)."""
    first = draw(QUOTE)
    draw(SUMMARY)
    assert draw(QUOTE) == first
    fresh = subprocess.run([sys.executable, "-c", (
        "import sys; from claimsite.share_image import draw, Drawn;"
        f"sys.stdout.buffer.write(draw(Drawn(**{QUOTE.__dict__!r})))")],
        capture_output=True, check=True, env=dict(os.environ, PYTHONPATH=str(REPO / "src")))
    assert fresh.stdout == first


def test_a_share_image_is_small_and_shows_what_it_says():
    for drawn in (QUOTE, SUMMARY):
        png = draw(drawn)
        assert len(png) < 40_000  # a social network fetches it for every preview
        with Image.open(io.BytesIO(png)) as image:
            assert image.size == SIZE
            picture = image.convert("L")
        paper = picture.getpixel((SIZE[0] - 1, SIZE[1] - 1))
        rows = [y for y in range(SIZE[1]) if picture.crop((MARGIN, y, SIZE[0], y + 1)).getextrema()[0] < paper]
        assert rows[0] < 100 and rows[-1] > 520  # the site's name on top, the speaker at the foot
    # a summary too long for the box is cut, and says so
    assert share_image._layout(SUMMARY.words, SIZE[0] - 2 * MARGIN, 290)[1][-1].endswith(" …")


def test_the_png_writer_writes_what_was_drawn_around_its_strips():
    background = Image.new("L", (40, 30), 15)
    background.paste(0, (0, 0, 3, 30))
    palette = [(16 * shade, 0, 255 - 16 * shade) for shade in range(16)]
    kept = Background(background, palette)
    drawings = [(4, (5, 2, 20, 6)), (9, (10, 5, 39, 9)), (1, (0, 27, 40, 30)), (7, (30, 0, 31, 1))]
    for bands in ([(2, 6), (5, 9), (27, 40), (0, 1)], [(27, 30), (0, 10)], [(0, 30)], [(-5, 99)]):
        expected = background.copy()
        made = []
        for top, bottom in strips(bands, 30):
            picture = kept.strip(top, bottom)
            for shade, (left, upper, right, lower) in drawings:
                if top <= upper and lower <= bottom:
                    expected.paste(shade, (left, upper, right, lower))
                    picture.paste(shade, (left, upper - top, right, lower - top))
            made.append((top, picture))
        with Image.open(io.BytesIO(kept.png(made))) as image:
            assert image.mode == "P" and image.tobytes() == expected.tobytes(), bands
            assert image.getpalette()[:48] == [value for colour in palette for value in colour]
    with Image.open(io.BytesIO(kept.png([]))) as image:
        assert image.tobytes() == background.tobytes()
    with pytest.raises(ValueError):  # strips overlapping
        kept.png([(0, kept.strip(0, 10)), (5, kept.strip(5, 8))])


def test_a_strip_taller_than_zlibs_window_is_written_whole():
    """A strip of more rows than zlib reads before it moves its window is compressed in
    pieces: every row still comes out as drawn."""
    background = Image.new("L", (1200, 400), 15)
    kept = Background(background, [(shade * 17,) * 3 for shade in range(16)])
    picture = kept.strip(10, 390)
    for row in range(0, 380, 3):
        picture.paste(row % 16, (row, row, row + 400, row + 2))
    expected = background.copy()
    expected.paste(picture, (0, 10))
    with Image.open(io.BytesIO(kept.png([(10, picture)]))) as image:
        assert image.tobytes() == expected.tobytes()


def test_letters_pasted_as_they_are_look_as_letters_blended_on_paper(monkeypatch):
    """Letters whose box holds only paper are pasted as they are (drawn on paper once); the
    image is the one every letter blended in its place gives, letters that overlap (f j, «Ґ»,
    at the smallest size a mark below a letter reaching into the next line's accents) included."""
    overlapping = [Drawn(words="fjord «Ґґ» jÅy ЙЇ fj ƒj", quoted=True, label="", speaker="Łukasz Ćwik",
                         when="2024", site="Tracker"),
                   # lines alike, so that each line's marks below are over the next one's accents
                   Drawn(words="Ẳ̘Ẳ̘ " * 60, quoted=False, label="Summary", speaker="S", when="", site="T")]
    fast = [draw(drawn) for drawn in overlapping]

    def blending(face, image, at, text, shade, paper):  # every letter blended through its mask
        x, y = at
        for char in text:
            advance, mask, left, rise, width, height = face.letter(char)
            if mask is not None:
                image.im.paste(shade, (x + left, y + rise, x + left + width, y + rise + height), mask)
            x += advance

    monkeypatch.setattr(share_image._Face, "write", blending)
    for drawn, png in zip(overlapping, fast):
        with Image.open(io.BytesIO(png)) as image, Image.open(io.BytesIO(draw(drawn))) as blended:
            assert image.tobytes() == blended.tobytes(), drawn.words


def test_adler32_of_two_pieces_from_each_ones():
    for first, second in ((b"", b""), (b"a", b"bc"), (b"\xff" * 70_000, b"\x01" * 5_000), (b"x" * 9, b"\xff" * 200_000)):
        assert _adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == \
            zlib.adler32(first + second)


@pytest.mark.parametrize("font_file", [WORDS_FONT, NAME_FONT])
def test_the_shipped_fonts_draw_cyrillic(font_file):
    font = ImageFont.truetype(str(FONTS / font_file), 40)

    def drawn(letter: str) -> bytes:
        image = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(image).text((5, 5), letter, font=font, fill=255)
        return image.tobytes()

    missing = drawn("\U000f0000")  # a private-use letter no font has: the "missing" box
    for letter in "ЄнсСтолтенбергїґі«»":
        assert drawn(letter) != missing, letter


def test_an_edit_of_one_claim_redraws_only_its_own_image(shared_site):
    content, out = shared_site
    before = inodes(out)
    article = content / "articles" / "first-report.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "assertion: Talks will continue.", "assertion: Talks will go on."), encoding="utf-8")
    build(content, out)
    after = inodes(out)
    redrawn = {path for path in after if path.endswith(".png") and after[path] != before.get(path)}
    assert redrawn == {"claims/first-report-2.png"}
    # the other claim of the same article keeps its image, though its page is made again
    assert after["claims/plan-works.png"] == before["claims/plan-works.png"]


def test_a_site_with_an_address_has_share_images_unless_turned_off(site, tmp_path):
    content = with_settings(site(), f"base_url: {BASE}")
    out = build(content, tmp_path / "drawn")
    assert (out / "claims" / "plan-works.png").is_file()
    assert read(out / "claims" / "plan-works.html").meta["og:image"] == BASE + "claims/plan-works.png"
    out = build(with_settings(content, "share_images: false"), tmp_path / "out")
    assert not list(out.rglob("*.png"))
    page = read(out / "claims" / "plan-works.html").meta
    assert "og:image" not in page and page["twitter:card"] == "summary"
    assert "thumbnail_url" not in json.loads((out / "embed" / "plan-works.json").read_text(encoding="utf-8"))


# --- the embeddable card -----------------------------------------------------------------

def test_a_claims_card_stands_alone_and_links_back_to_the_claim(shared_site):
    content, out = shared_site
    card_file = out / "embed" / "plan-works.html"
    card = read(card_file)
    assert "script" not in card.tags and "style" in card.tags  # its style inline, no script
    assert not [link for link in card.links if link.get("rel") == "stylesheet"]
    claim_url = BASE + "claims/plan-works.html"
    # Search engines are sent to the claim's page (its canonical address), and the card
    # describes itself as that page does (Lighthouse: SEO 100, which noindex would cost).
    assert "robots" not in card.meta
    assert [link["href"] for link in card.links if link.get("rel") == "canonical"] == [claim_url]
    assert card.meta["description"] == read(out / "claims" / "plan-works.html").meta["description"]
    assert card.meta["description"].startswith("Ada Speaker, ")
    back = [a for a in card.anchors if a.get("href") == claim_url]
    assert back and all(a.get("target") in ("_blank", "_top") for a in card.anchors)
    text = card_file.read_text(encoding="utf-8")
    assert "The plan works, and it works well." in text
    # not listed as a page of its own to search engines
    assert "embed/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_the_claim_page_offers_its_card_by_oembed_and_by_a_snippet_to_copy(shared_site):
    content, out = shared_site
    page = read(out / "claims" / "plan-works.html")
    discovery = [link for link in page.links if link.get("type") == "application/json+oembed"]
    assert [link["href"] for link in discovery] == [BASE + "embed/plan-works.json"]
    answer = json.loads((out / "embed" / "plan-works.json").read_text(encoding="utf-8"))
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert answer["provider_url"] == BASE and answer["thumbnail_url"] == BASE + "claims/plan-works.png"
    frame = _Head()
    frame.feed(answer["html"])
    assert frame.tags == ["iframe"]
    [snippet] = page.textareas
    assert "readonly" in snippet and snippet["text"] == answer["html"]  # the same code, as text
    iframe = _frame_attributes(answer["html"])
    assert iframe["src"] == BASE + "embed/plan-works.html" and iframe["title"]
    assert (out / "embed" / "plan-works.html").is_file()


def _frame_attributes(html: str) -> dict:
    found = {}

    class Frame(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.update(attrs)

    Frame().feed(html)
    return found


def test_hostile_words_stay_text_in_cards_tags_and_oembed(site, tmp_path):
    content = with_settings(site(), f"base_url: {BASE}")
    article = content / "articles" / "first-report.md"
    hostile = '"><script>alert(1)</script>'
    article.write_text(article.read_text(encoding="utf-8").replace(
        "assertion: Talks will continue.", f"assertion: '{hostile}'"), encoding="utf-8")
    out = build(content, tmp_path / "out")
    page = read(out / "claims" / "first-report-2.html")
    assert hostile in page.meta["description"] and hostile in page.meta["og:title"]
    assert page.tags.count("script") == 1  # the JSON-LD only
    card = read(out / "embed" / "first-report-2.html")
    assert "script" not in card.tags
    answer = json.loads((out / "embed" / "first-report-2.json").read_text(encoding="utf-8"))
    assert answer["title"].endswith(hostile) and "<script" not in answer["html"]


def test_a_ukrainian_site_describes_and_draws_in_ukrainian(site, tmp_path):
    content = with_settings(site("uk"), "share_images: true")
    out = build(content, tmp_path / "out")
    cards = sorted((out / "claims").glob("*.png"))
    assert cards
    for path in cards:
        with Image.open(path) as image:
            assert image.size == SIZE
    shutil.rmtree(tmp_path / "out")
