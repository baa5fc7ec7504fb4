"""recorded.py: the views note each record, list and value a page reads, by name, and each
name's digest changes exactly when what it names changes."""

from __future__ import annotations

import shutil

import pytest

from claimsite.content import load_content
from claimsite.i18n import Interface
from claimsite.index import build_index
from claimsite.recorded import MISSING, Listed, Reading, Records, _Found
from claimsite.render import environment
from claimsite.sources import Sources

from .conftest import REPO, SITES


def sources_of(content_dir, templates) -> Sources:
    content = load_content(content_dir)
    interface = Interface(content.site.language)
    return Sources(content, build_index(content, interface), environment(templates, interface),
                   base="base", i18n=interface)


@pytest.fixture
def sources(tmp_path):
    shutil.copytree(SITES / "base", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return sources_of(tmp_path / "content", tmp_path / "templates")


def test_a_record_read_by_key_is_noted_by_key():
    noted = set()
    people = Records({"ada": "Ada", "bob": "Bob"}, "p", "people", noted.add)
    assert people["ada"] == "Ada" and noted == {"p:ada"}
    assert "carol" not in people and "p:carol" in noted  # its absence is read too
    with pytest.raises(KeyError):
        people["dan"]
    assert "p:dan" in noted


def test_going_through_every_record_notes_each_and_the_keys():
    noted = set()
    people = Records({"ada": "Ada", "bob": "Bob"}, "p", "people", noted.add)
    assert list(people.values()) == ["Ada", "Bob"]
    assert noted == {"k:people", "p:ada", "p:bob"}
    noted.clear()
    assert dict(people.items()) == {"ada": "Ada", "bob": "Bob"} and noted == {"k:people", "p:ada", "p:bob"}
    noted.clear()
    assert len(people) == 2 and noted == {"n:people"}
    noted.clear()
    assert [key for key in people] == ["ada", "bob"] and noted == {"k:people"}


def test_a_list_counted_is_noted_as_its_length_only():
    noted = set()
    listed = Listed([1, 2, 3], "index\x1fclaims", noted.add)
    assert len(listed) == 3 and bool(listed) and noted == {"n:index\x1fclaims"}
    assert not Listed([], "none", noted.add) and Listed([7], "one", noted.add)  # (`if list` counts it)
    assert noted == {"n:index\x1fclaims", "n:none", "n:one"}


@pytest.mark.parametrize("use", [list, lambda x: x[0], lambda x: 2 in x, lambda x: list(reversed(x)),
                                 lambda x: x + [9]])
def test_a_list_used_in_any_other_way_is_noted_whole(use):
    noted = set()
    use(Listed([1, 2, 3], "articles", noted.add))
    assert "l:articles" in noted  # (list() asks its length too)


def test_a_list_says_what_it_holds():
    listed = Listed([1, 2, 3], "articles", set().add)
    assert 2 in listed and 5 not in listed


def test_a_slice_is_a_list_of_its_own_noted_when_used():
    noted = set()
    newest = Listed([1, 2, 3, 4], "index\x1fclaims", noted.add)[:2]
    assert noted == set()
    assert [c for c in newest] == [1, 2] and noted == {"l:index\x1fclaims\x1f\x1e:2"}
    noted.clear()
    assert [c for c in Listed([1, 2, 3, 4], "x", noted.add)[1:3]] == [2, 3] and noted == {"l:x\x1f\x1e1:3"}


def test_the_index_read_through_a_page_notes_each_path(sources):
    reading = Reading(sources)
    index = reading.index
    speaker = next(iter(sources.index.by_speaker))
    reading.names.clear()
    assert len(index.by_speaker[speaker]) == len(sources.index.by_speaker[speaker])
    assert reading.names == {f"n:index\x1fby_speaker\x1f{speaker}"}
    reading.names.clear()
    assert "nobody" not in index.by_speaker and reading.names == {"n:index\x1fby_speaker\x1fnobody"}
    with pytest.raises(KeyError):
        index.by_topic["nothing"]
    assert "l:index\x1fby_topic\x1fnothing" in reading.names
    reading.names.clear()
    assert [k for k in index.topics] == list(sources.index.topics) and reading.names == {"k:index\x1ftopics"}
    reading.names.clear()
    assert len(index.topics) == len(sources.index.topics) and reading.names == {"n:index\x1ftopics"}


def test_a_page_notes_values_templates_and_content(sources):
    reading = Reading(sources)
    assert reading.names == {"v:several_languages"}  # every page may show it (its common context)
    assert reading.value("years_in_use") == sources.values["years_in_use"]
    assert "v:years_in_use" in reading.names
    assert "{% extends" in reading.template_source("home.html") and "t:home.html" in reading.names
    assert reading.content.methodology == sources.content.methodology and "v:methodology" in reading.names
    slug = sources.content.articles[0].slug
    assert reading.by_slug[slug] is sources.content.articles[0] and f"a:{slug}" in reading.names
    assert reading.common["people"] is reading.content.people
    assert {key: reading.common[key] for key in sources.common} == sources.common  # and the site's own
    found = _Found({"a": {"c"}}, reading.names.add)  # the quotes an article's text marks, by slug
    assert "a" in found and "b" not in found and {"a:a", "a:b"} <= reading.names
    claim_id = next(iter(sources.content.claims))
    reading.names.clear()
    assert reading.drawn(claim_id) == sources.drawn(claim_id) and reading.names == {f"s:{claim_id}"}


def test_a_renderer_a_page_makes_is_kept_for_the_build(sources):
    reading = Reading(sources)
    assert reading.body_renderer() is sources.body_renderer() is sources.bodies


def test_each_name_stands_for_what_it_names(sources, tmp_path):
    digests = sources.digests
    claim = sources.index.claims[0]
    assert digests.of(f"c:{claim.id}") == sources.claim[claim.id]
    assert digests.of("c:no-such-claim") == MISSING
    assert digests.of("t:home.html") != MISSING and digests.of("t:no-such.html") == MISSING
    assert digests.of("n:index\x1fclaims") == str(len(sources.index.claims))
    assert digests.of("n:index\x1fby_topic\x1fno-such-topic") == MISSING
    assert digests.of("l:index\x1fclaims\x1f\x1e:1") == digests._deep([claim])
    assert digests.of("l:no-such-root") == MISSING
    assert digests.of("l:index\x1fno_such_field") == MISSING
    assert digests.of("k:people") != digests.of("k:outlets")


def test_a_digest_changes_when_what_it_names_changes(tmp_path):
    shutil.copytree(SITES / "base", tmp_path / "content")
    before = sources_of(tmp_path / "content", REPO / "templates")
    article = tmp_path / "content" / "articles" / "second-report.md"
    article.write_text(article.read_text(encoding="utf-8").replace("again.", "once again."), encoding="utf-8")
    after = sources_of(tmp_path / "content", REPO / "templates")
    changed = {c.id for c in after.index.claims if after.claim[c.id] != before.claim[c.id]}
    assert changed == {a.claim_id for a in after.by_slug["second-report"].appearances}
    unchanged = [c for c in after.index.claims if c.id not in changed]
    for name in ["l:index\x1fclaims", "l:articles"]:
        assert before.digests.of(name) != after.digests.of(name)
    for name in ["n:index\x1fclaims", "k:people", "n:articles", "t:claim.html"]:
        assert before.digests.of(name) == after.digests.of(name)
    for claim in unchanged:
        assert before.digests.of(f"c:{claim.id}") == after.digests.of(f"c:{claim.id}")
    names = ["t:claim.html", f"c:{unchanged[0].id}"] if unchanged else ["t:claim.html"]
    assert before.digests.fingerprint("claim", "x", names) == after.digests.fingerprint("claim", "x", names)
    changing = [*names, f"c:{sorted(changed)[0]}"]
    assert before.digests.fingerprint("claim", "x", changing) != after.digests.fingerprint("claim", "x", changing)
    assert before.digests.fingerprint("claim", "x", names) != before.digests.fingerprint("claim", "y", names)


def test_each_view_of_the_content_notes_its_own_kind(sources):
    reading = Reading(sources)
    content, names = reading.content, reading.names
    person, outlet = next(iter(sources.content.people)), next(iter(sources.content.outlets))
    claim, article = sources.index.claims[0], sources.content.articles[0]
    checks = [
        (lambda: content.people[person], {f"p:{person}"}),
        (lambda: content.outlets[outlet], {f"o:{outlet}"}),
        (lambda: content.claims[claim.id], {f"c:{claim.id}"}),
        (lambda: len(content.people), {"n:people"}), (lambda: len(content.outlets), {"n:outlets"}),
        (lambda: len(content.claims), {"n:claims"}), (lambda: len(content.articles), {"n:articles"}),
        (lambda: [k for k in content.outlets], {"k:outlets"}),
        (lambda: content.articles[0], {"l:articles"}),
        (lambda: content.methodologies, {"v:methodology"}),
        (lambda: reading.found.get(article.slug), {f"a:{article.slug}"}),
        (lambda: article.slug in reading.found, {f"a:{article.slug}"}),
        (lambda: [s for s in reading.found], {"k:articles"}), (lambda: len(reading.found), {"n:articles"}),
        (lambda: reading.by_slug[article.slug], {f"a:{article.slug}"}),
        (lambda: len(reading.by_slug), {"n:articles"}),
        (lambda: [k for k in reading.topic_names], {"k:topic_names"}),
        (lambda: reading.index.claims[0], {"l:index\x1fclaims"}),
        (lambda: reading.common["claims"][claim.id], {f"c:{claim.id}"}),
        (lambda: reading.common["outlets"][outlet], {f"o:{outlet}"}),
        (lambda: [k for k in reading.common["topic_names"]], {"k:topic_names"}),
    ]
    sources.found[article.slug] = set()
    for read, expected in checks:
        names.clear()
        read()
        assert names == expected, expected
    assert content.site is sources.content.site and reading.common["several_languages"] is False
    assert reading.language == sources.language  # everything else is the Sources' own


def test_a_value_of_the_index_that_is_no_list_is_noted_whole(sources):
    reading = Reading(sources)
    anchor = sources.index.period_labels[0][0]
    reading.names.clear()
    period = reading.index.periods[anchor]
    assert period is sources.index.periods[anchor]
    assert reading.names == {f"l:index\x1fperiods\x1f{anchor}"}
    with pytest.raises(AttributeError):
        reading.index._value_of_nothing


def test_every_kind_of_name_has_its_digest(sources):
    digests, content = sources.digests, sources.content
    person, outlet = next(iter(content.people)), next(iter(content.outlets))
    article = content.articles[0]
    assert digests.of(f"a:{article.slug}") == sources.article[article.slug]
    assert digests.of(f"p:{person}") == sources.person[person]
    assert digests.of(f"o:{outlet}") == sources.outlet[outlet]
    assert digests.of("a:none") == digests.of("p:none") == digests.of("o:none") == MISSING
    assert digests.of("v:years_in_use") != digests.of("v:report_languages")
    assert digests.of("v:no-such-value") == digests.of("v:other-unknown")
    assert digests.of("x:unknown-kind") == MISSING
    assert digests.of("k:people") == digests.of("k:people") and digests.of("k:people") != MISSING
    assert digests.of("n:people") == str(len(content.people))
    assert digests.of("n:outlets") == str(len(content.outlets))
    assert digests.of("n:claims") == str(len(content.claims))
    assert digests.of("n:articles") == str(len(content.articles))
    assert digests.of("n:topic_names") == str(len(sources.topic_names))
    anchor = sources.index.period_labels[0][0]
    assert digests.of(f"n:index\x1fperiods\x1f{anchor}") == "1"  # there, and no list
    claims = sources.index.claims
    assert digests.of("l:index\x1fclaims\x1f\x1e1:") == digests._deep(claims[1:])
    assert digests.of("l:index\x1fclaims\x1f\x1e:") == digests.of("l:index\x1fclaims")
    assert digests.of("l:index\x1ftopics\x1f\x1e:1") == MISSING  # a mapping has no slices
    assert digests.of("l:index\x1fclaims\x1fnot-a-step") == MISSING
    assert digests.of("l:articles\x1fperiods") == MISSING  # only the index has fields
    assert digests.of(f"l:index\x1fby_speaker\x1f{claims[0].speaker}") == digests._deep(
        sources.index.by_speaker[claims[0].speaker])


def test_a_deep_digest_tells_records_and_values_apart(sources):
    deep, content = sources.digests._deep, sources.content
    claim, article = sources.index.claims[0], content.articles[0]
    person, outlet = next(iter(content.people.values())), next(iter(content.outlets.values()))
    assert deep(claim) == sources.claim[claim.id] and deep(article) == sources.article[article.slug]
    assert deep(person) == sources.person[person.key] and deep(outlet) == sources.outlet[outlet.key]
    assert deep("a") != deep("b") and deep(1) != deep("1") and deep(None) != deep("None")
    assert deep([claim]) != deep([claim, claim]) and deep((1, 2)) != deep((2, 1))
    assert deep({"a": [claim]}) != deep({"b": [claim]}) and deep({"a": 1}) != deep({"a": 2})
    period = sources.index.timeline[0]
    from dataclasses import replace
    assert deep(period) != deep(replace(period, label="other"))
    assert deep(period) != deep(replace(period, anchor="other"))
    assert deep(period) != deep(replace(period, claims=[]))
    if sources.index.corrections:
        fixed = sources.index.corrections[0]
        assert deep(fixed) != deep(replace(fixed, page="other.html"))


def test_a_fingerprint_is_of_the_build_the_page_and_what_it_read(sources):
    fingerprint = sources.digests.fingerprint
    names = ["t:claim.html", "n:people"]
    same = fingerprint("claim", "x", names)
    assert same == fingerprint("claim", "x", list(reversed(names)))  # the order read is not kept
    assert same != fingerprint("article", "x", names) and same != fingerprint("claim", "x", names[:1])
    other = Sources(sources.content, sources.index, sources.env, base="other", i18n=sources.i18n)
    assert same != other.digests.fingerprint("claim", "x", names)


def test_a_list_is_digested_by_its_records_own_digests_and_its_values(sources):
    from claimsite.cache import digest

    claim = sources.index.claims[0]
    assert sources.digests._deep([claim, "a", 1]) == digest(sources.claim[claim.id], "'a'", "1")
    assert sources.digests._deep([]) == digest()


def test_a_page_whose_names_stand_for_what_they_did_keeps_its_fingerprint(tmp_path):
    """serve's plan (Digests.still): the fingerprint a page had, where each name it read
    stands for the digest it stood for then, and the page is the same kind and key."""
    from claimsite.recorded import Kept

    shutil.copytree(SITES / "base", tmp_path / "content")
    before = sources_of(tmp_path / "content", REPO / "templates")
    edited = {a.claim_id for a in before.by_slug["second-report"].appearances}
    kept_claim = next(c.id for c in before.index.claims if c.id not in edited)
    calm, touched = ["t:claim.html", f"c:{kept_claim}"], ["t:claim.html", f"c:{sorted(edited)[0]}"]
    fingerprint = before.digests.fingerprint
    kept = Kept(before.base, {name: before.digests.of(name) for name in {*calm, *touched}},
                {"calm.html": ("claim", "x", fingerprint("claim", "x", calm)),
                 "touched.html": ("claim", "y", fingerprint("claim", "y", touched))})
    article = tmp_path / "content" / "articles" / "second-report.md"
    article.write_text(article.read_text(encoding="utf-8").replace("again.", "once again."), encoding="utf-8")
    after = sources_of(tmp_path / "content", REPO / "templates")
    same = after.digests.still(kept)
    assert same("calm.html", "claim", "x", calm) == fingerprint("claim", "x", calm) \
        == after.digests.fingerprint("claim", "x", calm)
    assert same("touched.html", "claim", "y", touched) is None  # a name it read changed
    assert same("calm.html", "article", "x", calm) is None  # another kind at that path now
    assert same("calm.html", "claim", "z", calm) is None  # another key (a redirect's target)
    assert same("new.html", "claim", "x", calm) is None  # not planned before
    other = Sources(after.content, after.index, after.env, base="other", i18n=after.i18n)
    assert other.digests.still(kept)("calm.html", "claim", "x", calm) is None
    assert after.digests.still(None)("calm.html", "claim", "x", calm) is None


def test_what_a_build_keeps_has_every_name_its_pages_read(sources):
    """recorded.kept: each page's fingerprint, and the digest of every name read, those of
    the pages a render worker made (whose digests it worked out in its own memory) too."""
    from dataclasses import replace

    from claimsite.pages import plan
    from claimsite.recorded import kept

    planned = plan(sources)
    claim = sources.index.claims[0]
    rendered = next(p for p in planned if p.kind == "claim")
    planned = [replace(p, fingerprint="fp") if p is rendered else p for p in planned]
    made = kept(sources, planned, {rendered.path: ("fp", [f"c:{claim.id}", "t:claim.html"])})
    assert set(made) == {""}  # one language
    assert made[""].base == sources.base
    assert made[""].known[f"c:{claim.id}"] == sources.claim[claim.id]
    assert made[""].known["t:claim.html"] == sources.digests.of("t:claim.html")
    assert made[""].fingerprints[rendered.path] == ("claim", rendered.key, "fp")
    assert len(made[""].fingerprints) == len(planned)
