"""Addresses that never break: a renamed claim, article, speaker, outlet or topic keeps its
old address as a redirect, and a build refuses to drop a page the previous build published
unless the editors say it goes (`removed_pages:` in site.yaml, or `build --drop-pages`).

    former_ids: [old-id]        on a claim entry: claims/old-id.html leads to the claim
    former_names: [old-name]    in an article's front matter: articles/old-name.html
    former_keys: [old-key]      on an entry of people.yaml or outlets.yaml, or a topic in
                                site.yaml: speakers/old-key.html (and its pages by year,
                                lists.py; its feeds are kept there too, pages.py)
    removed_pages: [path, en/]  in site.yaml: pages (or folders) removed on purpose

Only pages count (.html outside static/): data files, feeds and search indexes come and go
with what they list.
"""

from __future__ import annotations

import difflib
from typing import Iterable

from . import urls
from .errors import ContentError, ContentErrors
from .model import Article, Content, Site


def redirects(content: Content) -> dict[str, str]:
    """{old page: the page it leads to} for every former id and former file name."""
    moved = {}
    for claim in content.claims.values():
        for former in claim.former_ids:
            moved[f"claims/{former}.html"] = urls.path_of(claim)
    for article in content.articles:
        for former in article.former_names:
            moved[f"articles/{former}.html"] = urls.path_of(article)
            # A claim without an id is named after its file (`<name>-<position>`): its old
            # name's address leads to it too.
            for appearance in article.appearances:
                number = appearance.claim_id.removeprefix(f"{article.slug}-")
                old = f"{former}-{number}"
                if number.isdigit() and number != appearance.claim_id and old not in content.claims:
                    moved.setdefault(f"claims/{old}.html", f"claims/{appearance.claim_id}.html")
    return dict(sorted(moved.items()))


def check_former_names(articles: list[Article], problems) -> None:
    """A former file name is one old address: not an article's name now, not two articles'."""
    slugs = {article.slug for article in articles}
    first: dict[str, Article] = {}
    for article in articles:
        for former in article.former_names:
            other = first.setdefault(former, article)
            if former in slugs and former != article.slug:
                problems.add(article.path, article.former_names_line,
                             f"former_names lists '{former}', the name of an article file "
                             "published now: a name is former only once no file has it")
            elif other is not article:
                problems.add(article.path, article.former_names_line,
                             f"former name '{former}' is listed here and in "
                             f"{other.path}:{other.former_names_line}: the old address can "
                             "lead to one article only")


def check_former_keys(entries: list[tuple[str, list[str], int]], shown: str, what: str,
                      problems) -> None:
    """A former key is one old address: not a key of the same file's entries now, not
    two entries' former key. `entries`: (key, its former keys, the line they are on) of
    each entry of people.yaml, outlets.yaml or site.yaml's topics (`shown`); `what` its
    entries are ("speaker")."""
    keys = {key for key, _, _ in entries}
    first: dict[str, tuple[str, int]] = {}
    for key, formers, line in entries:
        for former in formers:
            other, other_line = first.setdefault(former, (key, line))
            if former in keys:
                whose = "its own key" if former == key else f"the key of {what} '{former}' now"
                problems.add(shown, line, f"former_keys lists '{former}', {whose}: a key is "
                                          "former only once no entry has it")
            elif other != key:
                problems.add(shown, line, f"former key '{former}' is listed by {what} '{key}' "
                                          f"here and by {what} '{other}' at {shown}:{other_line}: "
                                          f"the old address can lead to one {what} only")


def removed_page_problem(path: str) -> str:
    """What is wrong with an entry of `removed_pages` ("" if nothing): a page's address in
    the site (claims/x.html) or a folder of pages (en/, speakers/ada/)."""
    if not path or path.startswith("/") or "\\" in path or "://" in path:
        return f"{path!r} is not an address in the site: write it as claims/old-id.html"
    if any(step in ("", ".", "..") for step in path.rstrip("/").split("/")):
        return f"{path!r} is not an address in the site: write it as claims/old-id.html"
    if not path.endswith((".html", "/")):
        return f"{path!r} is neither a page (ending in .html) nor a folder (ending in /)"
    return ""


