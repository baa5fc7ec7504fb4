"""The registries: content/site.yaml, people.yaml (speakers) and outlets.yaml.

Each registry maps a key to a record; an article names a speaker by key, name or alias
(`SpeakerIndex`) and an outlet by key or name.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from . import schema, yamlfile
from .files import Problems, check_fields, read_yaml_file, shown_path
from .model import Outlet, Person, Site
from .permalinks import check_former_keys, removed_page_problem


def read_site(path: Path, problems: Problems, read: bytes | None = None) -> Site | None:
    """`read`: the file's bytes as this build read them already (the ones to check)."""
    data = read_yaml_file(path, path.parent, problems, read)
    shown = shown_path(path)
    if data is None:
        if path.is_file() and not any(e.path == shown for e in problems.errors):
            problems.add(shown, 1, "is empty: it needs at least `title: ...`")
        return None
    if not isinstance(data, yamlfile.Mapping):
        problems.add(shown, 1, "must be a mapping of settings (title: ..., description: ...)")
        return None
    clean = check_fields(data, schema.SITE, shown, "site settings", problems)
    languages = clean.get("languages", [])
    if languages and "language" in clean and clean["language"] != languages[0]:
        problems.add(shown, data.line_of("language"), f"language {clean['language']} is not the "
                     f"first of languages ({', '.join(languages)}): the first is the main one")
    if languages:
        clean["language"] = languages[0]
    for path in clean.get("removed_pages", ()):
        problem = removed_page_problem(path)
        if problem:
            problems.add(shown, data.line_of("removed_pages"), f"removed_pages: {problem}")
    if "featured" in clean:
        clean["featured_line"] = data.line_of("featured")
    translations: dict[str, dict[str, str]] = {}
    renamed: dict[str, tuple[list[str], int]] = {}  # topic key -> (its former keys, their line)
    topics = _names(clean.pop("topics", None), data, "topics", "topic", shown, problems,
                    translations, clean.get("language", "en"), renamed)
    check_former_keys([(key, *renamed.get(key, ([], 0))) for key in topics], shown, "topic", problems)
    if isinstance(data.get("topics"), yamlfile.Mapping):
        clean["topic_lines"] = {key: data["topics"].line_of(key) for key in topics}
    clean["topic_former_keys"] = {key: renamed[key][0] for key in topics if key in renamed}
    ratings = _names(clean.pop("ratings", None), data, "ratings", "rating", shown, problems)
    if "title" not in clean:
        return None
    texts = {}  # a title or description given per language: the main one's, and the others
    for name in ("title", "description"):
        if isinstance(clean.get(name), dict):
            texts[name] = clean[name]
            clean[name] = clean[name].get(clean.get("language", "en")) or next(iter(clean[name].values()))
    return Site(topics=topics, ratings=ratings, topic_translations=translations, texts=texts, **clean)


def _names(raw: object, data: yamlfile.Mapping, field: str, what: str, shown: str,
           problems: Problems, translations: dict | None = None, main: str = "",
           renamed: dict | None = None) -> dict[str, str]:
    """A mapping of key -> display name (topics, ratings), in the file's order. With
    `translations`, a name may be given per language ({uk: ..., en: ...}): the main
    language's is returned, and all of them put in `translations`. With `renamed`, an
    entry may be a record ({name: ..., former_keys: [...]}, schema.TOPIC): its former
    keys go there, as key -> (former keys, their line)."""
    names: dict[str, str] = {}
    kind = schema.Field("translatable" if translations is not None else "text")
    if isinstance(raw, yamlfile.Mapping):
        for key, name in raw.items():
            line = raw.line_of(key)
            slug, problem = schema.check_slug(key)
            if renamed is not None and isinstance(name, yamlfile.Mapping) and not name.keys().isdisjoint(schema.TOPIC):
                record = check_fields(name, schema.TOPIC, shown, f"{what} '{key}'", problems)
                if "name" not in record:
                    continue  # (reported by check_fields)
                if slug and record.get("former_keys"):
                    renamed[slug] = (record["former_keys"], name.line_of("former_keys"))
                name = record["name"]
            name, name_problem = schema.check_value(kind, name)
            if problem or name_problem:
                problems.add(shown, line, f"{what} {problem or 'name ' + name_problem}")
            elif isinstance(name, dict):
                translations[slug] = name
                names[slug] = name.get(main) or next(iter(name.values()))
            else:
                names[slug] = name
    elif raw is not None:
        problems.add(shown, data.line_of(field),
                     f"{field} must be a mapping of {what} key to display name")
    return names


def person(key: str, clean: dict) -> Person:
    return Person(key=key, **clean)


def outlet(key: str, clean: dict) -> Outlet:
    return Outlet(key=key, **clean)


def read_registry(path: Path, fields: dict, make, problems: Problems,
                  read: bytes | None = None, what: str = "entry") -> dict | None:
    """people.yaml / outlets.yaml: a mapping of key -> record; None if it cannot be read.
    `read`: its bytes as this build read them already; `what` its records are, for
    messages ("speaker")."""
    before = len(problems.errors)
    data = read_yaml_file(path, path.parent, problems, read)
    shown = shown_path(path)
    if data is None:
        return None if len(problems.errors) > before else {}
    if not isinstance(data, yamlfile.Mapping):
        problems.add(shown, 1, "must be a mapping of key -> record (see the README)")
        return None
    records = {}
    renamed = []  # (key, its former keys, their line)
    for key, value in data.items():
        line = data.line_of(key)
        slug, problem = schema.check_slug(key)
        if problem:
            problems.add(shown, line, f"key {problem}")
            continue
        if not isinstance(value, yamlfile.Mapping):
            problems.add(shown, line, f"'{key}' must be a mapping of fields (name: ...)")
            continue
        clean = check_fields(value, fields, shown, f"'{key}'", problems)
        if "name" in clean:
            records[slug] = make(slug, {**clean, "line": line})
            renamed.append((slug, clean.get("former_keys", []), value.line_of("former_keys")))
    check_former_keys(renamed, shown, what, problems)
    return records


class SpeakerIndex:
    """Resolves a `speaker` value by key, name or alias, case-insensitively."""

    def __init__(self, people: dict[str, Person] | None, path: Path, problems: Problems,
                 readable: bool = True) -> None:
        self.readable = readable  # False: people.yaml could not be read; no speaker is "unknown"
        people = people or {}
        self.people = people
        # a key a speaker had before -> its key now: an article not yet changed is told which
        self.renamed = {former: person.key for person in people.values() for former in person.former_keys}
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
        if not self.readable:
            return None, ""
        if value in self.renamed:
            return None, f"unknown speaker '{value}'; did you mean '{self.renamed[value]}' (its key now)?"
        close = difflib.get_close_matches(value, list(self.people), n=1) or \
            difflib.get_close_matches(value.casefold(), list(self.by_name), n=1)
        hint = f"; did you mean '{self.by_name[close[0]] if close[0] in self.by_name else close[0]}'?" \
            if close else "; add them to content/people.yaml"
        return None, f"unknown speaker '{value}'{hint}"
