"""Property: however a tracker is edited, build after build, the cached build writes the same
site, byte for byte, as a clean build of the same content (the search index left out: its
equality is tested in test_cache.py, and indexing is slow).

Hypothesis draws a small valid tracker and a sequence of editors' changes: articles added,
deleted, renamed or re-dated, text appended, claims added to or dropped from an article,
reordered, given another speaker or other words, a speaker's name changed in people.yaml,
an outlet's name in outlets.yaml. Claims are shared between articles, so one change reaches
pages and pieces of claims.json/csv that other articles made.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import given, settings, strategies as st

from claimsite import build_site

from .conftest import REPO, SITES, tree
from .test_properties import PROPERTY_SETTINGS

SPEAKERS = ["ada-speaker", "bob-official", "ministry"]
OUTLETS = ["daily", "weekly"]


@dataclass
class Tracker:
    """The content as data: articles (slug -> its fields) and claims shared between them."""

    articles: dict[str, dict] = field(default_factory=dict)
    claims: dict[str, dict] = field(default_factory=dict)  # id -> speaker, assertion
    names: dict[str, str] = field(default_factory=lambda: {"ada-speaker": "Ada Speaker"})
    outlet_names: dict[str, str] = field(default_factory=lambda: {"weekly": "Weekly Example"})

    def write(self, content: Path) -> None:
        folder = content / "articles"
        for old in folder.glob("*.md"):
            old.unlink()
        for slug, article in self.articles.items():
            lines = ["---", f"title: {article['title']}", f"outlet: {article['outlet']}",
                     f"published: {article['published']}", "claims:"]
            for claim_id in article["claims"]:
                claim = self.claims[claim_id]
                lines += [f"  - id: {claim_id}", f"    speaker: {claim['speaker']}",
                          f"    assertion: {claim['assertion']}"]
                if claim_id in article["quoted"]:
                    lines.append(f"    quote: words of {claim_id}")
            lines += ["---", *(f"Paragraph {p}." for p in article["paragraphs"]),
                      *(f"They said: words of {c}." for c in article["quoted"])]
            (folder / f"{slug}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        people = (REPO / "tests" / "sites" / "base" / "people.yaml").read_text(encoding="utf-8")
        (content / "people.yaml").write_text(
            people.replace("name: Ada Speaker", f"name: {self.names['ada-speaker']}"), encoding="utf-8")
        outlets = (REPO / "tests" / "sites" / "base" / "outlets.yaml").read_text(encoding="utf-8")
        (content / "outlets.yaml").write_text(
            outlets.replace("name: Weekly Example", f"name: {self.outlet_names['weekly']}"),
            encoding="utf-8")


def new_article(number: int, claims: list[str], data) -> dict:
    return {"title": f"Report {number}", "outlet": data.draw(st.sampled_from(OUTLETS)),
            "published": f"2024-{data.draw(st.integers(1, 12)):02d}-{data.draw(st.integers(1, 28)):02d}",
            "claims": claims, "quoted": set(), "paragraphs": [f"first of {number}"]}


def change(tracker: Tracker, data, step: int) -> str:
    """One editor's change, drawn; returns what it was (for the failure report)."""
    slugs = sorted(tracker.articles)
    kind = data.draw(st.sampled_from([
        "add", "delete", "rename", "redate", "append", "add claim", "drop claim", "reorder",
        "speaker", "assertion", "quote", "person name", "outlet name"]))
    slug = data.draw(st.sampled_from(slugs))
    article = tracker.articles[slug]
    if kind == "add":
        shared = data.draw(st.lists(st.sampled_from(sorted(tracker.claims)), max_size=2, unique=True))
        tracker.claims[f"c{step}"] = {"speaker": data.draw(st.sampled_from(SPEAKERS)),
                                      "assertion": f"Claim made at step {step}."}
        tracker.articles[f"a{step}"] = new_article(step, [*shared, f"c{step}"], data)
    elif kind == "delete" and len(slugs) > 1:
        del tracker.articles[slug]
    elif kind == "rename":
        tracker.articles[f"{slug}-renamed-{step}"] = tracker.articles.pop(slug)
    elif kind == "redate":
        article["published"] = f"2023-{data.draw(st.integers(1, 12)):02d}-01"
    elif kind == "append":
        article["paragraphs"].append(f"added at step {step}")
    elif kind == "add claim":
        others = sorted(set(tracker.claims) - set(article["claims"]))
        if others:
            article["claims"].append(data.draw(st.sampled_from(others)))
    elif kind == "drop claim" and len(article["claims"]) > 1:
        dropped = article["claims"].pop(data.draw(st.integers(0, len(article["claims"]) - 1)))
        article["quoted"].discard(dropped)
    elif kind == "reorder":
        article["claims"].reverse()
    elif kind in ("speaker", "assertion"):
        claim = tracker.claims[data.draw(st.sampled_from(article["claims"]))]
        if kind == "speaker":
            claim["speaker"] = data.draw(st.sampled_from(SPEAKERS))
        else:
            claim["assertion"] = f"Reworded at step {step}."
    elif kind == "quote":
        article["quoted"] ^= {data.draw(st.sampled_from(article["claims"]))}
    elif kind == "person name":
        tracker.names["ada-speaker"] = f"Ada Speaker {step}"
    elif kind == "outlet name":
        tracker.outlet_names["weekly"] = f"Weekly Example {step}"
    return f"{kind} {slug}"


@settings(**PROPERTY_SETTINGS, max_examples=12)
@given(st.data())
def test_a_cached_build_equals_a_clean_one_after_any_sequence_of_edits(data):
    tmp = Path(tempfile.mkdtemp(prefix="claimsite-incremental-"))
    try:
        content = tmp / "content"
        shutil.copytree(SITES / "base", content)
        tracker = Tracker()
        tracker.claims = {"c0": {"speaker": "ada-speaker", "assertion": "The first claim."},
                          "c1": {"speaker": "ministry", "assertion": "The second claim."}}
        tracker.articles = {"a0": new_article(0, ["c0", "c1"], data),
                            "a1": new_article(1, ["c1"], data)}
        tracker.write(content)
        out, clean = tmp / "out", tmp / "clean"
        build_site(content, out, REPO / "templates", search_index=False)
        done = []
        for step in range(2, 2 + data.draw(st.integers(1, 5))):
            done.append(change(tracker, data, step))
            tracker.write(content)
            build_site(content, out, REPO / "templates", search_index=False)
            shutil.rmtree(clean, ignore_errors=True)
            build_site(content, clean, REPO / "templates", search_index=False, use_cache=False)
            assert tree(out) == tree(clean), f"after: {'; '.join(done)}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
