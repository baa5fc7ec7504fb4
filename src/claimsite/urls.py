"""Where each page of the site lives, and how one page links to another: the one owner of
the site's paths and addresses.

Every link in the output is relative to the page it is on, so the site works from any
subpath and from `file://`; only the feed, the sitemap, canonical and share addresses, and
the 404 page (served at any address) use the absolute `base_url`. On a site in several
languages, each language's pages are in a folder named by its tag ("en/"), the main one's
at the top; the site's own files (data, sitemap, 404, static) are at the top, once.
"""

from __future__ import annotations

from urllib.parse import quote as percent_encode, urlsplit, urlunsplit

from .model import Article, Claim, Outlet, Person

# --- where each page lives ---------------------------------------------------------------


def path_of(thing: object) -> str:
    """The site-relative file a record's page is written to."""
    if isinstance(thing, Claim):
        return f"claims/{thing.id}.html"
    if isinstance(thing, Article):
        return f"articles/{thing.slug}.html"
    if isinstance(thing, Person):
        return speaker_path(thing.key)
    if isinstance(thing, Outlet):
        return outlet_path(thing.key)
    raise TypeError(f"no page for {thing!r}")


def speaker_path(key: str) -> str:
    return f"speakers/{key}.html"


def outlet_path(key: str) -> str:
    return f"outlets/{key}.html"


def topic_path(key: str) -> str:
    return f"topics/{key}.html"


def group_folder(folder: str, key: str) -> str:
    """The folder of a speaker's, outlet's or topic's pages by year ("speakers/ada/")."""
    return f"{folder}/{key}/"


def year_path(prefix: str, year: str) -> str:
    """A page of one year's records: a group's ("speakers/ada/" + "2024"), or the
    articles' ("articles-" + "2024"); or of one month of a long year's articles
    ("articles-" + "2024-06")."""
    return f"{prefix}{year}.html"


def period_path(anchor: str) -> str:
    """A period of the timeline on a page of its own (a month, a year, "undated")."""
    return f"timeline/{anchor}.html"


def share_image_path(claim_id: str) -> str:
    """A claim's share image (og:image), beside its page."""
    return f"claims/{claim_id}.png"


def embed_path(claim_id: str) -> str:
    """A claim's card, a small page of its own for other sites to show in an iframe."""
    return f"embed/{claim_id}.html"


def oembed_path(claim_id: str) -> str:
    """A claim's oEmbed answer (JSON): the card's iframe, for sites that ask for one."""
    return f"embed/{claim_id}.json"


def quote_anchor(claim_id: str) -> str:
    """The id of a quote's highlight on its article page."""
    return f"quote-{claim_id}"


# The site's own files: one copy, at the top, whichever language's page links to them.
_SHARED_FILES = ("claims.json", "claims.csv", "claims.db", "sitemap.xml", "404.html")


def localised(path: str, prefix: str) -> str:
    """Where a page (its path from the site's top) is in the language whose pages are in
    the folder `prefix` ("en/"; "" for the main language's, at the top)."""
    if not prefix or path.startswith("static/") or path in _SHARED_FILES:
        return path
    return prefix + path


def relative(target: str, page: str) -> str:
    """Link from `page` to `target`, both paths from the site root without `..` in them."""
    path, _, anchor = target.partition("#")
    folder = page.rpartition("/")[0]
    if not path:
        link = ""
    elif folder and path.startswith(folder + "/"):
        link = path[len(folder) + 1:]  # same folder
    else:
        link = "../" * page.count("/") + path
    return f"{link}#{anchor}" if anchor else link


class Links:
    """The links from one page: each site path as this page reaches it, in its language's
    folder (`prefix`); relative, or absolute from `base` on a page served at addresses other
    than its own (the 404 page). What one page works out serves every page in its folder:
    `known` is shared by the pages of a build (most links are the same from every page)."""

    __slots__ = ("page", "prefix", "base", "known", "folder")

    def __init__(self, page: str, prefix: str = "", base: str = "", known: dict | None = None) -> None:
        self.page, self.prefix, self.base = page, prefix, base
        self.known = known if known is not None and not base else {}
        self.folder = page.rpartition("/")[0]

    def to(self, path: str, anchor: str = "") -> str:
        link = self.known.get((self.folder, path))
        if link is None:
            target = localised(path, self.prefix)
            link = absolute(self.base, target) if self.base else relative(target, self.page)
            self.known[self.folder, path] = link
        return f"{link}#{anchor}" if anchor else link


# --- links to the outside ----------------------------------------------------------------


def text_fragment_url(url: str, quote: str) -> str:
    """`url#:~:text=...` that scrolls to and highlights `quote` in browsers that support it.

    Per the URL Fragment Text Directives spec, the text is percent-encoded, including the
    `-`, `&` and `,` that the directive syntax itself uses. Long quotes are given as
    `start,end` so a small difference in the middle of the passage does not break the link.
    """
    words = quote.split()
    if not words:
        return url
    encode = lambda text: percent_encode(text, safe="").replace("-", "%2D")  # noqa: E731
    if len(words) > 10:
        directive = encode(" ".join(words[:4])) + "," + encode(" ".join(words[-4:]))
    else:
        directive = encode(" ".join(words))
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=":~:text=" + directive))


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path if base_url else path
