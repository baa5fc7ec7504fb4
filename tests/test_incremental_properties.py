"""Property: however a tracker is edited, build after build, the incremental build writes the
same site, byte for byte, as a clean build of the same content: from the command line (a new
process state each time) and in serve (one process keeping its state between saves, the
pages first and the data files just after). The search index is left out: its equality is
tested in test_cache.py, and indexing is slow.

A Hypothesis state machine draws a small valid tracker and applies editors' changes from a
wide vocabulary: articles with and without claims added, deleted, renamed, re-dated, their
text appended to; claims added, dropped, moved to another article, reordered, given another
speaker, other words or a quote; a speaker's, an outlet's or a topic's key renamed, keeping
its old addresses (`former_keys`) or not; a speaker's or an outlet's name changed; topics
added and renamed; a site setting; the methodology; a template; a static
file. Claims are shared between articles, so one change reaches pages and pieces of
claims.json/csv that other articles made.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import Phase, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from claimsite import build_site
from claimsite.pipeline import build
from claimsite.errors import ContentErrors
from claimsite.warm import Warm

from .conftest import REPO, SITES, pages_first, tree
from .test_properties import PROPERTY_SETTINGS



@dataclass
class Tracker:
    """The content as data: articles (slug -> its fields), claims shared between them, and
    the registries and settings an editor changes."""

    articles: dict[str, dict] = field(default_factory=dict)
    claims: dict[str, dict] = field(default_factory=dict)  # id -> speaker, assertion
    people: dict[str, str] = field(default_factory=lambda: {
        "ada-speaker": "Ada Speaker", "bob-official": "Bob Official", "ministry": "Ministry of Examples"})
    outlet_names: dict[str, str] = field(default_factory=lambda: {
        "daily": "The Daily Example", "weekly": "Weekly Example"})
    topic_names: dict[str, str] = field(default_factory=lambda: {
        "nato": "NATO", "sanctions": "Sanctions", "energy": "Energy", "elections": "Elections"})
    # registry ("people", "outlets", "topics") -> key -> the keys it had before
    former: dict[str, dict[str, list[str]]] = field(default_factory=lambda: {
        "people": {}, "outlets": {}, "topics": {}})
    title: str = "Test tracker"
    methodology: str = ""

    def registry(self, name: str) -> dict[str, str]:
        return {"people": self.people, "outlets": self.outlet_names, "topics": self.topic_names}[name]

    def write(self, content: Path) -> None:
        folder = content / "articles"
        for old in folder.glob("*.md"):
            old.unlink()
        for slug, article in self.articles.items():
            lines = ["---", f"title: {article['title']}", f"outlet: {article['outlet']}",
                     f"published: {article['published']}", f"topics: [{', '.join(article['topics'])}]"]
            lines += ["claims:"] if article["claims"] else []
            for claim_id in article["claims"]:
                claim = self.claims[claim_id]
                lines += [f"  - id: {claim_id}", f"    speaker: {claim['speaker']}",
                          f"    assertion: {claim['assertion']}"]
                if claim_id in article["quoted"]:
                    lines.append(f"    quote: words of {claim_id}")
            lines += ["---", *(f"Paragraph {p}." for p in article["paragraphs"]),
                      *(f"They said: words of {c}." for c in article["quoted"])]
            (folder / f"{slug}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        former = lambda registry, key, indent: (  # noqa: E731
            f"{indent}former_keys: [{', '.join(self.former[registry][key])}]\n" if self.former[registry].get(key) else "")
        (content / "people.yaml").write_text("".join(
            f"{key}:\n  name: {name}\n" + ("  kind: organisation\n" if key.startswith("ministry") else "")
            + former("people", key, "  ") for key, name in self.people.items()), encoding="utf-8")
        (content / "outlets.yaml").write_text("".join(
            f"{key}:\n  name: {name}\n" + former("outlets", key, "  ")
            for key, name in self.outlet_names.items()), encoding="utf-8")
        (content / "site.yaml").write_text(
            f"title: {self.title}\nlanguage: en\ntopics:\n"
            + "".join(f"  {key}:\n    name: {name}\n{former('topics', key, '    ')}"
                      if self.former["topics"].get(key) else f"  {key}: {name}\n"
                      for key, name in self.topic_names.items()), encoding="utf-8")
        methodology = content / "methodology.md"
        if self.methodology:
            methodology.write_text(self.methodology, encoding="utf-8")
        elif methodology.exists():
            methodology.unlink()


class Editing(RuleBasedStateMachine):
    """A tracker edited step by step; after every step, the sites built incrementally are
    the clean build's."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="claimsite-incremental-"))
        self.content, self.templates = self.tmp / "content", self.tmp / "templates"
        shutil.copytree(SITES / "base", self.content)
        shutil.copytree(REPO / "templates", self.templates)
        self.step = 2
        self.tracker = Tracker()
        self.tracker.claims = {"c0": {"speaker": "ada-speaker", "assertion": "The first claim."},
                               "c1": {"speaker": "ministry", "assertion": "The second claim."}}
        self.tracker.articles = {"a0": self._article(0, ["c0", "c1"], "daily", ["nato"]),
                                 "a1": self._article(1, ["c1"], "weekly", [])}
        self.done: list[str] = []
        self.warm = Warm()
        self._save()
        build_site(self.content, self.tmp / "out", self.templates, search_index=False)
        build(self.content, self.tmp / "preview", self.templates, search_index=False, keeping=self.warm)
        self.warm.tidy()

    def _article(self, number: int, claims: list[str], outlet: str, topics: list[str]) -> dict:
        return {"title": f"Report {number}", "outlet": outlet, "published": f"2024-{number % 12 + 1:02d}-01",
                "claims": claims, "quoted": set(), "paragraphs": [f"first of {number}"], "topics": topics}

    def _save(self, what: str = "") -> None:
        if what:
            self.done.append(what)
        self.tracker.write(self.content)
        self.step += 1

    def _pick(self, data, options):
        return data.draw(st.sampled_from(sorted(options)))

    # --- articles ------------------------------------------------------------------------

    @rule(data=st.data(), claims=st.booleans())
    def add_article(self, data, claims):
        tracker, step = self.tracker, self.step
        listed = []
        if claims:
            if tracker.claims:  # (none left once every article that had one is deleted)
                listed = data.draw(st.lists(st.sampled_from(sorted(tracker.claims)), max_size=2, unique=True))
            tracker.claims[f"c{step}"] = {"speaker": self._pick(data, tracker.people),
                                          "assertion": f"Claim made at step {step}."}
            listed.append(f"c{step}")
        tracker.articles[f"a{step}"] = self._article(step, listed, self._pick(data, tracker.outlet_names),
                                                     data.draw(st.lists(st.sampled_from(sorted(tracker.topic_names)),
                                                                        max_size=2, unique=True)))
        self._save(f"add article a{step} {'with' if claims else 'without'} claims")

    @precondition(lambda self: len(self.tracker.articles) > 1)
    @rule(data=st.data())
    def delete_article(self, data):
        slug = self._pick(data, self.tracker.articles)
        del self.tracker.articles[slug]
        self._drop_unreported_claims()
        self._save(f"delete {slug}")

    @rule(data=st.data())
    def rename_article(self, data):
        slug = self._pick(data, self.tracker.articles)
        self.tracker.articles[f"{slug}-renamed-{self.step}"] = self.tracker.articles.pop(slug)
        self._save(f"rename {slug}")

    @rule(data=st.data(), month=st.integers(1, 12))
    def redate_article(self, data, month):
        slug = self._pick(data, self.tracker.articles)
        self.tracker.articles[slug]["published"] = f"2023-{month:02d}-01"
        self._save(f"redate {slug}")

    @rule(data=st.data())
    def append_text(self, data):
        slug = self._pick(data, self.tracker.articles)
        self.tracker.articles[slug]["paragraphs"].append(f"added at step {self.step}")
        self._save(f"append to {slug}")

    # --- claims ----------------------------------------------------------------------------

    @rule(data=st.data())
    def add_claim(self, data):
        slug = self._pick(data, self.tracker.articles)
        article = self.tracker.articles[slug]
        others = sorted(set(self.tracker.claims) - set(article["claims"]))
        if others:
            article["claims"].append(data.draw(st.sampled_from(others)))
            self._save(f"add a claim to {slug}")

    @rule(data=st.data())
    def drop_claim(self, data):
        slug = self._pick(data, self.tracker.articles)
        article = self.tracker.articles[slug]
        if article["claims"]:
            dropped = article["claims"].pop(data.draw(st.integers(0, len(article["claims"]) - 1)))
            article["quoted"].discard(dropped)
            self._drop_unreported_claims()
            self._save(f"drop {dropped} from {slug}")

    @rule(data=st.data())
    def move_claim(self, data):
        source, target = (self._pick(data, self.tracker.articles) for _ in range(2))
        claims = self.tracker.articles[source]["claims"]
        if source != target and claims and claims[-1] not in self.tracker.articles[target]["claims"]:
            moved = claims.pop()
            self.tracker.articles[source]["quoted"].discard(moved)
            self.tracker.articles[target]["claims"].append(moved)
            self._save(f"move {moved} from {source} to {target}")

    @rule(data=st.data())
    def reorder_claims(self, data):
        slug = self._pick(data, self.tracker.articles)
        self.tracker.articles[slug]["claims"].reverse()
        self._save(f"reorder {slug}")

    @rule(data=st.data(), what=st.sampled_from(["speaker", "assertion", "quote"]))
    def change_claim(self, data, what):
        slug = self._pick(data, self.tracker.articles)
        article = self.tracker.articles[slug]
        if not article["claims"]:
            return
        claim_id = data.draw(st.sampled_from(article["claims"]))
        if what == "speaker":
            self.tracker.claims[claim_id]["speaker"] = self._pick(data, self.tracker.people)
        elif what == "assertion":
            self.tracker.claims[claim_id]["assertion"] = f"Reworded at step {self.step}."
        else:
            article["quoted"] ^= {claim_id}
        self._save(f"{what} of {claim_id} in {slug}")

    def _drop_unreported_claims(self) -> None:
        reported = {c for a in self.tracker.articles.values() for c in a["claims"]}
        self.tracker.claims = {k: v for k, v in self.tracker.claims.items() if k in reported}

    # --- registries, topics, settings, the theme -----------------------------------------

    @rule(data=st.data(), registry=st.sampled_from(["people", "outlets", "topics"]), keep=st.booleans())
    def rename_key(self, data, registry, keep):
        """A key renamed everywhere; with `keep`, the entry lists the key it had."""
        tracker = self.tracker
        names = tracker.registry(registry)
        old = self._pick(data, names)
        new = f"{old.split('-k')[0]}-k{self.step}"
        renamed = {new if k == old else k: v for k, v in names.items()}
        names.clear()
        names.update(renamed)
        former = tracker.former[registry]
        former[new] = former.pop(old, []) + ([old] if keep else [])
        for claim in tracker.claims.values():
            if registry == "people" and claim["speaker"] == old:
                claim["speaker"] = new
        for article in tracker.articles.values():
            if registry == "outlets" and article["outlet"] == old:
                article["outlet"] = new
            if registry == "topics":
                article["topics"] = [new if t == old else t for t in article["topics"]]
        self._save(f"{registry} key {old} -> {new}{' (former_keys)' if keep else ''}")

    @rule(data=st.data(), registry=st.sampled_from(["people", "outlets"]))
    def rename_entry(self, data, registry):
        names = self.tracker.people if registry == "people" else self.tracker.outlet_names
        key = self._pick(data, names)
        names[key] = f"{names[key].split(' #')[0]} #{self.step}"
        self._save(f"{registry} name of {key}")

    @rule(data=st.data())
    def tag_topic(self, data):
        topic = self._pick(data, self.tracker.topic_names)
        slug = self._pick(data, self.tracker.articles)
        topics = self.tracker.articles[slug]["topics"]
        topics.remove(topic) if topic in topics else topics.append(topic)
        self._save(f"topic {topic} on {slug}")

    @rule(data=st.data())
    def name_topic(self, data):
        topic = self._pick(data, self.tracker.topic_names)
        self.tracker.topic_names[topic] = f"Topic {topic} {self.step}"
        self._save(f"name of topic {topic}")

    @rule()
    def site_title(self):
        self.tracker.title = f"Test tracker {self.step}"
        self._save("site title")

    @rule(written=st.booleans())
    def methodology(self, written):
        self.tracker.methodology = f"# How we work\n\nRevised at step {self.step}.\n" if written else ""
        self._save("methodology " + ("written" if written else "removed"))

    @rule(template=st.sampled_from(["claim.html", "base.html", "_macros.html", "speaker.html", "home.html"]))
    def change_template(self, template):
        path = self.templates / template
        path.write_text(path.read_text(encoding="utf-8") + f"{{# step {self.step} #}}\n<!-- {self.step} -->\n",
                        encoding="utf-8")
        self._save(f"template {template}")

    @rule()
    def change_stylesheet(self):
        with (self.templates / "static" / "style.css").open("a", encoding="utf-8") as style:
            style.write(f"\n/* step {self.step} */\n")
        self._save("style.css")

    # --- the property ------------------------------------------------------------------------

    @invariant()
    def incremental_builds_equal_a_clean_one(self):
        after = "; ".join(self.done) or "the first build"
        clean = self.tmp / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        try:
            build_site(self.content, clean, self.templates, search_index=False, use_cache=False)
        except ContentErrors as err:  # the machine wrote content the checker refuses: its mistake
            raise AssertionError(f"invalid content after: {after}: {err.errors[0]}") from None
        expected = tree(clean)
        build_site(self.content, self.tmp / "out", self.templates, search_index=False)
        assert tree(self.tmp / "out") == expected, f"command line, after: {after}"
        # serve after a save: the pages first, then what lags behind them
        first = pages_first(self.content, self.tmp / "preview", self.templates, self.warm,
                            search_index=False)
        pages = {p: b for p, b in tree(self.tmp / "preview").items() if p.endswith(".html")}
        assert pages == {p: b for p, b in expected.items() if p.endswith(".html")}, f"serve, after: {after}"
        if first.lagging:
            build(self.content, self.tmp / "preview", self.templates, search_index=False, keeping=self.warm)
        self.warm.tidy()
        assert tree(self.tmp / "preview") == expected, f"serve, after: {after}"

    def teardown(self):
        self.warm.tidy()
        shutil.rmtree(self.tmp, ignore_errors=True)


# (no shrinking: a failing sequence of six steps is short enough to read, and shrinking one
# takes minutes of builds)
Editing.TestCase.settings = settings(**PROPERTY_SETTINGS, max_examples=8, stateful_step_count=6,
                                     phases=[Phase.explicit, Phase.reuse, Phase.generate])
test_a_cached_build_equals_a_clean_one_after_any_sequence_of_edits = Editing.TestCase
