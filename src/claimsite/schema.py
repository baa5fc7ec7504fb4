"""What each content file may contain: one table per record, used by the checker.

Each field names the kind of value it takes; `check_value` turns a raw YAML value into a
clean one or says what is wrong with it. Keeping the rules as data means the docs, the
checker and any generated schema cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from slugify import slugify as _transliterated

from .dates import parse_date
from .limits import MAX_KEY_CHARS

# What `new` writes where the editor must fill in; a value or a text starting with it is
# reported by the check, so a half-filled article is never published.
PLACEHOLDER = "TODO"
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A BCP 47 language tag, simplified: a 2-3 letter language, then subtags (script, region,
# variant) of 1-8 letters or digits. It reaches the page's lang attribute and the search
# indexer's options, so nothing else gets through.
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}")


@dataclass(frozen=True)
class Field:
    kind: str  # text | url | urls | date | slug | slugs | texts | claims | speaker-kind | names | topics
    #           | language | languages | verdict | corrections | translated-by
    #           | translatable (a text, or {language: text}) | translations ({language: text})
    required: bool = False
    help: str = ""


ARTICLE = {
    "title": Field("text", True, "The headline, as the outlet printed it."),
    "title_by_editors": Field("text", False, "Only when `title` is the editors', not the source's "
                                             "headline (it prints none, or ...): why, in words "
                                             "shown to readers beside the title."),
    "outlet": Field("text", False, "Key (or name) of the outlet in content/outlets.yaml."),
    "url": Field("url", False, "Address of the original article; http(s) only. Never guess one."),
    "published": Field("date", False, "Publication date: YYYY, YYYY-MM, YYYY-MM-DD or a datetime."),
    "published_inferred": Field("text", False, "Only when the source does not print `published` "
                                               "and the editors worked it out: the basis, in words."),
    "added": Field("date", False, "When the report was added to this site (YYYY-MM-DD; `build.py "
                                  "new` writes the day): the home page lists the latest added first."),
    "archive_url": Field("url", False, "An archived copy of the original (Wayback Machine, "
                                       "archive.today); http(s) only."),
    "archive_date": Field("date", False, "When the archived copy was taken (if its address does not say)."),
    "former_names": Field("slugs", False, "Its former file names (no .md): their addresses lead here."),
    "author": Field("text", False, "Byline."),
    "language": Field("language", False, "Language of the article text: a BCP 47 tag, e.g. en, uk, pt-BR."),
    "topics": Field("slugs", False, "Topic keys, e.g. [nato, sanctions]."),
    "claims": Field("claims", False, "The statements this article reports."),
    "notes": Field("text", False, "Editor's notes (how a date was worked out...); not published."),
    "editor_note": Field("text", False, "A note to readers, shown with the article."),
    "corrections": Field("corrections", False, "Corrections to this article's record, each with "
                                               "date, what changed and why."),
}

CLAIM = {
    "id": Field("slug", False, "Same id in another article = the same claim."),
    "former_ids": Field("slugs", False, "Ids this claim had before: their addresses lead here."),
    "speaker": Field("text", True, "Key or alias of the speaker in content/people.yaml."),
    "date": Field("date", False, "When it was said; defaults to the article's published date. "
                                 "Leave it empty (`date:`) when the report does not say."),
    "date_inferred": Field("text", False, "Only when this report does not print `date` and the "
                                          "editors worked it out: the basis, in words."),
    "assertion": Field("translatable", False, "Neutral one-sentence paraphrase; required once per claim id."),
    "quote": Field("text", False, "The words exactly as this article prints them."),
    "translation": Field("text", False, "The quote in the site's language, when the article is "
                                        "in another; needs `translated_by`."),
    "translated_by": Field("translated-by", False, "Who translated the quote: outlet (the "
                                                   "outlet printed the translation), editors, "
                                                   "or machine."),
    "translator": Field("text", False, "The translator's name, or the tool, when known."),
    "context": Field("text", False, "Venue or occasion."),
    "via": Field("text", False, "Secondary attribution, e.g. Reuters, KCNA."),
    "attribution_inferred": Field("text", False, "Only when this report does not name the speaker "
                                                 "and the editors attributed it from context: why."),
    "editor_note": Field("text", False, "A note to readers about this report of the claim."),
    "verdict": Field("verdict", False, "A rating of the claim, on the scale in site.yaml; give it "
                                       "once per claim id. Tracking without rating is the default."),
    "corrections": Field("corrections", False, "Corrections to this claim, each with date, what "
                                               "changed and why."),
    "topics": Field("slugs", False, "Topic keys."),
    "notes": Field("text", False, "Editor's notes; not published."),
}

VERDICT = {
    "rating": Field("slug", True, "Key of a rating in `ratings` of content/site.yaml."),
    "reviewer": Field("text", True, "Who reviewed the claim."),
    "date": Field("date", True, "When the review was published."),
    "explanation": Field("text", True, "Why this rating, in a few plain sentences."),
    "evidence": Field("urls", False, "Addresses of the evidence; http(s) only."),
}

CORRECTION = {
    "date": Field("date", True, "When the record was corrected."),
    "what": Field("text", True, "What changed."),
    "why": Field("text", True, "Why it changed."),
}

PERSON = {
    "name": Field("text", True, "Display name."),
    "aliases": Field("texts", False, "Other names articles use; any of them works as `speaker`."),
    "role": Field("text", False, "Role or title, as the sources give it."),
    "kind": Field("speaker-kind", False, "person (default) or organisation."),
    "url": Field("url", False, "Official page; http(s) only."),
    "language": Field("language", False, "Language the name is written in, when not the "
                                         "site's: a BCP 47 tag."),
    "names": Field("translations", False, "The name as written in other languages, for the "
                                          "site's pages in them: {uk: ..., ru: ...}."),
    "former_keys": Field("slugs", False, "Keys it had before: their addresses (its page, its "
                                         "pages by year and feeds) lead to its page now."),
}

OUTLET = {
    "name": Field("text", True, "Display name."),
    "url": Field("url", False, "Homepage; http(s) only."),
    "country": Field("text", False, "Country code, e.g. UA."),
    "language": Field("language", False, "Language the name is written in, when not the "
                                         "site's: a BCP 47 tag."),
    "names": Field("translations", False, "The name as written in other languages, for the "
                                          "site's pages in them: {uk: ..., ru: ...}."),
    "former_keys": Field("slugs", False, "Keys it had before: their addresses (its page, its "
                                         "pages by year and feeds) lead to its page now."),
}

SITE = {
    "title": Field("translatable", True, "Site title (on a site in several languages, "
                                         "{uk: ..., en: ...} gives it in each)."),
    "description": Field("translatable", False, "What the tracker covers, shown on the home page."),
    "base_url": Field("url", False, "Where the site is published; used for the feed, the "
                                    "sitemap, share tags and images, and embeddable cards."),
    "share_images": Field("switch", False, "false: no share images. Where there is a base_url, "
                                           "each claim has one unless this is false (a build "
                                           "from nothing takes about a third longer with them; "
                                           "later builds draw only those that changed)."),
    "language": Field("language", False, "Language of the site: a BCP 47 tag, e.g. en (the default)."),
    "languages": Field("languages", False, "A site in several languages: its languages, the "
                                           "main one first, e.g. [uk, en]. Each has the whole "
                                           "site (the main one at the top, the others in a "
                                           "folder named by their tag)."),
    "topics": Field("topics", False, "Display names of topics: {topic-key: Name}, or on a "
                                     "site in several languages {topic-key: {uk: ..., en: ...}}; "
                                     "a renamed topic: {topic-key: {name: Name, former_keys: "
                                     "[old-key]}}."),
    "removed_pages": Field("texts", False, "Pages removed on purpose (claims/old-id.html, or a "
                                           "folder: en/); a build keeps every other page it published."),
    "featured": Field("slug", False, "The id of the claim the home page leads with (left out: "
                                     "of the claims a report quotes, the one the most reports carry)."),
    "ratings": Field("names", False, "The scale of verdicts, best first: {rating-key: Name}. "
                                     "Leave it out for a tracker that does not rate claims."),
}

# A topic given as a record in site.yaml's `topics`, where it needs more than its name.
TOPIC = {
    "name": Field("translatable", True, "Display name (on a site in several languages, "
                                        "{uk: ..., en: ...} gives it in each)."),
    "former_keys": Field("slugs", False, "Keys the topic had before: their addresses (its "
                                         "page, its pages by year and feeds) lead to its page now."),
}

SPEAKER_KINDS = ("person", "organisation")
TRANSLATED_BY = ("outlet", "editors", "machine")


def check_value(field: Field, value: object) -> tuple[object, str]:
    """Return (clean value, "") or (None, what is wrong). `claims` and `names` are checked
    by the caller, which needs line numbers inside them."""
    kind = field.kind
    if kind == "text":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value).strip()
            if not text:
                return None, "is empty"
            return (None, _control(text)) if _CONTROL.search(text) else (text, "")
        return None, f"must be text, not {_what(value)}"
    if kind == "url":
        if not isinstance(value, str):
            return None, f"must be a URL, not {_what(value)}"
        return check_url(value)
    if kind == "date":
        try:
            return parse_date(value), ""
        except ValueError as err:
            return None, str(err)
    if kind == "slug":
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return None, f"must be a key like 'my-claim', not {_what(value)}"
        return check_slug(str(value))
    if kind in ("slugs", "texts"):
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
        if items is None:
            return None, f"must be a list, not {_what(value)}"
        clean = []
        for item in items:
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                return None, f"items must be text, not {_what(item)}"
            item = str(item).strip()
            if _CONTROL.search(item):
                return None, _control(item)
            if kind == "slugs":
                item, problem = check_slug(item)
                if problem:
                    return None, problem
            if item:
                clean.append(item)
        return list(dict.fromkeys(clean)), ""  # duplicates dropped in one pass, order kept
    if kind == "urls":
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
        if items is None or not all(isinstance(item, str) for item in items):
            return None, "must be a list of addresses"
        clean = []
        for item in items:
            url, problem = check_url(item)
            if problem:
                return None, problem
            clean.append(url)
        return clean, ""
    if kind == "language":
        if isinstance(value, str) and LANGUAGE.fullmatch(value.strip()):
            return value.strip(), ""
        return None, (f"must be a language tag such as en, uk or pt-BR (BCP 47), not "
                      f"{_what(value) if not isinstance(value, str) else repr(value)}")
    if kind == "languages":
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else None
        if not items:
            return None, f"must be a list of language tags such as [uk, en], not {_what(value)}"
        clean = []
        for item in items:
            tag, problem = check_value(Field("language"), item)
            if problem:
                return None, problem
            if tag in clean:
                return None, f"names {tag} twice"
            clean.append(tag)
        return clean, ""
    if kind == "translatable" and not isinstance(value, dict):
        return check_value(Field("text"), value)
    if kind in ("translatable", "translations"):
        if not isinstance(value, dict) or not value:
            return None, f"must be a mapping of language to text ({{uk: ..., en: ...}}), not {_what(value)}"
        texts = {}
        for tag, text in value.items():
            if not isinstance(tag, str) or not LANGUAGE.fullmatch(tag):
                return None, f"{tag!r} is not a language tag such as en, uk or pt-BR (BCP 47)"
            texts[tag], problem = check_value(Field("text"), text)
            if problem:
                return None, f"in {tag} {problem}"
        return texts, ""
    if kind == "switch":
        return (value, "") if isinstance(value, bool) else (None, f"must be true or false, not {_what(value)}")
    if kind in ("speaker-kind", "translated-by"):
        allowed = SPEAKER_KINDS if kind == "speaker-kind" else TRANSLATED_BY
        if value in allowed:
            return value, ""
        return None, f"must be one of {', '.join(allowed)}, not {value!r}"
    raise AssertionError(f"unknown field kind {kind}")


# Names Windows reserves for devices, with any extension: a page called con.html cannot be
# written there, so a site built on Linux could not be checked out or served from Windows.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


# Characters XML 1.0 forbids (so the feed and sitemap would break) and that no one types on
# purpose: C0 controls other than tab and newlines, and the non-characters U+FFFE, U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _control(text: str) -> str:
    char = _CONTROL.search(text)[0]
    return (f"contains the invisible control character U+{ord(char):04X} (often pasted from a "
            "word processor); delete it")


def check_slug(text: str) -> tuple[str | None, str]:
    if len(text) > MAX_KEY_CHARS:
        return None, (f"'{text[:40]}...' is longer than {MAX_KEY_CHARS} characters; a key "
                      "becomes a file name: shorten it")
    if text in RESERVED:
        return None, f"'{text}' is a reserved file name on Windows; choose another key"
    if SLUG.match(text):
        return text, ""
    return None, f"{text!r} is not a valid key: {slug_advice(text)}"


def slug_advice(text: str) -> str:
    """What to change in a would-be key: look-alike letters named, a fixed form proposed."""
    advice = "use lowercase letters a-z, digits and single hyphens"
    foreign = next((c for c in text if ord(c) > 127), None)
    if foreign:
        name = unicodedata.name(foreign, f"U+{ord(foreign):04X}")
        advice += f"; {foreign!r} is {name}, not a plain ASCII letter"
    suggestion = slugify(text)
    return advice + (f" (e.g. '{suggestion}')" if suggestion else "")


def check_url(text: str) -> tuple[str | None, str]:
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if (parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc
            or any(c.isspace() or ord(c) < 32 for c in text)):
        return None, f"must be an http:// or https:// address, not {text!r}"
    # Characters a URL may not contain as such (quotes, <, >, non-ASCII) are
    # percent-encoded, so the address stays one valid attribute value.
    return quote(text, safe=_URL_SAFE), ""


def slugify(text: str) -> str:
    """A key from any text, other alphabets transliterated: "Путін" -> "putin"."""
    text = _APOSTROPHE.sub("", text)
    return "-".join(re.findall(r"[a-z0-9]+", _transliterated(text).lower()))


# An apostrophe between two letters is part of the word (Ukrainian обʼєднуються, typed with
# U+02BC, U+2019 or a plain '; English Putin's): dropped, so the word stays one word in a
# key, whichever transliteration python-slugify uses (it makes a plain ' a hyphen).
_APOSTROPHE = re.compile(r"(?<=\w)['`\u00b4\u02bb\u02bc\u2019](?=\w)")


def _what(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return f"{type(value).__name__} {value!r}"
