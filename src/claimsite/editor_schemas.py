"""The content format as JSON Schema, for editors' tools (docs/authoring.md: an editor with
a YAML extension checks the registries and site.yaml as they are typed).

Generated from schema.py's tables (`python3 build.py schema` writes schemas/); a test fails
if the files in the repository drift from what this produces. The build checks content with
schema.py itself, not with these files.
"""

from __future__ import annotations

from .limits import MAX_KEY_CHARS
from .schema import (ARTICLE, CLAIM, CORRECTION, LANGUAGE, OUTLET, PERSON, RESERVED, SITE, SLUG,
                     SPEAKER_KINDS, TOPIC, TRANSLATED_BY, VERDICT, Field)


# (month 01-12, day 01-31: 00 is no month or day; a day the month lacks is the checker's)
_DATE_TEXT = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])([T ]\d{2}:\d{2}(:\d{2})?)?)?)?$"
_NOT_PLACEHOLDER = {"not": {"pattern": "^TODO"}}


def _json_type(field: Field) -> dict:
    slug = {"type": "string", "pattern": SLUG.pattern, "maxLength": MAX_KEY_CHARS,
            "not": {"enum": sorted(RESERVED)}}
    url = {"type": "string", "pattern": r"^[hH][tT][tT][pP][sS]?://[^\s/]+\S*$"}
    translations = {"type": "object", "minProperties": 1,
                    "propertyNames": {"pattern": f"^{LANGUAGE.pattern}$"},
                    "additionalProperties": {"type": ["string", "number"], "minLength": 1}}
    kinds = {
        "text": {"type": ["string", "number"], "minLength": 1, **_NOT_PLACEHOLDER},
        "url": url,
        "switch": {"type": "boolean"},
        "date": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 9999},
                           {"type": "string", "pattern": _DATE_TEXT}]},
        "slug": slug,
        "slugs": {"anyOf": [slug, {"type": "array", "items": slug}]},
        "texts": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "speaker-kind": {"enum": list(SPEAKER_KINDS)},
        "translated-by": {"enum": list(TRANSLATED_BY)},
        "language": {"type": "string", "pattern": f"^{LANGUAGE.pattern}$"},
        "languages": {"type": "array", "minItems": 1, "uniqueItems": True,
                      "items": {"type": "string", "pattern": f"^{LANGUAGE.pattern}$"}},
        "translations": translations,
        "translatable": {"anyOf": [{"type": ["string", "number"], "minLength": 1,
                                    **_NOT_PLACEHOLDER}, translations]},
        "names": {"type": "object", "propertyNames": slug,
                  "additionalProperties": {"anyOf": [{"type": "string", "minLength": 1},
                                                     translations]}},
        # a topic: its name, in each language, or a record of it (a renamed one's former keys)
        "topics": {"type": "object", "propertyNames": slug,
                   "additionalProperties": {"anyOf": [{"type": "string", "minLength": 1},
                                                      translations, {"$ref": "#/$defs/topic"}]}},
        "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
        "urls": {"anyOf": [url, {"type": "array", "items": url}]},
    }
    if field.kind == "verdict":
        schema = _object(VERDICT, "A verdict on the claim")
    elif field.kind == "corrections":
        schema = {"type": "array", "items": _object(CORRECTION, "A correction")}
    else:
        schema = dict(kinds[field.kind])
    if field.help:
        schema["description"] = field.help
    return schema


def _object(fields: dict, title: str) -> dict:
    properties = {}
    for name, field in fields.items():
        properties[name] = _json_type(field)
        if not field.required and field.kind not in ("claims", "verdict", "corrections"):
            # An empty value means "not given"; for a claim's date it means "not known".
            properties[name] = {"anyOf": [properties[name], {"type": "null"}],
                                "description": field.help}
    return {"title": title, "type": "object", "properties": properties,
            "required": [n for n, f in fields.items() if f.required],
            "additionalProperties": False}


def _explains(basis: str, value: str) -> dict:
    """An inference explains a value: no basis without the value it explains (given, and
    not left empty), as the content check says. A basis left empty is no basis."""
    given = lambda name: {"required": [name], "properties": {name: {"not": {"type": "null"}}}}  # noqa: E731
    return {"if": given(basis), "then": given(value)}


def json_schemas() -> dict[str, dict]:
    """{file name: JSON Schema} for article front matter and the three registries."""
    base = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    article = {**base, **_object(ARTICLE, "claimsite article front matter"),
               **_explains("published_inferred", "published"),
               "$defs": {"claim": {**_object(CLAIM, "A claim reported by the article"),
                                   **_explains("date_inferred", "date")}}}
    registry = lambda fields, title: {  # noqa: E731
        **base, "title": title, "type": "object",
        "propertyNames": {"type": "string", "pattern": SLUG.pattern},
        "additionalProperties": _object(fields, title.rstrip("s"))}
    return {
        "article.schema.json": article,
        "people.schema.json": registry(PERSON, "claimsite speakers"),
        "outlets.schema.json": registry(OUTLET, "claimsite outlets"),
        "site.schema.json": {**base, **_object(SITE, "claimsite site settings"),
                             "$defs": {"topic": _object(TOPIC, "A topic")}},
    }
