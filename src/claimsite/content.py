"""Read a content folder into checked records, or report every problem in it.

    content/
      site.yaml          site settings
      people.yaml        speakers: key -> {name, aliases, role, kind}
      outlets.yaml       outlets:  key -> {name, url, country}
      articles/*.md      one article each: YAML front matter, then the article text

`load_content` reads everything, collects every problem as `path:line: message`, and raises
one ContentErrors at the end, so an editor fixes a whole batch in one go. Work per article is
independent of how many other articles there are; claims are merged through one dict.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from stat import S_ISREG

import frontmatter

from . import schema, yamlfile
from .cache import Made, Store, file_digest
from .dates import parse_date
from .quotes import QuoteChecker
from .scaffold import PLACEHOLDER
from .errors import ContentError, ContentErrors
from .model import Appearance, Article, Claim, Content, Outlet, Person, Site

MAX_FILE_BYTES = 16 * 1024 * 1024

# python-frontmatter's definition of the `---` delimiter lines, so files written by other
# front-matter tools split the same way here.
_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY


class _Problems:
    """Collects every ContentError of one run."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.errors.append(ContentError(path, line, message))

    def extend(self, error: ContentError | ContentErrors) -> None:
        self.errors.extend(error.errors if isinstance(error, ContentErrors) else [error])


def load_content(folder: str | os.PathLike, store: Store | None = None) -> Content:
    """Read and check the content folder; raise ContentErrors listing every problem.

    With a cache `store`, an article file whose bytes the last build already checked is taken
    from it instead of being parsed again (its text is then read only if a page needs it);
    the result is the same.
    """
    root = Path(folder)
    problems = _Problems()
    if not root.is_dir():
        raise ContentErrors([ContentError(shown_path(root), 1, "content folder not found")])

    site = _read_site(root / "site.yaml", problems)
    people = _read_registry(root / "people.yaml", schema.PERSON, _person, problems)
    outlets = _read_registry(root / "outlets.yaml", schema.OUTLET, _outlet, problems)
    speakers = _SpeakerIndex(people, root / "people.yaml", problems)

    articles_dir = root / "articles"
    if not articles_dir.is_dir():
        problems.add(shown_path(articles_dir), 1, "folder not found: articles go in content/articles/")
        paths = []
    else:
        paths = sorted(p for p in articles_dir.iterdir() if p.suffix == ".md")
    articles = []
    entries = []  # (article, claim entry mapping) in file order, merged below
    for path in paths:
        read = _read_article_cached(path, root, outlets, speakers, problems, store)
        if read:
            articles.append(read[0])
            entries.extend((read[0], entry) for entry in read[1])

    claims = _merge_claims(entries, problems)
    if problems.errors:
        raise ContentErrors(problems.errors)
    return Content(site=site, people=people, outlets=outlets, articles=articles, claims=claims)


def registries_bytes(root: Path) -> bytes:
    """What an article's checked record depends on besides its own file."""
    parts = []
    for name in ("people.yaml", "outlets.yaml"):
        try:
            parts.append((root / name).read_bytes()[:MAX_FILE_BYTES])
        except OSError:
            parts.append(b"")
    return b"\0".join(parts)


def _read_article_cached(path: Path, root: Path, outlets: dict, speakers: _SpeakerIndex,
                         problems: _Problems, store: Store | None):
    stat = _checked_stat(path, root, problems)
    if stat is None:
        return None
    if store is None:
        data = path.read_bytes()
        digest = file_digest(data)
    else:
        digest, data = store.digest(f"content/{path.relative_to(root).as_posix()}", path, stat)
        made = store.made.get(digest)
        if made is not None:
            try:
                article, entries = record_from_json(made.record, path)
            except (KeyError, TypeError, ValueError):
                pass  # written by another version: parse the file again
            else:
                article.digest = digest
                article.body = _body(data) if data is not None else None
                store.made_now[digest] = made
                return article, entries
        if data is None:
            data = path.read_bytes()
    before = len(problems.errors)
    read = _read_article(path, data, outlets, speakers, problems)
    if read:
        read[0].digest = digest
    if read and store is not None and len(problems.errors) == before:
        store.made_now[digest] = Made(record_to_json(*read), None)  # only clean files
    return read


def read_body(article: Article) -> str:
    """The article's Markdown text, read from its file if the cache spared reading it."""
    if article.body is None:
        article.body = _body(Path(article.source).read_bytes())
    return article.body


