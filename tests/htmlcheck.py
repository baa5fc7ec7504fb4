"""Read built pages as a browser would: links, ids, and any markup that could run script."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(root: Path) -> list[str]:
    pages = {p.relative_to(root).as_posix(): parse(p) for p in root.rglob("*.html")}
    problems = []
    for name, page in sorted(pages.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                if parts.scheme not in ("http", "https", "mailto"):
                    problems.append(f"{name}: non-http link {link!r}")
                continue
            if link.startswith("/"):
                problems.append(f"{name}: root-relative link {link!r} breaks under a subpath")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path))) \
                if parts.path else name
            if not (root / target).is_file():
                problems.append(f"{name}: {link!r} -> missing {target}")
                continue
            if parts.fragment and target.endswith(".html"):
                if parts.fragment not in pages[target].ids:
                    problems.append(f"{name}: {link!r} -> no id {parts.fragment!r} in {target}")
    return problems


SCRIPT_TYPES_ALLOWED = {"application/ld+json", "application/json"}  # data, never run


def live_markup(root: Path) -> list[str]:
    """Anything in the pages that a browser would execute or load from content."""
    found = []
    for path in sorted(root.rglob("*.html")):
        # The theme's 404 page carries its style and a link-fixing script inline (it is served
        # at any depth): one bare <style> and <script> there are the theme's own.
        not_found = path == root / "404.html"
        # A claim's card (embed/) carries its style inline too: it is shown in other sites'
        # iframes, alone. One bare <style> there is the theme's own.
        own_style = not_found or path.parent.name == "embed"
        for tag, attrs in parse(path).tags:
            attributes = dict(attrs)
            theme_script = re.fullmatch(r"(\.\./)*static/[a-z-]+\.js", attributes.get("src") or "") \
                or (not_found and not attrs)
            if tag == "script" and attributes.get("type") not in SCRIPT_TYPES_ALLOWED \
                    and not theme_script:
                found.append(f"{path.name}: <script {attrs}>")
            if tag in ("iframe", "object", "embed", "svg", "math", "style", "base") \
                    and not (tag == "style" and own_style and not attrs):
                found.append(f"{path.name}: <{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"{path.name}: <{tag} {name}=...>")
                if name in ("href", "src", "action", "formaction", "srcset") and value:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    if scheme not in ("", "http", "https", "mailto"):
                        found.append(f"{path.name}: <{tag} {name}={value!r}>")
    return found


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Tree(HTMLParser):
    """A page as an ElementTree, for tests that ask which element says what (our pages are
    valid HTML: every non-void element is closed, so no HTML tree-building rules are needed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = ET.TreeBuilder()
        self.builder.start("document", {})

    def handle_starttag(self, tag, attrs):
        self.builder.start(tag, {name: value or "" for name, value in attrs})
        if tag in _VOID:
            self.builder.end(tag)

    def handle_startendtag(self, tag, attrs):
        self.builder.start(tag, {name: value or "" for name, value in attrs})
        self.builder.end(tag)

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.builder.end(tag)

    def handle_data(self, data):
        self.builder.data(data)


def element_tree(html: str) -> ET.Element:
    reader = _Tree()
    reader.feed(html)
    reader.close()
    reader.builder.end("document")
    return reader.builder.close()


_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
           "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
           "li", "main", "nav", "ol", "p", "section", "summary", "table", "td", "th", "tr", "ul"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea"):
            self.skipping += 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea"):
            self.skipping -= 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def reader_text(path: Path) -> str:
    """A page's words as a reader sees them: its text, block elements apart, each run of
    spaces one space (attributes, scripts and styles left out)."""
    text = _Text()
    text.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(text.parts).split())
