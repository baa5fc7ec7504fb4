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

import frontmatter

from . import parallel, registries, schema, scripts, yamlfile
from .cache import Made, Seen, Store, file_digest, open_regular
from .claims import merge_claims
from .errors import ContentError, ContentErrors
from .files import Problems, absolute, check_fields, checked_stat, decode, read_text, shown_path
from .languages import same_language
from .limits import MAX_CLAIMS, MAX_FILE_BYTES, MAX_KEY_CHARS, MAX_QUOTE_CHARS, MAX_QUOTE_SCAN
from .model import Article, Content, Correction
from .quotes import QuoteChecker
from .records import record_from_json, record_to_json

# python-frontmatter's definition of the `---` delimiter lines, so files written by other
# front-matter tools split the same way here.
_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY


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
                                      problems, read.get("people.yaml"))
    outlets = registries.read_registry(root / "outlets.yaml", schema.OUTLET, registries.outlet,
                                       problems, read.get("outlets.yaml"))
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
    parsed = iter(parallel.run(lambda path: _parse(path, root, outlets, speakers, topics,
                                                   language, store), to_parse))
    articles = []
    entries = []  # (article, claim entry mapping) in file order, merged below
    for path, read in zip(paths, reads):
        if read == "parse":
            read = _parsed(path, next(parsed), problems, store)
        if read:
            articles.append(read[0])
            entries.extend((read[0], entry) for entry in read[1])

    claims = merge_claims(entries, problems, site.ratings if site else None, language)
    methodology = _page_text(root / "methodology.md", root, problems)
    # On a site in several languages, the page in each other one: methodology.<tag>.md
    methodologies = {tag: _page_text(root / f"methodology.{tag}.md", root, problems)
                     for tag in (site.languages[1:] if site else ())}
    if problems.errors:
        raise ContentErrors(problems.errors)
    return Content(site=site, people=people or {}, outlets=outlets or {}, articles=articles,
                   claims=claims, methodology=methodology,
                   methodologies={tag: text for tag, text in methodologies.items() if text.strip()})


def _page_text(path: Path, root: Path, problems: Problems) -> str:
    """An editors' page (Markdown), "" if there is none."""
    if path.exists() or path.is_symlink():
        return read_text(path, root, problems) or ""
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
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue  # hidden: an editor's or a system's (.DS_Store), never an article
        if path.suffix == ".md" and not path.is_dir():
            paths.append(path)
        elif path.is_dir() and not path.is_symlink():
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
           topics: dict | None, site_language: str, store: Store | None) -> dict:
    """Parse and check one article file; the result as JSON data (it may come from a worker)."""
    problems = Problems()
    try:  # a regular file only, and remembered by the stat of what was read
        with os.fdopen(open_regular(path), "rb") as file:
            stat, data = os.fstat(file.fileno()), file.read(MAX_FILE_BYTES + 1)
    except OSError as err:  # gone or replaced since its stat (an editor saving)
        return {"record": None, "body": "", "seen": None, "problems": [[
            shown_path(path), 1, f"changed while the build read it "
                                 f"({err.strerror or 'no longer a regular file'}); build again"]]}
    read = _read_article(path, data, outlets, speakers, topics, site_language, problems)
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
    bounds = [m for _, m in zip(range(2), _BOUNDARY.finditer(text))]
    start = bounds[1].end()
    while start < len(text) and text[start] == "\n":
        start += 1
    return text[start:]


# --- articles ----------------------------------------------------------------------------

def _check_topics(keys, topics: dict | None, shown: str, line: int, problems: Problems) -> None:
    """Every topic needs its display name in site.yaml: a typo would otherwise make a topic."""
    for key in keys:
        if topics is not None and key not in topics:
            close = difflib.get_close_matches(key, list(topics), n=1)
            hint = f"did you mean '{close[0]}'? Or add" if close else "add"
            problems.add(shown, line, f"unknown topic '{key}'; {hint} `{key}: Display name` "
                                      "under topics in content/site.yaml")