def _body(data: bytes) -> str:
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    bounds = [m for _, m in zip(range(2), _BOUNDARY.finditer(text))]
    start = bounds[1].end()
    while start < len(text) and text[start] == "\n":
        start += 1
    return text[start:]


# --- the cache's form of an article's record ---------------------------------------------

_ARTICLE_FIELDS = ("slug", "title", "outlet", "url", "author", "language", "topics", "body_line")


def record_to_json(article: Article, entries: list[dict]) -> dict:
    """An article's checked record (without its text) as plain JSON data."""
    data = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    data["published"] = article.published.iso() if article.published else None
    data["body_chars"] = len(article.body or "")
    data["entries"] = [{**entry, "date": entry["date"].iso()} if entry.get("date") else entry
                       for entry in entries]
    return data


def record_from_json(data: dict, path: Path) -> tuple[Article, list[dict]]:
    """The record again, for the file at `path`; KeyError/TypeError/ValueError if malformed."""
    fields = {name: data[name] for name in _ARTICLE_FIELDS}
    if not all(isinstance(fields[n], str) for n in _ARTICLE_FIELDS[:-2]) \
            or not isinstance(fields["topics"], list) or not isinstance(fields["body_line"], int):
        raise TypeError("bad record")
    published = parse_date(data["published"]) if data["published"] else None
    article = Article(path=shown_path(path), source=str(path.absolute()), published=published,
                      body_chars=int(data["body_chars"]), **fields)
    entries = []
    for entry in data["entries"]:
        entry = dict(entry)
        if entry.get("date"):
            entry["date"] = parse_date(entry["date"])
        entries.append(entry)
    return article, entries


# --- files -------------------------------------------------------------------------------

def shown_path(path: Path) -> str:
    """The path as messages print it: relative to the working folder where possible."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _checked_stat(path: Path, root: Path, problems: _Problems) -> os.stat_result | None:
    """The file's stat, if it is a regular file inside the content folder and not too big."""
    shown = shown_path(path)
    if path.is_symlink():
        try:
            inside = path.resolve().is_relative_to(root.resolve())
        except OSError:
            inside = False
        if not inside:
            problems.add(shown, 1, "is a symbolic link to outside the content folder")
            return None
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is None or not S_ISREG(stat.st_mode):
        problems.add(shown, 1, "file not found" if not path.exists() else "is not a file")
        return None
    if stat.st_size > MAX_FILE_BYTES:
        problems.add(shown, 1, f"file is larger than {MAX_FILE_BYTES // 2**20} MB")
        return None
    return stat


def _read_text(path: Path, root: Path, problems: _Problems) -> str | None:
    """The file's text with a BOM dropped and line endings made `\\n`, or None on a problem."""
    if _checked_stat(path, root, problems) is None:
        return None
    return _decode(path.read_bytes(), shown_path(path), problems)


def _decode(data: bytes, shown: str, problems: _Problems) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.add(shown, line, f"not UTF-8 text (byte 0x{data[err.start]:02x}); "
                                  "save the file as UTF-8")
        return None
    if "\x00" in text:
        problems.add(shown, text.count("\n", 0, text.index("\x00")) + 1,
                     "contains a NUL character; is this a binary file?")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_yaml_file(path: Path, root: Path, problems: _Problems) -> object:
    text = _read_text(path, root, problems)
    if text is None:
        return None
    try:
        return yamlfile.load(text, shown_path(path))
    except (ContentError, ContentErrors) as err:
        problems.extend(err)
        return None


def _check_fields(mapping: yamlfile.Mapping, fields: dict, path: str, what: str,
                  problems: _Problems) -> dict:
    """Check a mapping against a field table; return {field: clean value} for valid fields."""
    clean = {}
    for key, value in mapping.items():
        line = mapping.line_of(key)
        field = fields.get(key)
        if field is None:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else \
                f" (known fields: {', '.join(fields)})"
            problems.add(path, line, f"unknown field '{key}' in {what}{hint}")
            continue
        if field.kind in ("claims", "names"):
            clean[key] = value
            continue
        if value is None and not field.required:
            continue
        if isinstance(value, str) and value.startswith(PLACEHOLDER):
            problems.add(path, line, f"{key} is still a placeholder: {field.help}")
            continue
        result, problem = schema.check_value(field, value)
        if problem:
            problems.add(path, line, f"{key} {problem}")
        else:
            clean[key] = result
    for key, field in fields.items():
        if field.required and key not in mapping:
            problems.add(path, mapping.line, f"missing required field '{key}' in {what}")
    return clean


