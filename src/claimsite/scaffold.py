"""`build.py new "Title"`: a new article file with the front matter filled in.

What the editor must still supply is written as `TODO ...` placeholders; the checker reports
each one that is left, with its line, so `new` followed by `check` is a to-do list.
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
from pathlib import Path

from .dates import parse_date
from .errors import ClaimsiteError
from .files import shown_path
from .schema import ARTICLE, PLACEHOLDER, RESERVED, check_url, check_value, slugify
from .scripts import likely_languages, main_script, usual_script


def new_article(content_dir: Path, title: str, outlet: str = "", url: str = "",
                date: str = "", author: str = "", language: str = "") -> Path:
    """Write content/articles/<slug>.md and return its path; never overwrite a file."""
    if not title.strip():
        raise ClaimsiteError("the title is empty")
    if language:
        language, problem = check_value(ARTICLE["language"], language)
        if problem:
            raise ClaimsiteError(f"--language {problem}")
    if url:
        url, problem = check_url(url)
        if problem:
            raise ClaimsiteError(f"--url {problem}")
    if date:
        try:
            date = parse_date(date).iso().replace("T", " ")
        except ValueError as err:
            raise ClaimsiteError(f"--date {err}") from None
    if outlet:
        outlet = _known_outlet(content_dir, outlet)
    folder = content_dir / "articles"
    if not folder.is_dir():
        raise ClaimsiteError(f"{folder} does not exist; is --content right?")
    stem = article_stem(title, date[:10])
    language_line = _language_line(language, title, content_dir)
    added = datetime.date.today().isoformat()  # the day the report is added: the home page's "recently added"
    text = _text(title.strip(), outlet, url, date, author, language_line, added).encode("utf-8")
    for n in range(1, 1000):
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        try:
            # O_EXCL: a name already taken, even by a symbolic link (dangling or not), is never
            # written through; the next number is tried instead.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            continue
        with os.fdopen(fd, "wb") as file:
            file.write(text)
        return path
    raise ClaimsiteError(f"{folder} already holds {stem}.md and 998 more like it")


def article_stem(title: str, date: str = "") -> str:
    """The file name (without .md) `new` gives an article: its date, then its title as a key."""
    date = date[:10] if date[:4].isdigit() else ""
    stem = "-".join(filter(None, [date, _cut_at_word(slugify(title))])) or "article"
    # "Con", "Aux", "COM1": names Windows reserves, which check refuses: never written
    return f"{stem}-article" if stem in RESERVED else stem


# A title's part of a file name: long enough to tell articles apart, short enough to read
# in a folder listing and to leave the date room under the 100-character limit on names.
TITLE_CHARS = 60


def _cut_at_word(slug: str) -> str:
    """The slug up to its last hyphen within TITLE_CHARS, so no word is cut in half; a
    first word longer than that is cut, as nothing else would do."""
    if len(slug) <= TITLE_CHARS:
        return slug
    hyphen = slug.rfind("-", 0, TITLE_CHARS + 1)
    return slug[:hyphen] if hyphen > 0 else slug[:TITLE_CHARS]


def _known_outlet(content_dir: Path, outlet: str) -> str:
    """The outlet's key in outlets.yaml (given its key or name), or a "did you mean" error."""
    from .files import Problems
    from .registries import outlet as make_outlet, read_registry
    from .schema import OUTLET

    outlets = read_registry(content_dir / "outlets.yaml", OUTLET, make_outlet, Problems()) or {}
    for key, record in outlets.items():
        if outlet in (key, record.name) or outlet.casefold() == record.name.casefold():
            return key
    close = difflib.get_close_matches(outlet, list(outlets), n=1) or difflib.get_close_matches(
        outlet, [o.name for o in outlets.values()], n=1)
    hint = f"; did you mean '{close[0]}'? If it is another outlet, add" if close else ". Add"
    raise ClaimsiteError(f"--outlet: unknown outlet '{outlet}'{hint} it to "
                         f"{shown_path(content_dir / 'outlets.yaml')} first, e.g.:\n"
                         f"{_outlet_example(outlet)}")


def _outlet_example(outlet: str) -> str:
    """outlets.yaml lines for an outlet given as --outlet: a key made from it, and its name
    as given (a placeholder where a key was given: the name is the outlet's to say)."""
    key = slugify(outlet) or "outlet-key"
    name = _q(outlet.strip()) if outlet.strip() != key else f"{PLACEHOLDER} the name it prints"
    return (f"{key}:\n  name: {name}\n"
            "  # url: https://... its homepage; country: UA (both optional)")


def _language_line(language: str, title: str, content_dir: Path) -> str:
    """`language: TAG` as given; else the site's language (on a site in several, the first
    of them) whose script the title's letters are in; else a placeholder, since a script
    alone does not say the language (Cyrillic: uk? ru? bg?), and a wrong tag would go
    unnoticed where TODO is not."""
    if language:
        return f"language: {language}"
    script = main_script(title)
    for site_language in _site_languages(content_dir):
        if script is None or usual_script(site_language) in (None, script):
            return f"language: {site_language}"
    return (f"language: {PLACEHOLDER}  # the title is in {script} letters: "
            f"{likely_languages(script)}? (a BCP 47 tag)")


def _site_languages(content_dir: Path) -> list[str]:
    """The site's languages in site.yaml, the main one first; its default where none is
    given (or the file cannot be read: `check` reports that, not `new`)."""
    from .files import Problems
    from .model import Site
    from .registries import read_site

    site = read_site(content_dir / "site.yaml", Problems()) or Site(title="")
    return site.languages or [site.language]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string


def _text(title: str, outlet: str, url: str, date: str, author: str, language_line: str,
          added: str) -> str:
    lines = ["---", f"title: {_q(title)}"]
    lines.append(f"outlet: {_q(outlet)}" if outlet else
                 "# outlet: key in content/outlets.yaml (leave out if the text names no outlet)")
    lines.append(f"url: {_q(url)}" if url else
                 "# url: https://... the original's address (only if you have it; never guess)")
    lines.append(f"published: {date}" if date else
                 f"published: {PLACEHOLDER}  # YYYY, YYYY-MM or YYYY-MM-DD; delete if unknown")
    lines.append(f"added: {added}  # the day this report was added to the site")
    lines.append(f"author: {_q(author)}" if author else "# author: byline, if there is one")
    lines += [
        language_line,
        "topics: []  # topic keys, e.g. [nato, sanctions]",
        "claims:",
        f"  - id: {PLACEHOLDER}  # a-short-key; the same id in another article = the same claim",
        f"    speaker: {PLACEHOLDER}  # key, name or alias in content/people.yaml",
        "    # date: YYYY-MM-DD  when it was said; default: published; `date:` empty = not known",
        f"    assertion: {PLACEHOLDER} one neutral sentence saying what was claimed",
        f"    quote: {PLACEHOLDER} the words exactly as the article prints them (or delete)",
        "    # context: venue or occasion",
        "    # via: secondary attribution, e.g. Reuters",
        "---",
        f"{PLACEHOLDER}: paste the article text here, without the site's furniture (share",
        "buttons, teasers for other stories), then delete this line.",
        "",
    ]
    return "\n".join(lines)