def _check_translation(entry: dict, raw, language: str, site_language: str, shown: str,
                       problems: Problems) -> None:
    """A translation translates this report's quote into the site's language, and says who
    made it."""
    if "translation" in entry and "quote" not in entry:
        problems.add(shown, raw.line_of("translation"), "translation of what? give the `quote` "
                                                        "it translates, in the article's language")
    elif "translation" in entry and "translated_by" not in entry:
        problems.add(shown, raw.line_of("translation"), "translation needs `translated_by`: "
                                                        "outlet, editors or machine")
    elif "translation" in entry and site_language and same_language(language or site_language,
                                                                     site_language):
        problems.add(shown, raw.line_of("translation"),
                     f"translation given, but the article is in the site's language "
                     f"({site_language}); if it is not, say so with `language:` in its front matter")
    for name in ("translated_by", "translator"):
        if name in entry and "translation" not in entry:
            problems.add(shown, raw.line_of(name), f"{name} without a `translation` it describes")


def _check_script(language: str, text: str, shown: str, line: int, problems: Problems) -> None:
    """A text mostly in Cyrillic letters marked `en` (or the like) is reported: its pages
    would tell browsers, screen readers and search the wrong language."""
    problem = scripts.mismatch(language, text)
    if problem:
        problems.add(shown, line, problem)


def split_front_matter(text: str, shown: str, problems: Problems):
    """Return (front matter text, its first line, body, body's first line) or None."""
    if not text.strip():
        problems.add(shown, 1, "file is empty: an article starts with a '---' front matter")
        return None
    bounds = []
    for match in _BOUNDARY.finditer(text):
        bounds.append(match)
        if len(bounds) == 2:
            break
    if not bounds or bounds[0].start() != 0:
        problems.add(shown, 1, "no front matter: the file must start with a line '---'")
        return None
    if len(bounds) < 2:
        problems.add(shown, 1, "front matter is not closed: add a line '---' after it")
        return None
    opening, closing = bounds
    fm_line = text.count("\n", 0, opening.end()) + 1
    body_start = closing.end()
    while body_start < len(text) and text[body_start] == "\n":
        body_start += 1
    body_line = text.count("\n", 0, body_start) + 1
    return text[opening.end():closing.start()], fm_line, text[body_start:], body_line