# --- registries --------------------------------------------------------------------------

def _read_site(path: Path, problems: _Problems) -> Site | None:
    data = _read_yaml_file(path, path.parent, problems)
    shown = shown_path(path)
    if data is None:
        if path.is_file() and not any(e.path == shown for e in problems.errors):
            problems.add(shown, 1, "is empty: it needs at least `title: ...`")
        return None
    if not isinstance(data, yamlfile.Mapping):
        problems.add(shown, 1, "must be a mapping of settings (title: ..., description: ...)")
        return None
    clean = _check_fields(data, schema.SITE, shown, "site settings", problems)
    topics = {}
    raw_topics = clean.pop("topics", None)
    if isinstance(raw_topics, yamlfile.Mapping):
        for key, name in raw_topics.items():
            line = raw_topics.line_of(key)
            slug, problem = schema.check_slug(key)
            name, name_problem = schema.check_value(schema.Field("text"), name)
            if problem or name_problem:
                problems.add(shown, line, f"topic {problem or 'name ' + name_problem}")
            else:
                topics[slug] = name
    elif raw_topics is not None:
        problems.add(shown, data.line_of("topics"),
                     "topics must be a mapping of topic key to display name")
    if "title" not in clean:
        return None
    return Site(topics=topics, **clean)


def _person(key: str, clean: dict) -> Person:
    return Person(key=key, **clean)


def _outlet(key: str, clean: dict) -> Outlet:
    return Outlet(key=key, **clean)


def _read_registry(path: Path, fields: dict, make, problems: _Problems) -> dict:
    """people.yaml / outlets.yaml: a mapping of key -> record."""
    data = _read_yaml_file(path, path.parent, problems)
    shown = shown_path(path)
    if data is None:
        return {}
    if not isinstance(data, yamlfile.Mapping):
        problems.add(shown, 1, "must be a mapping of key -> record (see the README)")
        return {}
    records = {}
    for key, value in data.items():
        line = data.line_of(key)
        slug, problem = schema.check_slug(key)
        if problem:
            problems.add(shown, line, f"key {problem}")
            continue
        if not isinstance(value, yamlfile.Mapping):
            problems.add(shown, line, f"'{key}' must be a mapping of fields (name: ...)")
            continue
        clean = _check_fields(value, fields, shown, f"'{key}'", problems)
        if "name" in clean:
            records[slug] = make(slug, clean)
    return records


class _SpeakerIndex:
    """Resolves a `speaker` value by key, name or alias, case-insensitively."""

    def __init__(self, people: dict[str, Person], path: Path, problems: _Problems) -> None:
        self.people = people
        self.by_name: dict[str, str] = {}
        for person in people.values():
            for name in (person.key, person.name, *person.aliases):
                folded = name.casefold()
                other = self.by_name.setdefault(folded, person.key)
                if other != person.key:
                    problems.add(shown_path(path), 1, f"'{name}' names both '{other}' and "
                                                  f"'{person.key}'; keep it on one of them")

    def resolve(self, value: str) -> tuple[str | None, str]:
        key = self.by_name.get(value.casefold())
        if key:
            return key, ""
        close = difflib.get_close_matches(value, list(self.people), n=1) or \
            difflib.get_close_matches(value.casefold(), list(self.by_name), n=1)
        hint = f"; did you mean '{self.by_name[close[0]] if close[0] in self.by_name else close[0]}'?" \
            if close else "; add them to content/people.yaml"
        return None, f"unknown speaker '{value}'{hint}"


# --- articles ----------------------------------------------------------------------------

def _split_front_matter(text: str, shown: str, problems: _Problems):
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


