"""Property-based tests (Hypothesis): generated content never crashes the build and never
leaks markup into the pages.

    1. Any front matter, well-formed or broken, yields either a site or ContentErrors whose
       every entry says `path:line: message`; no other exception escapes.
    2. Every string that goes into the content comes out of the pages as text: escaped in
       elements and attributes, intact in JSON-LD, claims.json and the feed.
    3. Any `date:` is either accepted (and its ISO form parses back to the same date) or
       reported at the line of the `date:` key.

The tests read with `load_content` and render with `build_site` into a temporary folder;
the slow search indexer is never run. Each example gets a fresh copy of
tests/sites/base made with tempfile, so no function-scoped fixture is shared by examples.

The bugs these properties found are kept as regression tests, each with its failing inputs
as explicit examples: explicit YAML tags with bad values, aware datetimes at the calendar's
edge, control characters that broke feed.xml, and YAML 1.1 numbers read as years.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from claimsite import ContentErrors, build_site, load_content
from claimsite.dates import parse_date

from .conftest import REPO, SITES
from .htmlcheck import live_markup

TEMPLATES = REPO / "templates"

PROPERTY_SETTINGS = dict(deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- helpers -------------------------------------------------------------------------------

class _Workdir:
    """A fresh copy of the base fixture site in a temporary folder, removed on exit."""

    def __enter__(self) -> Path:
        self.tmp = Path(tempfile.mkdtemp(prefix="claimsite-prop-"))
        content = self.tmp / "content"
        shutil.copytree(SITES / "base", content)
        return content

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def render(content_dir: Path) -> dict[str, bytes]:
    """Every file of the site built from `content_dir` (no search index, no cache)."""
    out = content_dir.parent / "out"
    # With the site's address, so the feed and sitemap (made only then) are checked too.
    build_site(content_dir, out, TEMPLATES, search_index=False, use_cache=False,
               base_url="https://tracker.example.org/")
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def check_content_errors(err: ContentErrors) -> None:
    """Every reported problem names a file, a line in it and what is wrong, as path:line: msg."""
    assert err.errors, "ContentErrors raised with no errors in it"
    for error in err.errors:
        assert isinstance(error.path, str) and error.path, error
        assert type(error.line) is int and error.line >= 1, (error.line, str(error))
        assert isinstance(error.message, str) and error.message, error
        assert str(error).startswith(f"{error.path}:{error.line}: "), str(error)


def dump(data: object, **options) -> str:
    return yaml.safe_dump(data, sort_keys=False, **options)


# --- strategies: values ----------------------------------------------------------------------

FIXED_OFFSETS = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                 dt.timezone(dt.timedelta(hours=-8)), dt.timezone(dt.timedelta(hours=14))]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(1000, 2100),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=24),
    st.sampled_from(["", " ", "2024", "2024-06", "2024-02-30", "2024-06-18 00:17", "nato",
                     "ada-speaker", "Speaker", "daily", "https://example.org/a", "javascript:x",
                     "<script>alert(1)</script>", "~", "null", "yes", "é", "\t", "\u2028"]),
    st.dates(),
    st.datetimes(timezones=st.none() | st.sampled_from(FIXED_OFFSETS)),
)
keys = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none(), st.floats(),
                 st.sampled_from(["title", "titel", "Title", "claim", "speaker", "<<", "date"]))
any_value = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(keys, children, max_size=3),
    max_leaves=8)

SPEAKERS = ["ada-speaker", "bob-official", "ministry", "Speaker", "The Minister",
            "Bob Official", "ADA SPEAKER", "ada", "nobody"]
TOPICS = ["nato", "sanctions", "new-topic", "Bad Topic", "con", "a--b", ""]
CLAIM_IDS = ["plan-works", "c1", "c-2", "first-report-2", "Bad Id", "con", "x-", "1"]

dates_written = st.one_of(
    st.dates(), st.datetimes(timezones=st.none() | st.sampled_from(FIXED_OFFSETS)),
    st.integers(-5, 10_000),
    st.from_regex(r"\A\d{4}(-\d{2}(-\d{2}( \d{2}:\d{2}(:\d{2})?)?)?)?\Z"),
    st.sampled_from(["2024", "2024-06", "2024-06-18", "2024-02-30", "2024-13", "0000",
                     "2024-06-18 25:00", "june 2024", ""]),
)

MARKDOWN_PIECES = [
    "# Heading", "## Sub *heading*", "Some *emphasis* and **strong** text.", "> a blockquote",
    "- item one\n- item two", "1. first\n2. second", "`inline code`", "```\nfenced\n```",
    "    indented code", "[link](https://example.org/x)", "[bad](javascript:alert(1))",
    "<script>alert('body')</script>", "<img src=x onerror=alert(1)>", "<b>bold</b> <i>it</i>",
    "<a href=\"javascript:alert(2)\" onclick=\"x()\">raw</a>", "---", "***", "___",
    "“curly” ‘quotes’ — dash – en … ellipsis", "&amp; &lt; &#x3c; &bogus;", "<!-- comment -->",
    "| a | b |\n|---|---|\n| 1 | 2 |", "\tTab-indented", "The plan works, and it works well.",
    "Line with trailing spaces  ", "<div>block</div>", "<", "&", "]]>", "\u2028", "\r",
]
markdown_bodies = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=30)),
                           max_size=8).map("\n\n".join)


def field_values(specific: st.SearchStrategy, wild: bool) -> st.SearchStrategy:
    """A plausible value for a field; in a wild article, sometimes anything at all."""
    return st.one_of(specific, specific, any_value) if wild else specific


words = st.text(min_size=1, max_size=30).filter(str.strip)
valid_dates = st.one_of(
    st.dates(),
    st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31),
                 timezones=st.none() | st.sampled_from(FIXED_OFFSETS)),
    st.integers(1000, 9999),
    st.sampled_from(["2024", "2024-06", "2024-06-18", "2024-06-18 00:17", "2024-06-18T00:17:05"]),
)
valid_topics = st.lists(st.sampled_from(["nato", "sanctions", "new-topic", "x1"]), max_size=3)


@st.composite
def claim_entries(draw, body: str, slug: str, index: int, wild: bool) -> object:
    start = draw(st.integers(0, len(body)))
    end = draw(st.integers(start, min(len(body), start + 60)))
    excerpt = body[start:end]
    quotes = st.just(excerpt) if excerpt.strip() else st.just("The plan works")
    ids = st.sampled_from([f"{slug}-{index}", f"c{index}-{slug}", "plan-works"])
    if wild:
        quotes |= st.sampled_from(["the plan works", ""]) | st.text(max_size=20)
        ids |= st.sampled_from(CLAIM_IDS) | st.from_regex(r"\A[a-z0-9]{1,6}\Z")
    specific = {
        "id": ids,
        "speaker": st.sampled_from(SPEAKERS[:7] if not wild else SPEAKERS),
        "date": (dates_written if wild else valid_dates) | st.none(),
        "assertion": words | st.just("The plan is working."),
        "quote": quotes,
        "context": words,
        "via": words,
        "topics": valid_topics | st.sampled_from(TOPICS) if wild else valid_topics,
        "notes": words,
    }
    entry = draw(st.fixed_dictionaries(
        {"speaker": field_values(specific["speaker"], wild)},
        optional={name: field_values(s, wild) for name, s in specific.items() if name != "speaker"}))
    if entry.get("id") == "plan-works" and not wild:  # the base site's claim: same speaker
        entry["speaker"] = "Speaker"
        entry["assertion"] = "The plan is working."
    elif not wild:
        entry.setdefault("assertion", "Something was said.")
    if wild:
        if draw(st.integers(0, 9)) == 0:
            del entry["speaker"]
        entry.update(draw(st.dictionaries(keys, any_value, max_size=1)))
        if draw(st.integers(0, 19)) == 0:
            return draw(any_value)
    return entry


@st.composite
def structured_front_matter(draw, body: str, slug: str, wild: bool) -> object:
    """(a) A dict built from the real field names, values plausible or (if wild) arbitrary."""
    outlets = ["daily", "weekly", "The Daily Example", "WEEKLY EXAMPLE"]
    urls = ["https://example.org/a", "http://x.example/b?q=\"<>\"&r=é", "HTTPS://EXAMPLE.ORG"]
    if wild:
        outlets += ["dialy", "unknown"]
        urls += ["javascript:alert(1)", "ftp://x", "https://", "//x.org", "http://a b"]
    claims = st.integers(0, 3).flatmap(lambda n: st.tuples(
        *(claim_entries(body, slug, i, wild) for i in range(n))).map(list))
    specific = {
        "title": words | st.just("A title"),
        "outlet": st.sampled_from(outlets),
        "url": st.sampled_from(urls) | (st.text(max_size=20) if wild else st.nothing()),
        "published": dates_written if wild else valid_dates,
        "author": words,
        "language": st.sampled_from(["en", "uk", "de-CH"]),
        "topics": valid_topics | st.sampled_from(TOPICS) if wild else valid_topics,
        "claims": claims,
        "notes": words,
    }
    data = draw(st.fixed_dictionaries(
        {"title": field_values(specific["title"], wild)},
        optional={name: field_values(s, wild) for name, s in specific.items() if name != "title"}))
    if wild:
        if draw(st.integers(0, 9)) == 0:
            del data["title"]
        data.update(draw(st.dictionaries(keys, any_value, max_size=2)))
        if draw(st.integers(0, 19)) == 0:
            data = draw(any_value)  # a list, a scalar or nothing at all
    return data


BROKEN_YAML = [
    "title: ok", "title: [unclosed", "title: {a: 1", "title: 'unclosed", 'title: "unclosed',
    "\ttitle: tabbed", "title:\tx", "  - dangling item", "claims:", "claims:\n  - speaker: ada-speaker",
    "  - speaker: ada-speaker\n    assertion: A.", "    assertion: x\n   quote: misindented",
    "a: &anchor [1, 2]", "b: *anchor", "c: *undefined", "d: &x [*x]",
    "bomb: &a [x, x, x, x, x, x, x, x, x]\nbomb2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "<<: {title: merged}", "title: !!python/object:os.system ls",
    "title: !!python/object/apply:os.system [ls]", "title: !!binary aGVsbG8=", "title: !custom x",
    "title: !!str 1", "title: !!int x", "title: !!float y", "title: !!timestamp 2024-02-30",
    "published: 2024-02-30", "published: 0001-01-01 00:00:00+05:00",
    "published: 9999-12-31 23:59:59-08:00", "date: 17:30", "published: 0x7e8",
    "---", "...", "%YAML 1.1", "%TAG ! tag:example.com,2000:", "--- !!map", "? complex\n: key",
    "? [a, b]\n: value", "[a, b]: value", "title: x\ntitle: y", "title: |\n  block\n  text",
    "title: >-\n  folded", "@reserved", "`backtick", "- top-level list", "just a scalar",
    "\ufeff", "\ufefftitle: bom inside", "title: \x07bell", "title: \x85nel", "\u2028", "#comment",
    "title: x # comment", "{", "}", "[", "]", ":", "- - -", "title: x: y", "&a", "*a", "!!set {a}",
    "claims: [{speaker: ada-speaker, assertion: A., quote: nowhere}]",
    "claims:\n  - speaker: ada-speaker\n    assertion: A.\n    date: 2024-06-18\n  - id: plan-works\n"
    "    speaker: bob-official\n    assertion: Different.",
]
broken_lines = st.lists(st.one_of(st.sampled_from(BROKEN_YAML), st.text(max_size=16)),
                        max_size=8).map("\n".join)


@st.composite
def front_matter_texts(draw, body: str, slug: str, wild: bool) -> str:
    """The text between the `---` lines: dumped structured data, raw broken YAML, or a mix."""
    kind = draw(st.sampled_from(["structured", "structured", "broken", "spliced"])) \
        if wild else "structured"
    if kind == "broken":
        return draw(broken_lines)
    text = dump(draw(structured_front_matter(body, slug, wild)),
                allow_unicode=draw(st.booleans()),
                default_flow_style=draw(st.sampled_from([False, None, True])),
                width=draw(st.sampled_from([80, 12, 10**6])))
    if kind == "spliced":
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = [draw(broken_lines)]
        text = "\n".join(lines)
    return text


@st.composite
def article_files(draw, slug: str, wild: bool) -> bytes:
    body = draw(markdown_bodies)
    fm = draw(front_matter_texts(body, slug, wild))
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    text = "---\n" + fm + ("" if fm.endswith("\n") else "\n") + "---\n" + body
    if wild and draw(st.integers(0, 9)) == 0:  # front matter left open, or none at all
        text = draw(st.sampled_from([text.replace("\n---\n", "\n", 1), body, "", "---\n" + fm]))
    text = text.replace("\n", newline)
    if draw(st.booleans()):
        text = "\ufeff" + text
    data = text.encode("utf-8")
    if wild and draw(st.integers(0, 14)) == 0:  # not UTF-8, or a NUL: reported at its line
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\x00", b"\xc3", b"\xed\xa0\x80"])) + data[at:]
    return data


good_names = st.sampled_from(["gen-a", "gen-b", "first-report", "x1"]) | \
    st.from_regex(r"\A[a-z0-9]{1,8}\Z")
bad_names = st.sampled_from(["con", "Bad_Name", "x.y", "a--b", "-lead", "caf\u00e9", "lpt1"])


@st.composite
def article_sets(draw) -> dict[str, bytes]:
    """One to three article files. About half the examples are "tame" (every value plausible,
    so most of them build and get rendered); the rest are wild (anything goes)."""
    wild = draw(st.booleans())
    names = draw(st.lists(good_names | bad_names if wild else good_names,
                          min_size=1, max_size=3, unique=True))
    return {name: draw(article_files(name, wild and draw(st.booleans()) or (wild and i == 0)))
            for i, name in enumerate(names)}


# --- 1. any front matter: a site, or ContentErrors with path:line -------------------------

def _lines_in(path: Path) -> int:
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.count(b"\n") + 1


def assert_builds_or_reports(articles: dict[str, bytes]) -> None:
    with _Workdir() as content:
        for name, data in articles.items():
            (content / "articles" / f"{name}.md").write_bytes(data)
        try:
            loaded = load_content(content)
        except ContentErrors as err:
            check_content_errors(err)
            for error in err.errors:  # and the line is one of the file's own
                path = Path(error.path)
                if path.is_file():
                    assert error.line <= _lines_in(path), f"{error} (file has {_lines_in(path)} lines)"
            return
        files = render(content)
        assert "index.html" in files
        for article in loaded.articles:
            assert f"articles/{article.slug}.html" in files


@settings(max_examples=300, **PROPERTY_SETTINGS)
@given(article_sets())
@example({"gen-a": "---\ntitle: Ünïcode\u2028title\nauthor: [\n---\n\ufeffbody".encode()})
@example({"gen-a": b"\xef\xbb\xbf---\r\ntitle: t\r\n\tauthor: x\r\n---\r\nbody"})
@example({"gen-a": b"---\ntitle: x\nclaims:\n  - &c {speaker: ada-speaker, assertion: A.}\n  - *c\n---\n"})
@example({"gen-a": b"---\ntitle: x\nclaims:\n  - id: plan-works\n    speaker: bob-official\n"
                   b"    assertion: Other words.\n---\n", "gen-b": b"---\n---\n"})
def test_any_front_matter_builds_or_reports_path_and_line(articles):
    assert_builds_or_reports(articles)


# Regression tests for crashes the property above found (both escaped as Python exceptions).

@settings(max_examples=20, report_multiple_bugs=False, **PROPERTY_SETTINGS)
@example("!!int ''")
@example("!!bool maybe")
@example("!!timestamp x")
@given(st.sampled_from(["!!int ''", "!!int _", "!!int '-'", "!!float ''", "!!bool ''",
                        "!!bool maybe", "!!timestamp ''", "!!timestamp x",
                        "!!timestamp '2024-01-01\n\n  00:00:00'"]))
def test_an_explicit_yaml_tag_with_a_bad_value_is_a_content_error(tagged):
    assert_builds_or_reports({"gen-a": f"---\ntitle: {tagged}\n---\nText\n".encode()})


@settings(max_examples=20, **PROPERTY_SETTINGS)
@example("published: 0001-01-01 00:00:00+05:00")
@example("claims:\n  - speaker: ada-speaker\n    assertion: A.\n    date: 9999-12-31 23:59:59-08:00")
@given(st.sampled_from(["published: 0001-01-01 00:00:00+05:00",
                        "published: 9999-12-31 23:59:59-08:00"]))
def test_an_aware_datetime_at_the_calendar_edge_is_a_content_error(field):
    assert_builds_or_reports({"gen-a": f"---\ntitle: x\n{field}\n---\nText\n".encode()})


# --- 2. every string that goes in comes out escaped -----------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
    "\"><svg onload=alert(4)>", "'><b>bold</b>", "javascript:alert(5)", "&amp;", "&lt;script&gt;",
    "&#60;script&#62;", "<!--", "-->", "<![CDATA[", "]]>", "</title>", "</textarea>", "{{ 7*7 }}",
    "{% raw %}", "<a href=\"javascript:alert(6)\">x</a>", "<style>*{}</style>", "<iframe src=//e>",
    "\\u003c/script\\u003e", "<math><mi>x</mi></math>", "<base href=//evil/>", "<", ">", "&", "\"",
    "'", "`", "=", "onerror=alert(7)", "<p>", "</h1>", "\u2028", "\x85", "é ü 中文 🙂",
]
# C0 controls (but tab and newlines) and U+FFFE/U+FFFF: XML 1.0 cannot carry them, and the
# checker refuses them in text fields (tested on their own below, with the feed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A value starting "TODO" is a placeholder `new` leaves, refused on purpose (test_cli.py).
hostile = (st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=8)), min_size=1, max_size=4)
           .map(lambda parts: _NOT_XML.sub("", "".join(parts)).strip())
           .filter(lambda s: s and not s.startswith("TODO")))
KNOWN_NAMES = {"ada-speaker", "speaker", "the minister", "bob-official", "bob official", "ministry",
               "ministry of examples"}
speaker_names = hostile.filter(lambda s: s.casefold() not in KNOWN_NAMES)
# The outlet of the article below is given by key; a name equal to a key is still fine.
FIELDS = ["title", "author", "assertion", "quote", "context", "via", "speaker_name",
          "speaker_role", "outlet_name", "site_title", "site_description", "topic_name"]
hostile_sites = st.fixed_dictionaries(
    {name: speaker_names if name == "speaker_name" else hostile for name in FIELDS})


def exact(value: str) -> str:
    """Dump a string so every character survives (double-quoted, one line)."""
    return dump(value, default_style='"', width=10**9).removesuffix("\n...\n").rstrip("\n")


def write_hostile_site(content: Path, v: dict[str, str]) -> None:
    (content / "site.yaml").write_text(
        f"title: {exact(v['site_title'])}\ndescription: {exact(v['site_description'])}\n"
        f"language: en\ntopics:\n  nato: {exact(v['topic_name'])}\n  sanctions: Sanctions\n",
        encoding="utf-8")
    (content / "people.yaml").write_text(
        f"ada-speaker:\n  name: {exact(v['speaker_name'])}\n  aliases: [Speaker, The Minister]\n"
        f"  role: {exact(v['speaker_role'])}\nbob-official:\n  name: Bob Official\n"
        f"ministry:\n  name: Ministry of Examples\n  kind: organisation\n", encoding="utf-8")
    (content / "outlets.yaml").write_text(
        f"daily:\n  name: {exact(v['outlet_name'])}\n  url: https://daily.example.org/\n"
        f"weekly:\n  name: Weekly Example\n", encoding="utf-8")
    (content / "articles" / "hostile.md").write_text(
        f"---\ntitle: {exact(v['title'])}\noutlet: daily\nurl: https://daily.example.org/h\n"
        f"published: 2024-06-20\nauthor: {exact(v['author'])}\ntopics: [nato]\nclaims:\n"
        f"  - id: hostile-claim\n    speaker: ada-speaker\n    assertion: {exact(v['assertion'])}\n"
        f"    quote: {exact(v['quote'])}\n    context: {exact(v['context'])}\n"
        f"    via: {exact(v['via'])}\n    topics: [nato]\n"
        f"---\nThe report begins here.\n\n{v['quote']}\n\nThe report ends here.\n",
        encoding="utf-8")


class _Parsed(HTMLParser):
    """Attribute values, element text (entities decoded) and script bodies of a page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str, str]] = []
        self.texts: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.attrs.extend((tag, name, value or "") for name, value in attrs)
        if tag == "script":
            self._script = dict(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.texts.append(data)

    def has_text(self, value: str) -> bool:
        return any(value in text for text in self.texts)


def tag_census(page: str) -> Counter:
    """How many of each start tag (with its attribute names) and end tag a page has, leaving
    out what is inside an article text (`<div class="body">`, sanitised Markdown)."""
    census: Counter = Counter()
    skipping = 0  # depth of <div> inside the article text

    class Census(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal skipping
            if skipping:
                skipping += tag == "div"
                return
            census[(tag, tuple(sorted(name for name, _ in attrs)))] += 1
            if tag == "div" and ("class", "body") in attrs:
                skipping = 1

        def handle_endtag(self, tag):
            nonlocal skipping
            if skipping:
                skipping -= tag == "div"
                if skipping:
                    return
            census[("/" + tag,)] += 1

    parser = Census(convert_charrefs=True)
    parser.feed(page)
    parser.close()
    return census


NEUTRAL = {name: f"Neutral {name.replace('_', ' ')}" for name in FIELDS}
_neutral: dict[str, Counter] = {}


def neutral_census() -> dict[str, Counter]:
    """The markup of every page of the same site with plain words in place of the payloads:
    with the payloads escaped, every page but the article's (whose text is Markdown) must have
    exactly the same elements and attributes."""
    if not _neutral:
        with _Workdir() as content:
            write_hostile_site(content, NEUTRAL)
            files = render(content)
        _neutral.update({name: tag_census(data.decode("utf-8")) for name, data in files.items()
                         if name.endswith(".html")})
    return _neutral


# Which page must show which value as text.
WHERE = {
    "title": ["articles/hostile.html", "claims/hostile-claim.html", "articles.html"],
    "author": ["articles/hostile.html"],
    "assertion": ["claims/hostile-claim.html", "articles/hostile.html", "index.html"],
    "quote": ["claims/hostile-claim.html"],
    "context": ["claims/hostile-claim.html"],
    "via": ["claims/hostile-claim.html"],
    "speaker_name": ["speakers/ada-speaker.html", "claims/hostile-claim.html", "speakers.html"],
    "speaker_role": ["speakers/ada-speaker.html", "claims/hostile-claim.html"],
    "outlet_name": ["outlets/daily.html", "articles/hostile.html", "outlets.html"],
    "site_title": ["index.html", "404.html", "claims/hostile-claim.html"],
    "site_description": ["index.html"],
    "topic_name": ["topics/nato.html", "topics.html"],
}


def dashes(text: str) -> str:
    """What the quote should look like typeset, worked out here rather than by the code under
    test: a spaced double hyphen between words is an en dash, an unspaced one an em dash."""
    text = re.sub(r"(?<=\w) -- (?=\w)", " \u2013 ", text)
    return re.sub(r"(?<=\w)--(?=\w)", "\u2014", text)


@settings(max_examples=60, **PROPERTY_SETTINGS)
@given(hostile_sites)
@example({name: "<script>alert('x')</script>\"'&<img src=x onerror=alert(1)>" for name in FIELDS})
@example({**{name: "</script><svg onload=alert(2)>" for name in FIELDS},
          "speaker_name": "\"><b>n</b>", "quote": "<b>bold</b> & </script>"})
@example({**NEUTRAL, "topic_name": "</title>", "site_title": "<p>", "title": "</h1><h1>"})
@example({**NEUTRAL, "quote": "<script>alert(1)</script>-->"})  # a typeset dash must not eat it
@example({**NEUTRAL, "quote": "words -- and more--words <i>"})  # typeset, and still text
def test_every_string_that_goes_in_comes_out_escaped(values):
    expected = neutral_census()
    with _Workdir() as content:
        write_hostile_site(content, values)
        files = render(content)
        out = content.parent / "out"
        for name, data in files.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
        assert live_markup(out) == []

    pages = {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".html")}
    assert pages.keys() == expected.keys()
    for name, page in pages.items():
        # Escaped, a payload is text: the page has exactly the elements and attributes it has
        # with plain words in its place. The one difference allowed: a quote the sanitised
        # article text does not show is not linked as "quoted below".
        census = tag_census(page)
        want = expected[name].copy()
        if name == "articles/hostile.html" and 'id="quote-hostile-claim"' not in page:
            want.subtract({("a", ("href",)): 1, ("/a",): 1})
            want = +want
        assert census == want, f"{name}: markup differs: +{dict(census - want)} -{dict(want - census)}"

    parsed = {name: _Parsed(page) for name, page in pages.items()}
    for field, names in WHERE.items():
        for name in names:
            # A quote is shown typeset (a typed "--" between words as a dash), as given otherwise.
            shown = dashes(values[field]) if field == "quote" else values[field]
            assert shown and parsed[name].has_text(shown), \
                f"{field} {values[field]!r} not shown as text in {name}"

    home = parsed["index.html"]
    # (the home page's description: the site's, then how many claims and articles it holds)
    assert any(tag == "meta" and name == "content" and value.startswith(values["site_description"] + " ")
               for tag, name, value in home.attrs)
    claim_page = parsed["claims/hostile-claim.html"]
    (attrs, script), = claim_page.scripts
    assert attrs == {"type": "application/ld+json"}
    data = json.loads(script)
    assert data["name"] == values["assertion"]
    assert data["author"]["name"] == values["speaker_name"]
    record, = [c for c in json.loads(files["claims.json"])["claims"] if c["id"] == "hostile-claim"]
    assert record["assertion"] == values["assertion"]
    assert record["appearances"][0]["quote"] == values["quote"]
    assert record["appearances"][0]["article"]["title"] == values["title"]


def check_feed(values: dict[str, str]) -> None:
    with _Workdir() as content:
        write_hostile_site(content, values)
        files = render(content)
    feed = ElementTree.fromstring(files["feed.xml"])  # well-formed, or this raises
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    # An XML parser reads a carriage return as a line feed, as the XML spec says.
    same = lambda text: (text or "").replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731
    assert same(values["site_title"]) in same(feed.findtext("atom:title", namespaces=ns))
    assert same(values["assertion"]) in [same(e.text) for e in feed.findall("atom:entry/atom:title", ns)]
    assert same(values["speaker_name"]) in \
        [same(e.text) for e in feed.findall("atom:entry/atom:author/atom:name", ns)]
    ElementTree.fromstring(files["sitemap.xml"])


@settings(max_examples=40, **PROPERTY_SETTINGS)
@given(hostile_sites)
def test_the_feed_is_well_formed_xml_with_the_strings_as_text(values):
    check_feed(values)


# Which file each field is written to (see write_hostile_site).
FILE_OF = {"site_title": "site.yaml", "site_description": "site.yaml", "topic_name": "site.yaml",
           "speaker_name": "people.yaml", "speaker_role": "people.yaml",
           "outlet_name": "outlets.yaml"}


@st.composite
def sites_with_a_control_character(draw) -> tuple[dict[str, str], str]:
    values = dict(NEUTRAL)
    field = draw(st.sampled_from([f for f in FIELDS if f != "quote"]))
    control = draw(st.from_regex(_NOT_XML, fullmatch=True))
    text = draw(hostile)
    at = draw(st.integers(0, len(text)))
    # Inside the text: str.strip() removes U+001C..U+001F at either end, as whitespace.
    values[field] = "start " + text[:at] + control + text[at:] + " end"
    return values, field


@settings(max_examples=30, **PROPERTY_SETTINGS)
@example(({**NEUTRAL, "assertion": "Page\x0bbreak"}, "assertion"))  # a Word page break
@example(({**NEUTRAL, "speaker_name": "Ada\x1fSpeaker"}, "speaker_name"))
@example(({**NEUTRAL, "site_title": "Tracker \x01 \ufffe"}, "site_title"))
@given(sites_with_a_control_character())
def test_a_control_character_is_refused_or_kept_out_of_the_feed(case):
    """Once broke feed.xml (not well-formed): now either refused at its line, or harmless."""
    values, field = case
    try:
        check_feed(values)
    except ContentErrors as err:
        check_content_errors(err)
        assert any(e.path.endswith(FILE_OF.get(field, "hostile.md")) for e in err.errors), str(err)


# --- 3. dates --------------------------------------------------------------------------------

DATE_LINE = 7  # the line of `date:` in the article below


def date_article(written: str) -> str:
    return ("---\ntitle: Dated\nclaims:\n  - id: dated\n    speaker: ada-speaker\n"
            f"    assertion: Something was said.\n    date: {written}\n---\nText.\n")


date_texts = st.one_of(
    st.from_regex(r"\A-?\d{1,5}(-\d{1,2}(-\d{1,2}([T ]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,6})?)?"
                  r"( ?Z|[+-]\d{1,2}(:\d{2})?)?)?)?)?\Z"),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat(" ")),
    st.datetimes().map(lambda d: d.isoformat(" ", "minutes")),
    st.integers(-10**6, 10**6).map(str),
    st.text(max_size=12),
    st.sampled_from(["2024", "2024-06", "2024-6", "2024-02-30", "2023-02-29", "2024-02-29",
                     "0000", "0001", "9999-12-31", "2024-06-18T24:00", "2024-06-18 23:60",
                     "1:30", "17:30", "02024", "0x7e8", "2_024", "+2024", "2024.0", "~", "null",
                     "2024-06-18T10:00:00Z", "2024-06-18 10:00:00 +02:00", "2001-12-14t21:59:43.10-05:00"]),
)
# Plain (unquoted) YAML is only tried for text that stays one scalar on the `date:` line.
_PLAIN = re.compile(r"[0-9A-Za-z_.+-][0-9A-Za-z:+._ -]*")