def is_page(path: str) -> bool:
    """A page of the site as this check counts them: not a data, static or search file."""
    return path.endswith(".html") and not path.startswith("static/")


def check_nothing_dropped(published_before: Iterable[str], planned: list, site: Site,
                          site_file: str, content: Content) -> None:
    """Raise ContentErrors naming each page the previous build published that this one
    would not, unless `removed_pages` lists it: the cause first, then the field that keeps
    it. `planned`: this build's pages (pages.Page); `site_file`: site.yaml as shown."""
    now = {page.path for page in planned}
    removed = site.removed_pages
    vanished = sorted(path for path in published_before if is_page(path) and path not in now
                      and not any(path == r or (r.endswith("/") and path.startswith(r))
                                  for r in removed))
    if not vanished:
        return
    new_pages = sorted(now.difference(published_before))
    errors = []
    for path in vanished:
        errors.append(_vanished(path, new_pages, site_file, content))
    raise ContentErrors(errors)


_ON_PURPOSE = ("if it goes on purpose, list {path} under `removed_pages:` in {site} (or build "
               "once with --drop-pages)")


# The folders whose pages are records' pages under a name the editors may change: the field
# that keeps an old name's address, and what the record is called in messages.
_RENAMED_BY = {"claims": ("former_ids", "claim"), "articles": ("former_names", "article"),
               "speakers": ("former_keys", "speaker"), "outlets": ("former_keys", "outlet"),
               "topics": ("former_keys", "topic")}


def _vanished(path: str, new_pages: list[str], site_file: str, content: Content) -> ContentError:
    """The error for one page that would vanish, where the editor can keep it: at the record
    that looks renamed from it (a new page of a near name), else at site.yaml."""
    gone = f"{path} would no longer be published (the previous build published it)"
    on_purpose = _ON_PURPOSE.format(path=path, site=site_file)
    folder, _, name = path.rpartition("/")
    language, _, kind = folder.rpartition("/")  # ("en", "claims") or ("", "claims")
    old = name.removesuffix(".html")
    prefix = f"{language}/" if language else ""
    if kind in _RENAMED_BY:
        field, what = _RENAMED_BY[kind]
        candidates = [p[len(prefix) + len(kind) + 1:-5] for p in new_pages
                      if p.startswith(f"{prefix}{kind}/") and p.count("/") == path.count("/")
                      and is_page(p)]
        close = difflib.get_close_matches(old, candidates, n=1, cutoff=0.5) or \
            (candidates if len(candidates) == 1 else [])
        where = _place(content, kind, close[0], site_file) if close else None
        renamed = f"{what} '{close[0]}'" if close else f"the {what} it became"
        message = (f"{gone}: if {renamed} was '{old}' before, add `{field}: [{old}]` to it"
                   f"{' here' if where else ''}; {on_purpose}")
        if where:
            return ContentError(*where, message)
        return ContentError(site_file, 1, message)
    return ContentError(site_file, 1, f"{gone}; {on_purpose}")


def _place(content: Content, kind: str, key: str, site_file: str) -> tuple[str, int] | None:
    """(path, line) where a claim's entry (its first report), an article's file, or a
    speaker's, outlet's or topic's entry (in the registries beside `site_file`) begins."""
    if kind == "claims":
        claim = content.claims.get(key)
        if claim and claim.appearances:
            first = claim.appearances[0]
            return first.article.path, first.line
        return None
    if kind == "articles":
        article = next((a for a in content.articles if a.slug == key), None)
        return (article.path, 1) if article else None
    if kind == "topics":
        line = content.site.topic_lines.get(key)
        return (site_file, line) if line else None
    registry, file_name = (content.people, "people.yaml") if kind == "speakers" else \
        (content.outlets, "outlets.yaml")
    entry = registry.get(key)
    folder = site_file.rpartition("/")[0]
    return (f"{folder}/{file_name}" if folder else file_name, entry.line) if entry else None