def _read_article(path: Path, data: bytes, outlets: dict, speakers: registries.SpeakerIndex,
                  topics: dict | None, site_language: str, problems: Problems):
    """Return (Article, [claim entry mappings]) or None if the file cannot be used.
    `site_language`: "" when site.yaml cannot be read (nothing is checked against it)."""
    shown = shown_path(path)
    slug = path.stem
    if slug in schema.RESERVED:
        problems.add(shown, 1, f"file name '{slug}' is reserved on Windows; rename the file")
        return None
    if len(slug) > MAX_KEY_CHARS:
        problems.add(shown, 1, f"file name is longer than {MAX_KEY_CHARS} characters; the "
                               "name becomes the page's address: shorten it")
        return None
    if not schema.SLUG.match(slug):
        problems.add(shown, 1, f"file name must be a key: {schema.slug_advice(slug)}; "
                               "the name becomes the page's address")
        return None
    text = decode(data, shown, problems)
    if text is None:
        return None
    parts = split_front_matter(text, shown, problems)
    if parts is None:
        return None
    fm_text, fm_line, body, body_line = parts
    if body.startswith(schema.PLACEHOLDER):
        problems.add(shown, body_line, "the article text is still a placeholder: paste the text "
                                       "below the front matter")
    try:
        data = yamlfile.load(fm_text, shown, fm_line)
    except (ContentError, ContentErrors) as err:
        problems.extend(err)
        return None
    if not isinstance(data, yamlfile.Mapping):
        what = "empty" if data is None else "a list" if isinstance(data, list) else "a single value"
        problems.add(shown, fm_line, f"front matter is {what}; it must be fields like "
                                     "'title: ...' and 'claims: ...'")
        return None

    clean = check_fields(data, schema.ARTICLE, shown, "article", problems)
    _check_topics(clean.get("topics", ()), topics, shown, data.line_of("topics"), problems)
    if "published_inferred" in clean and not clean.get("published"):
        problems.add(shown, data.line_of("published_inferred"), "published_inferred explains a "
                                                                "date: give the `published` it explains")
    text = body if body and not body.isspace() else clean.get("title", "")
    if "language" in clean:
        _check_script(clean["language"], text, shown, data.line_of("language"), problems)
    elif site_language:  # no `language`: the text is shown, and read, as the site's
        problem = scripts.mismatch(site_language, text, declared=False)
        if problem:
            problems.add(shown, fm_line, problem)
    clean.pop("notes", None)
    raw_claims = clean.pop("claims", None)
    clean["corrections"] = [Correction(**c) for c in clean.get("corrections", ()) if len(c) == 3]
    outlet = clean.get("outlet")
    if outlet is not None and outlets is not None:
        key = outlet if outlet in outlets else next(
            (o.key for o in outlets.values() if o.name.casefold() == outlet.casefold()), None)
        if key is None:
            close = difflib.get_close_matches(outlet, list(outlets), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "; add it to content/outlets.yaml"
            problems.add(shown, data.line_of("outlet"), f"unknown outlet '{outlet}'{hint}")
        clean["outlet"] = key or ""
    elif outlet is not None:
        clean["outlet"] = ""  # outlets.yaml could not be read: its own problem says why
    # Without a title the article is still checked through, so one run reports everything.
    clean.setdefault("title", "")
    article = Article(slug=slug, path=shown, source=absolute(path), body=body,
                      body_chars=len(body), body_line=body_line, **clean)

    entries = []
    if raw_claims is None:
        return article, entries
    if not isinstance(raw_claims, yamlfile.Sequence):
        problems.add(shown, data.line_of("claims"), "claims must be a list of claims "
                                                    "(each starting with '- speaker: ...')")
        return article, entries
    if len(raw_claims) > MAX_CLAIMS:
        problems.add(shown, data.line_of("claims"), f"{len(raw_claims):,} claims; one article "
                                                    f"may have at most {MAX_CLAIMS:,}")
        return article, entries
    quotes = sum(1 for raw in raw_claims if isinstance(raw, yamlfile.Mapping) and "quote" in raw)
    if quotes * len(body) > MAX_QUOTE_SCAN:
        problems.add(shown, data.line_of("claims"), f"{quotes:,} quote{'s' if quotes != 1 else ''} in a text of {len(body):,} "
                     f"characters: too much to check (at most {MAX_QUOTE_SCAN // len(body):,} "
                     "quotes in a text this long); split the article")
        return article, entries
    checker = QuoteChecker(body)
    seen_ids: dict[str, int] = {}
    for index, raw in enumerate(raw_claims):
        line = raw_claims.line_of(index)
        if not isinstance(raw, yamlfile.Mapping):
            problems.add(shown, line, "a claim must be fields (speaker: ..., assertion: ...), "
                                      f"not {'a list' if isinstance(raw, list) else 'a single value'}")
            continue
        entry = check_fields(raw, schema.CLAIM, shown, "claim", problems)
        _check_topics(entry.get("topics", ()), topics, shown, raw.line_of("topics"), problems)
        if "date_inferred" in entry and not entry.get("date"):
            problems.add(shown, raw.line_of("date_inferred"), "date_inferred explains a date: "
                                                              "give the `date` it explains")
        _check_translation(entry, raw, article.language, site_language, shown, problems)
        entry["line"] = raw.line
        # `date:` left empty means "the report does not say": no fallback to the article's date.
        entry["date_unknown"] = "date" in raw and raw["date"] is None
        entry["lines"] = raw.lines
        entry.setdefault("id", f"{slug}-{index + 1}")
        if entry["id"] in seen_ids:
            problems.add(shown, raw.line_of("id"), f"claim id '{entry['id']}' is used twice "
                                                   f"in this article (first at line {seen_ids[entry['id']]})")
            continue
        seen_ids[entry["id"]] = raw.line_of("id")
        # Every check runs whatever else is wrong with the entry, so one run reports all.
        if len(entry.get("quote", "")) > MAX_QUOTE_CHARS:
            problems.add(shown, raw.line_of("quote"), f"quote is longer than {MAX_QUOTE_CHARS:,} "
                                                      "characters: quote the passage in parts")
            entry["dropped"] = True
        elif "quote" in entry:
            nearest = checker.find(entry["quote"])
            if nearest is not None:
                problems.add(shown, raw.line_of("quote"), "quote not found in the article text"
                             + (f"; nearest passage, words that differ in [ ]: \"{nearest}\""
                                if nearest else ""))
        if "speaker" in entry:
            key, problem = speakers.resolve(entry["speaker"])
            if problem:
                problems.add(shown, raw.line_of("speaker"), problem)
            entry["speaker"] = key
        if not entry.get("speaker"):
            # Kept for what the merge needs to know (that this id had an entry, which may have
            # held its assertion), so a mistake here is not also blamed on the other reports.
            entry["dropped"] = True
        entries.append(entry)
    return article, entries
