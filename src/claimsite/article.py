"""One article file read and checked: its front matter split from its text, every field
checked (schema.py), its claims' quotes found verbatim in its text (quotes.py), the text's
Markdown within the limits (markup.py). Every problem is added as `path:line: message`.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import frontmatter

from . import markup, registries, schema, scripts, yamlfile
from .errors import ContentError, ContentErrors
from .files import Problems, absolute, check_fields, decode, shown_path
from .languages import same_language
from .limits import MAX_CLAIMS, MAX_KEY_CHARS, MAX_QUOTE_CHARS, MAX_QUOTE_SCAN
from .model import Article, Correction
from .quotes import QuoteChecker

# python-frontmatter's definition of the `---` delimiter lines, so files written by other
# front-matter tools split the same way here.
BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY


def _check_topics(keys, topics: dict | None, renamed: dict[str, list[str]], shown: str, line: int,
                  problems: Problems) -> None:
    """Every topic needs its display name in site.yaml: a typo would otherwise make a topic.
    `renamed`: topic key -> the keys it had before (the one it has now is the hint)."""
    for key in keys:
        if topics is not None and key not in topics:
            now = next((topic for topic, formers in renamed.items() if key in formers), None)
            if now:
                problems.add(shown, line, f"unknown topic '{key}'; did you mean '{now}' (its key now)?")
                continue
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
    for match in BOUNDARY.finditer(text):
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


def read_article(path: Path, data: bytes, outlets: dict, speakers: registries.SpeakerIndex,
                 topics: dict | None, site_language: str, problems: Problems,
                 renamed_topics: dict[str, list[str]] | None = None):
    """Return (Article, [claim entry mappings]) or None if the file cannot be used.
    `site_language`: "" when site.yaml cannot be read (nothing is checked against it);
    `renamed_topics`: site.yaml's topic key -> its former keys."""
    renamed_topics = renamed_topics or {}
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
    for line, message in markup.problems(body):  # the build's Markdown must stay linear
        problems.add(shown, body_line + line - 1, message)
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
    _check_topics(clean.get("topics", ()), topics, renamed_topics, shown, data.line_of("topics"), problems)
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
            now = next((o.key for o in outlets.values() if outlet in o.former_keys), None)
            close = [now] if now else difflib.get_close_matches(outlet, list(outlets), n=1)
            hint = f"; did you mean '{close[0]}'{' (its key now)' if now else ''}?" if close else \
                "; add it to content/outlets.yaml"
            problems.add(shown, data.line_of("outlet"), f"unknown outlet '{outlet}'{hint}")
        clean["outlet"] = key or ""
    elif outlet is not None:
        clean["outlet"] = ""  # outlets.yaml could not be read: its own problem says why
    if "former_names" in clean:
        clean["former_names_line"] = data.line_of("former_names")
        if slug in clean["former_names"]:
            problems.add(shown, clean["former_names_line"], f"former_names lists '{slug}', this "
                                                            "file's own name: list only the names it had before")
    if clean.get("added") and not clean["added"].day:
        problems.add(shown, data.line_of("added"), f"added {clean['added'].iso()} is not a day: "
                                                   "give the day the report was added, YYYY-MM-DD")
        del clean["added"]
    if "archive_date" in clean and "archive_url" not in clean:
        problems.add(shown, data.line_of("archive_date"), "archive_date dates an archived copy: "
                                                          "give the `archive_url` it dates")
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
        _check_topics(entry.get("topics", ()), topics, renamed_topics, shown, raw.line_of("topics"), problems)
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
