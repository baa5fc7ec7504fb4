"""What lets a claim travel: the embed code of its card (an iframe other sites paste), its
oEmbed answer, and the first sentence that describes an article to a search engine or a
link preview.

A card is read on other sites, so everything here that points to this one is an absolute
address from the site's `base_url`: without one there are no cards (as there is no feed).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from markupsafe import escape

from .share_image import SIZE

# The card's frame: wide enough for a quote of a few lines, and 100% of a narrower column
# (the card's own style fits any width).
CARD_WIDTH, CARD_HEIGHT = 550, 320


def iframe(card_url: str, title: str) -> str:
    """The HTML another site pastes to show a card: an iframe, no script."""
    return (f'<iframe src="{escape(card_url)}" title="{escape(title)}" width="{CARD_WIDTH}" '
            f'height="{CARD_HEIGHT}" style="border:0;max-width:100%" loading="lazy"></iframe>')


def oembed(title: str, site_title: str, site_url: str, card_url: str,
           image_url: str = "") -> bytes:
    """A claim's oEmbed answer (oembed.com, type "rich"): the card's iframe, with the share
    image as its thumbnail where there is one."""
    answer = {"version": "1.0", "type": "rich", "title": title, "provider_name": site_title,
              "provider_url": site_url, "html": iframe(card_url, title),
              "width": CARD_WIDTH, "height": CARD_HEIGHT}
    if image_url:
        answer.update(thumbnail_url=image_url, thumbnail_width=SIZE[0], thumbnail_height=SIZE[1])
    return (json.dumps(answer, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def first_sentence(html: str, at_most: int = 300) -> str:
    """The first sentence of an article's text (its HTML as the page shows it), as plain
    text; cut at a word, with "…", past `at_most` characters."""
    reader = _Text()
    reader.feed(html)
    reader.close()
    text = " ".join("".join(reader.parts).split())
    sentence = text
    for found in _SENTENCE_END.finditer(text):
        if text[found.end():].lstrip().lstrip("\"'“‘«([")[:1].isupper():  # "Dr. smith" stays whole
            sentence = text[:found.end()].strip()
            break
    if len(sentence) > at_most:
        sentence = sentence[:at_most].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


# A full stop, question or exclamation mark, and any closing quote or bracket after it,
# before a space: a sentence ends there if the next word begins with a capital.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")


class _Text(HTMLParser):
    """The words of a piece of HTML, leaving out what is not the text: the links to claims
    that marked quotes carry (marked `data-pagefind-ignore`, as search leaves them out)."""

    SKIPPED = {"script", "style", "sup", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the elements left out that the parser is inside

    def handle_starttag(self, tag, attrs):
        if self.skipping or tag in self.SKIPPED or any(name == "data-pagefind-ignore" for name, _ in attrs):
            if tag not in _VOID:
                self.skipping.append(tag)
        elif tag in ("p", "br", "li", "h1", "h2", "h3", "h4", "blockquote"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


_VOID = {"br", "img", "hr", "wbr", "input", "source"}
