"""Read a content folder into checked records, or report every problem in it.

    content/
      site.yaml          site settings
      people.yaml        speakers: key -> {name, aliases, role, kind}
      outlets.yaml       outlets:  key -> {name, url, country}
      articles/*.md      one article each: YAML front matter, then the article text

`load_content` reads everything, collects every problem as `path:line: message`, and raises
one ContentErrors at the end, so an editor fixes a whole batch in one go. Work per article is
independent of how many other articles there are; the claims of all articles are then
joined by id (claims.py). The registries are read by registries.py, every file through
files.py.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from . import markup, parallel, registries, schema
from .article import BOUNDARY, read_article
from .cache import Made, Seen, Store, file_digest, open_regular
from .claims import merge_claims
from .errors import ContentError, ContentErrors
from .files import Problems, checked_stat, read_text, shown_path
from .limits import MAX_FILE_BYTES
from .model import Article, Content
from .permalinks import check_former_names
from .records import record_from_json, record_to_json


def load_content(folder: str | os.PathLike, store: Store | None = None) -> Content:
    """Read and check the content folder; raise ContentErrors listing every problem.

    With a cache `store`, an article file whose bytes the last build already checked is taken
    from it instead of being parsed again (its text is then read only if a page needs it);
    the result is the same.
    """
    root = Path(folder)
    problems = Problems()
    if not root.is_dir():
        raise ContentErrors([ContentError(shown_path(root), 1, "content folder not found")])

    # The registries as the fingerprint read them (the cache's records are valid for those
    # bytes): read once, so what is checked is what the records were checked against.
    read = store.registries if store is not None else {}
    site = registries.read_site(root / "site.yaml", problems, read.get("site.yaml"))
    people = registries.read_registry(root / "people.yaml", schema.PERSON, registries.person,
                                      problems, read.get("people.yaml"), "speaker")
    outlets = registries.read_registry(root / "outlets.yaml", schema.OUTLET, registries.outlet,
                                       problems, read.get("outlets.yaml"), "outlet")
    # A registry that cannot be read is reported once, for itself; its keys are then not
    # reported as unknown in every article that names them.
    speakers = registries.SpeakerIndex(people, root / "people.yaml", problems,
                                       readable=people is not None)

    paths = _article_files(root, problems)
    # Unchanged files from the cache; the rest parsed, on every core when many.
    reads: list = []
    to_parse = []
    for path in paths:
        reads.append(_from_cache(path, root, problems, store))
        if reads[-1] == "parse":
            to_parse.append(path)
    topics = site.topics if site else None  # None: site.yaml cannot be read; no topic is "unknown"
    language = site.language if site else ""
    renamed_topics = site.topic_former_keys if site else {}
    parsed = iter(parallel.run(lambda path: _parse(path, root, outlets, speakers, topics,
                                                   renamed_topics, language, store), to_parse))
    articles = []
    entries = []  # (article, claim entry mapping) in file order, merged below
    for path, read in zip(paths, reads):
        if read == "parse":
            read = _parsed(path, next(parsed), problems, store)
        if read:
            articles.append(read[0])
            entries.extend((read[0], entry) for entry in read[1])

    claims = merge_claims(entries, problems, site.ratings if site else None, language)
    if site and site.featured and site.featured not in claims:
        problems.add(shown_path(root / "site.yaml"), site.featured_line, _unknown_featured(site.featured, claims))
    check_former_names(articles, problems)
    methodology = _page_text(root / "methodology.md", root, problems)
    # On a site in several languages, the page in each other one: methodology.<tag>.md
    methodologies = {tag: _page_text(root / f"methodology.{tag}.md", root, problems)
                     for tag in (site.languages[1:] if site else ())}
    if problems.errors:
        raise ContentErrors(problems.errors)
    return Content(site=site, people=people or {}, outlets=outlets or {}, articles=articles,
                   claims=claims, methodology=methodology,
                   methodologies={tag: text for tag, text in methodologies.items() if text.strip()})


def _unknown_featured(featured: str, claims: dict) -> str:
    """Why `featured:` names no claim, and the id it may have meant: the claim's id now (if it
    is a former id), else the nearest id."""
    renamed = next((claim.id for claim in claims.values() if featured in claim.former_ids), None)
    close = [renamed] if renamed else difflib.get_close_matches(featured, list(claims), n=1)
    hint = f"; did you mean '{close[0]}'{' (its id now)' if renamed else ''}?" if close else \
        "; give the id of a claim (its page is claims/<id>.html)"
    return f"featured: unknown claim id '{featured}'{hint}"


def _page_text(path: Path, root: Path, problems: Problems) -> str:
    """An editors' page (Markdown), "" if there is none."""
    if path.exists() or path.is_symlink():
        text = read_text(path, root, problems) or ""
        for line, message in markup.problems(text):
            problems.add(shown_path(path), line, message)
        return text
    return ""