def _date_written(text: str, plain: bool) -> str:
    if plain and _PLAIN.fullmatch(text) and not text.endswith(" ") and ": " not in text:
        return text
    return exact(text)


def load_date(written: str):
    with _Workdir() as content:
        (content / "articles" / "dated.md").write_text(date_article(written), encoding="utf-8")
        content_record = load_content(content)
    return content_record.claims["dated"].appearances[0]


@settings(max_examples=200, **PROPERTY_SETTINGS)
@given(st.one_of(date_texts, st.integers()), st.booleans())
@example("2024-02-30", True)
@example("2024-06-18 00:17", True)
@example("", False)
def test_a_date_is_accepted_and_round_trips_or_reported_at_its_line(value, plain):
    written = str(value) if isinstance(value, int) else _date_written(value, plain)
    try:
        appearance = load_date(written)
    except ContentErrors as err:
        check_content_errors(err)
        assert [e.line for e in err.errors] == [DATE_LINE] * len(err.errors), str(err)
        assert all(e.path.endswith("dated.md") for e in err.errors), str(err)
        return
    date = appearance.date
    if date is None:  # `date: ~` / `date: null`: the report does not say
        assert appearance.date_given is False
        return
    assert appearance.date_given
    assert parse_date(date.iso()) == date
    assert parse_date(date.iso()).iso() == date.iso()


# YAML 1.1 reads some unquoted numbers in ways no editor means: `17:30` is base-60 (1050),
# `02024` is octal (1044), `0x7e8` hex (2024), `2_024` and `+2024` are 2024. These once passed
# the check as years. The property: what YAML reads as a number is accepted only if the text
# itself is a date; timestamps YAML parses itself (with seconds or a time zone) are left out.
_YAML_TIMESTAMP = re.compile(
    r"\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?")


@settings(max_examples=100, **PROPERTY_SETTINGS)
@example("17:30")
@example("02024")
@example("0x7e8")
@given(date_texts.filter(lambda t: _PLAIN.fullmatch(t) is not None and not t.endswith(" ")
                         and ": " not in t and _YAML_TIMESTAMP.fullmatch(t) is None))
def test_an_unquoted_date_means_what_it_says(text):
    try:
        expected = parse_date(text)
    except ValueError:
        expected = None
    try:
        appearance = load_date(text)
    except ContentErrors:
        got = "error"
    else:
        got = appearance.date if appearance.date_given else None
    if text in ("~", "null", "Null", "NULL"):
        return
    assert got == (expected or "error"), f"date: {text} read as {got!r}"