def _read_article(path: Path, data: bytes, outlets: dict, speakers: _SpeakerIndex,
                  problems: _Problems):
    """Return (Article, [claim entry mappings]) or None if the file cannot be used."""
    shown = shown_path(path)
    slug = path.stem
    if slug in schema.RESERVED:
        problems.add(shown, 1, f"file name '{slug}' is reserved on Windows; rename the file")
        return None
    if not schema.SLUG.match(slug):
        problems.add(shown, 1, f"file name must be a key: {schema.slug_advice(slug)}; "
                               "the name becomes the page's address")
        return None
    text = _decode(data, shown, problems)
    if text is None:
        return None
    parts = _split_front_matter(text, shown, problems)
    if parts is None:
        return None
    fm_text, fm_line, body, body_line = parts
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

    clean = _check_fields(data, schema.ARTICLE, shown, "article", problems)
    clean.pop("notes", None)
    raw_claims = clean.pop("claims", None)
    outlet = clean.get("outlet")
    if outlet is not None:
        key = outlet if outlet in outlets else next(
            (o.key for o in outlets.values() if o.name.casefold() == outlet.casefold()), None)
        if key is None:
            close = difflib.get_close_matches(outlet, list(outlets), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else "; add it to content/outlets.yaml"
            problems.add(shown, data.line_of("outlet"), f"unknown outlet '{outlet}'{hint}")
        clean["outlet"] = key or ""
    # Without a title the article is still checked through, so one run reports everything.
    clean.setdefault("title", "")
    article = Article(slug=slug, path=shown, source=str(path.absolute()), body=body,
                      body_chars=len(body), body_line=body_line, **clean)

    entries = []
    if raw_claims is None:
        return article, entries
    if not isinstance(raw_claims, yamlfile.Sequence):
        problems.add(shown, data.line_of("claims"), "claims must be a list of claims "
                                                    "(each starting with '- speaker: ...')")
        return article, entries
    checker = QuoteChecker(body)
    seen_ids: dict[str, int] = {}
    for index, raw in enumerate(raw_claims):
        line = raw_claims.line_of(index)
        if not isinstance(raw, yamlfile.Mapping):
            problems.add(shown, line, "a claim must be fields (speaker: ..., assertion: ...), "
                                      f"not {'a list' if isinstance(raw, list) else 'a single value'}")
            continue
        entry = _check_fields(raw, schema.CLAIM, shown, "claim", problems)
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
        if "speaker" in entry:
            key, problem = speakers.resolve(entry["speaker"])
            if problem:
                problems.add(shown, raw.line_of("speaker"), problem)
                continue
            entry["speaker"] = key
        else:
            continue
        if "quote" in entry:
            nearest = checker.find(entry["quote"])
            if nearest is not None:
                problems.add(shown, raw.line_of("quote"), "quote not found in the article text"
                                                          + (f"; nearest passage: \"{nearest}\"" if nearest else ""))
        entries.append(entry)
    return article, entries


def _merge_claims(entries: list, problems: _Problems) -> dict[str, Claim]:
    """Join claim entries that share an id into one Claim with one Appearance per article."""
    claims: dict[str, Claim] = {}
    first_seen: dict[str, tuple[str, dict]] = {}  # id -> (path, entry) that set the speaker
    assertion_at: dict[str, tuple[str, int]] = {}  # id -> where its assertion was given
    for article, entry in entries:
        claim_id = entry["id"]
        lines = entry["lines"]
        claim = claims.get(claim_id)
        if claim is None:
            claim = claims[claim_id] = Claim(id=claim_id, speaker=entry["speaker"], assertion="")
            first_seen[claim_id] = (article.path, entry)
        elif claim.speaker != entry["speaker"]:
            where, first = first_seen[claim_id]
            problems.add(article.path, lines.get("speaker", entry["line"]),
                         f"claim '{claim_id}' has speaker '{entry['speaker']}' here but "
                         f"'{claim.speaker}' in {where}:{first['lines'].get('speaker', first['line'])}")
            continue
        assertion = entry.get("assertion")
        if assertion:
            if not claim.assertion:
                claim.assertion = assertion
                assertion_at[claim_id] = (article.path, lines.get("assertion", entry["line"]))
            elif assertion != claim.assertion:
                where, line = assertion_at[claim_id]
                problems.add(article.path, lines.get("assertion", entry["line"]),
                             f"claim '{claim_id}' has a different assertion in {where}:{line}; "
                             "give the assertion once, or the same words in both")
        for topic in entry.get("topics", ()):
            if topic not in claim.topics:
                claim.topics.append(topic)
        date = entry.get("date")
        fallback = None if entry["date_unknown"] else article.published
        appearance = Appearance(
            claim_id=claim_id, article=article, line=entry["line"],
            date=date or fallback, date_given=date is not None,
            quote=entry.get("quote", ""), context=entry.get("context", ""),
            via=entry.get("via", ""))
        claim.appearances.append(appearance)
        article.appearances.append(appearance)
    for claim_id, claim in claims.items():
        if not claim.assertion:
            path, entry = first_seen[claim_id]
            problems.add(path, entry["line"], f"claim '{claim_id}' has no assertion: "
                                              "add a one-sentence 'assertion:'")
    return claims