def _article_files(root: Path, problems: Problems) -> list[Path]:
    """The article files; whatever else is in content/articles/ is reported, not skipped."""
    folder = root / "articles"
    try:
        inside = folder.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop
        inside = False
    if not inside:
        problems.add(shown_path(folder), 1, "is a symbolic link to outside the content folder")
        return []
    if not folder.is_dir():
        problems.add(shown_path(folder), 1, "folder not found: articles go in content/articles/")
        return []
    paths = []
    with os.scandir(folder) as listing:  # (an entry knows if it is a folder without a stat)
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith("."):
            continue  # hidden: an editor's or a system's (.DS_Store), never an article
        if path.suffix == ".md" and not entry.is_dir():
            paths.append(path)
        elif entry.is_dir() and not entry.is_symlink():
            problems.add(shown_path(path), 1, "not read: articles go directly in "
                                              "content/articles/, not in a folder inside it")
        else:
            problems.add(shown_path(path), 1, "not read: an article file's name ends in '.md' "
                                              "(lowercase, nothing after it)")
    return paths


def _from_cache(path: Path, root: Path, problems: Problems, store: Store | None):
    """(Article, entries) if the cache holds this file's record; "parse" if it must be
    parsed; None if it cannot be read (the problem is reported)."""
    stat = checked_stat(path, root, problems)
    if stat is None:
        return None
    if store is None:
        return "parse"
    try:
        digest, data = store.digest(_cache_name(path), path, stat)
    except OSError as err:  # gone or replaced since its stat (an editor saving)
        problems.add(shown_path(path), 1, f"changed while the build read it "
                                          f"({err.strerror or 'no longer a regular file'}); build again")
        return None
    known = store.known_article(digest, path.name)
    if known is not None:  # made by an earlier build in this process (serve)
        if data is not None:
            known[0].body = _body(data)
        store.had[path.name] = "memory"
        return known
    made = store.recall(digest)
    if made is None:
        return "parse"
    try:
        article, entries = record_from_json(made.record, path)
    except (KeyError, TypeError, ValueError):
        return "parse"  # written by another version: parse the file again
    if article.slug != path.stem:
        return "parse"  # the same bytes under another name: its slug and claim ids differ
    article.digest = digest
    article.body = _body(data) if data is not None else None
    store.made_now[digest] = Made(None, made.found, made.line)  # the record is in the line
    store.keep_article(digest, path.name, article, entries)
    store.had[path.name] = "cache"
    return article, entries


def _parse(path: Path, root: Path, outlets: dict, speakers: registries.SpeakerIndex,
           topics: dict | None, renamed_topics: dict, site_language: str, store: Store | None) -> dict:
    """Parse and check one article file; the result as JSON data (it may come from a worker)."""
    problems = Problems()
    try:  # a regular file only, and remembered by the stat of what was read
        with os.fdopen(open_regular(path), "rb") as file:
            stat, data = os.fstat(file.fileno()), file.read(MAX_FILE_BYTES + 1)
    except OSError as err:  # gone or replaced since its stat (an editor saving)
        return {"record": None, "body": "", "seen": None, "problems": [[
            shown_path(path), 1, f"changed while the build read it "
                                 f"({err.strerror or 'no longer a regular file'}); build again"]]}
    read = read_article(path, data, outlets, speakers, topics, site_language, problems, renamed_topics)
    return {"record": record_to_json(*read) if read else None, "body": read[0].body if read else "",
            "seen": [*Seen.stat_fields(stat), file_digest(data)],
            "problems": [[e.path, e.line, e.message] for e in problems.errors]}


def _parsed(path: Path, result: dict, problems: Problems, store: Store | None):
    """_parse's result as (Article, entries), its problems reported, its record cached."""
    for where, line, message in result["problems"]:
        problems.add(where, line, message)
    if result["record"] is None:
        return None
    digest = result["seen"][-1]
    if store is not None:
        store.now[_cache_name(path)] = Seen(*result["seen"])
        store.had[path.name] = "read"
    article, entries = record_from_json(result["record"], path)
    article.digest = digest
    article.body = result["body"]
    if store is not None and not result["problems"]:  # only clean files are remembered
        store.made_now[digest] = Made.made_now(digest, result["record"])
        store.keep_article(digest, path.name, article, entries)
    return article, entries


def _cache_name(path: Path) -> str:
    """The name the build's fingerprint knows an article file by (fingerprint.input_files)."""
    return f"content/articles/{path.name}"


def read_body(article: Article) -> str:
    """The article's Markdown text, read from its file if the cache spared reading it: the
    very bytes that were checked (by their digest), or a ContentError. A file edited,
    removed or replaced by a link since is never rendered unchecked."""
    if article.body is None:
        data = None
        real = os.path.realpath(article.source)  # (a link inside the content folder is fine)
        inside = Path(real).is_relative_to(Path(article.source).parent.parent.resolve())
        try:
            with os.fdopen(open_regular(real, follow_links=False), "rb") as file:
                data = file.read(MAX_FILE_BYTES + 1) if inside else None
        except OSError:
            pass  # gone, or no longer a regular file
        if data is None or file_digest(data) != article.digest:
            raise ContentErrors([ContentError(article.path, 1, "changed while the site was "
                                              "being built; build again")])
        article.body = _body(data)
    return article.body


def _body(data: bytes) -> str:
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    bounds = [m for _, m in zip(range(2), BOUNDARY.finditer(text))]
    start = bounds[1].end()
    while start < len(text) and text[start] == "\n":
        start += 1
    return text[start:]
