"""The generated site: pages, links, data files, escaping, atomic and repeatable output."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import sqlite3
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimsite import build_site, lists
from claimsite.output import MARKER
from claimsite.cli import main
from claimsite.dates import PartialDate
from claimsite.i18n import Interface
from claimsite.urls import text_fragment_url

from .conftest import REPO, make_site, stable, tree
from .htmlcheck import broken_links, live_markup, parse

TEMPLATES = REPO / "templates"


def build(content: Path, out: Path):
    return build_site(content, out, TEMPLATES)


def shown(*date: int) -> str:
    """A date as an English site shows it (Babel's words for it)."""
    return Interface("en").date(PartialDate(*date))


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def set_base_url(content: Path, url: str) -> None:
    settings = content / "site.yaml"
    settings.write_text(text_of(settings) + f"base_url: {url}\n", encoding="utf-8")


@pytest.fixture
def built(site, tmp_path):
    content = site()
    out = tmp_path / "out"
    result = build(content, out)
    return out, result


def test_claim_page_shows_every_report_with_its_quote(built):
    out, _ = built
    page = text_of(out / "claims" / "plan-works.html")
    # The speaker's own words lead; the editors' summary is labelled as such.
    assert '<h1 class="words"><q>The plan works, and it works well.</q></h1>' in page
    assert '<p class="assertion">The plan is working.</p>' in page
    assert 'href="../speakers/ada-speaker.html">Ada Speaker</a>' in page
    assert "The Daily Example" in page and "Weekly Example" in page
    assert "<p>The plan works, and it works well.</p>" in page and "<p>the plan works</p>" in page
    assert "<dt data-pagefind-ignore>Via</dt><dd>Wire Agency</dd>" in page
    assert "<dt data-pagefind-ignore>Context</dt><dd>Press conference</dd>" in page
    assert f'datetime="2024-06-18">{shown(2024, 6, 18)}</time>' in page
    # The second report gives no date of its own: its date is its publication date, said so.
    assert f'datetime="2024-06">{shown(2024, 6)}</time>, the report\'s publication date' in page
    # A shorter excerpt of the same words is not "different wording".
    assert "Weekly Example quotes less of the same words than The Daily Example" in page
    assert "different wording" not in page
    # Both article pages, the passage anchors, the original and a text-fragment link.
    assert 'href="../articles/first-report.html#quote-plan-works"' in page
    assert 'href="../articles/second-report.html#quote-plan-works"' in page
    assert 'href="https://daily.example.org/news/plan"' in page
    assert ('href="https://daily.example.org/news/plan#:~:text=The%20plan%20works%2C%20and%20it'
            '%20works%20well."') in page


def test_article_page_highlights_each_quote_and_links_it_to_its_claim(built):
    out, _ = built
    page = text_of(out / "articles" / "first-report.html")
    assert '<mark id="quote-plan-works">The plan works, and it works well.</mark>' \
           '<a class="claim-ref" data-pagefind-ignore href="../claims/plan-works.html"' in page
    assert 'href="#quote-plan-works">quoted below</a>' in page
    assert 'href="../claims/first-report-2.html">Talks will continue.</a>' in page
    assert "paraphrased" in page
    second = text_of(out / "articles" / "second-report.html")
    assert '<mark id="quote-plan-works">the plan works</mark>' in second


def test_index_pages_list_claims_newest_first(built):
    out, _ = built
    speaker = text_of(out / "speakers" / "ada-speaker.html")
    assert speaker.index("The plan is working.") > 0
    timeline = text_of(out / "timeline.html")
    # 18 June 2024 comes before "June 2024" and "2024 (month not given)"; partial dates
    # are shown as given.
    assert timeline.index("The plan is working.") < timeline.index("The ministry counted 3 sites.")
    assert f'<h2 id="2024-06">{shown(2024, 6)}</h2>' in timeline
    assert '<h2 id="2024">2024 (month not given)</h2>' in timeline
    outlet = text_of(out / "outlets" / "weekly.html")
    assert "Plan praised again" in outlet and "The ministry counted 3 sites." in outlet
    topic = text_of(out / "topics" / "nato.html")
    assert "<h1>NATO</h1>" in topic and "The plan is working." in topic
    home = text_of(out / "index.html")
    assert "<strong>3</strong> claims" in home and "<strong>2</strong> articles" in home


def test_of_one_day_a_claim_said_at_a_time_comes_before_one_without(tmp_path):
    # The more precise date first, as a day comes before its month: the lists and the timeline
    # agree, whichever id sorts first.
    content = make_site(tmp_path)
    (content / "articles" / "evening.md").write_text(
        "---\ntitle: Evening briefing\noutlet: daily\npublished: 2024-06-18\nclaims:\n"
        "  - id: a-untimed\n    speaker: ada-speaker\n    date: 2024-06-18\n"
        "    assertion: Said that day, no time given.\n"
        "  - id: b-timed\n    speaker: ada-speaker\n    date: 2024-06-18 21:30\n"
        "    assertion: Said at half past nine.\n---\nThe minister spoke.\n", encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, REPO / "templates", search_index=False)
    for page in ("speakers/ada-speaker.html", "timeline.html", "index.html"):
        text = text_of(out / page)
        assert text.index("Said at half past nine.") < text.index("Said that day, no time given."), page


def test_every_internal_link_and_anchor_resolves(built):
    out, _ = built
    assert broken_links(out) == []


def test_nothing_is_written_outside_the_output_folder(built, tmp_path):
    out, _ = built
    # The working folder holds only the content, the output and the build cache.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".claimsite-cache", "content", "out"]
    assert any((out / "pagefind" / "s0").iterdir())  # the search index is in it too


def test_builds_with_search_from_inside_a_running_event_loop(site, tmp_path):
    # A notebook, an async web app or a Playwright script calls build_site from a thread
    # whose event loop is running; the search index must still be built.
    content, out = site(), tmp_path / "out"

    async def build_in_loop():
        return build(content, out)

    asyncio.run(build_in_loop())
    build(content, tmp_path / "outside")
    # The same site, search index included, as a build outside a loop makes.
    assert any(name.startswith("pagefind/") for name in stable(tree(out)))
    assert stable(tree(out)) == stable(tree(tmp_path / "outside"))


def test_links_are_relative_so_the_site_works_from_a_subpath(built):
    out, _ = built
    for page in out.rglob("*.html"):
        for link in parse(page).links:
            assert not link.startswith("/"), (page, link)


def test_claims_json_csv_feed_and_sitemap(site, tmp_path):
    content = site()
    set_base_url(content, "https://claims.example.org/")
    out = tmp_path / "out"
    build(content, out)
    data = json.loads(text_of(out / "claims.json"))
    by_id = {c["id"]: c for c in data["claims"]}
    assert set(by_id) == {"plan-works", "first-report-2", "second-report-2"}
    plan = by_id["plan-works"]
    assert plan["speaker"]["name"] == "Ada Speaker" and plan["date"] == "2024-06-18"
    assert [a["article"]["outlet_name"] for a in plan["appearances"]] == \
        ["The Daily Example", "Weekly Example"]
    assert plan["appearances"][1]["date"] is None and plan["appearances"][1]["via"] == "Wire Agency"

    rows = list(csv.DictReader(io.StringIO(text_of(out / "claims.csv"))))
    assert len(rows) == 4  # one per appearance
    assert {r["quote"] for r in rows if r["claim_id"] == "plan-works"} == \
        {"The plan works, and it works well.", "the plan works"}

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(out / "feed.xml").getroot()
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    # Newest first: the undated-by-itself claim takes its article's date, 2024-06-19.
    assert titles == ["Talks will continue.", "The plan is working.", "The ministry counted 3 sites."]
    assert feed.findtext(f"{atom}updated") == "2024-06-19T00:00:00Z"

    urls = [u.text for u in ET.parse(out / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://claims.example.org/claims/plan-works.html" in urls
    assert not any(url.endswith("404.html") for url in urls)


def test_without_base_url_there_is_no_feed_or_sitemap_and_the_build_says_why(site, tmp_path, capsys):
    content = site()
    assert main(["--content", str(content), "--templates", str(TEMPLATES), "build", "--no-search",
                 "--out", str(tmp_path / "out")]) == 0
    assert "note: feed.xml and sitemap.xml are left out: they need the site's own address" in \
        capsys.readouterr().out
    assert not (tmp_path / "out" / "feed.xml").exists() and not (tmp_path / "out" / "sitemap.xml").exists()
    assert "feed.xml" not in text_of(tmp_path / "out" / "index.html")  # nor a link to one


def test_base_url_makes_feed_sitemap_and_canonical_absolute(site, tmp_path):
    content = site()
    set_base_url(content, "https://claims.example.org/tracker/")
    out = tmp_path / "out"
    build(content, out)
    assert "<loc>https://claims.example.org/tracker/claims/plan-works.html</loc>" in \
        text_of(out / "sitemap.xml")
    assert '<link rel="canonical" href="https://claims.example.org/tracker/claims/plan-works.html">' \
        in text_of(out / "claims" / "plan-works.html")
    # Pages still link relatively.
    assert 'href="../static/style.css"' in text_of(out / "claims" / "plan-works.html")


def test_claim_page_carries_schema_org_claim(built):
    out, _ = built
    page = text_of(out / "claims" / "plan-works.html")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    data = json.loads(script)
    assert data["@type"] == "Claim" and data["author"] == {"@type": "Person", "name": "Ada Speaker"}
    assert data["datePublished"] == "2024-06-18"
    assert len(data["appearance"]) == 2
    assert data["firstAppearance"]["headline"] == "Plan praised again"  # published 2024-06 < 06-19


def test_hostile_strings_come_out_escaped(site, tmp_path):
    content = site("hostile")
    out = tmp_path / "out"
    build(content, out)
    assert live_markup(out) == []
    everything = "\n".join(text_of(p) for p in out.rglob("*.html"))
    assert "<b>NATO" not in everything and "<i " not in everything
    # The words are still there, as text.
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in \
        text_of(out / "articles" / "evil.html")
    claim = text_of(out / "claims" / "evil-claim.html")
    assert "&lt;/script&gt;&lt;script&gt;alert(&#39;assertion&#39;)&lt;/script&gt;" in claim
    # The editors' basis for an inferred date, shown on hover, stays inside its attribute.
    assert ('title="Inferred by the editors: x&#34; onmouseover=&#34;alert(&#39;inferred&#39;)'
            '&#34;&gt;&lt;b&gt;basis&lt;/b&gt;"') in claim
    # A quote is marked in the text, never inside an attribute (which would close it and
    # let the rest of the attribute run: needs a sanitiser that escapes `<` there, nh3 0.3.7).
    assert '<p>She said <mark id="quote-attribute-quote">the plan holds</mark>' in \
        text_of(out / "articles" / "attribute.html")
    # JSON-LD cannot be closed from inside.
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', claim, re.S)[1]
    assert json.loads(script)["name"] == "</script><script>alert('assertion')</script>"


def test_two_builds_are_byte_identical(site, tmp_path):
    content = site()
    build(content, tmp_path / "a")
    build(content, tmp_path / "b")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert stable(first) == stable(second)
    # What stable() leaves out is a few files of the search index, whose other files are
    # compared byte for byte.
    index = {name for name in stable(first) if name.startswith("pagefind/")}
    left_out = set(first) - set(stable(first))
    assert all(name.startswith("pagefind/") for name in left_out) and len(left_out) < len(index)


def test_a_failed_build_leaves_the_previous_site_untouched(site, tmp_path, capsys):
    content = site()
    out = tmp_path / "out"
    build(content, out)
    before = tree(out)
    (content / "articles" / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert main(["--content", str(content), "build", "--out", str(out),
                 "--templates", str(TEMPLATES)]) == 1
    assert "broken.md:2: invalid YAML" in capsys.readouterr().err
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_refuses_to_replace_a_folder_it_did_not_make(site, tmp_path, capsys):
    content = site()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work", encoding="utf-8")
    assert main(["--content", str(content), "build", "--out", str(precious),
                 "--templates", str(TEMPLATES)]) == 1
    assert "refusing to replace" in capsys.readouterr().err
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "years of work"


def test_rebuild_replaces_the_site_and_prints_a_summary(site, tmp_path, capsys):
    content = site()
    out = tmp_path / "out"
    build(content, out)
    (content / "articles" / "second-report.md").unlink()
    code = main(["--content", str(content), "build", "--out", str(out),
                 "--templates", str(TEMPLATES), "--drop-pages"])  # (its pages go: test_permalinks)
    assert code == 0
    assert not (out / "articles" / "second-report.html").exists()
    assert (out / MARKER).exists()
    summary = capsys.readouterr().out.splitlines()[0]
    assert re.fullmatch(rf"Built 1 article, 2 claims, 2 speakers: \d+ pages in {re.escape(str(out))}/ "
                        r"\(\d+\.\d\d s\)", summary), summary


@pytest.mark.parametrize("quote, fragment", [
    ("short one", "short%20one"),
    ("a-b & c, d", "a%2Db%20%26%20c%2C%20d"),
    ("one two three four five six seven eight nine ten eleven",
     "one%20two%20three%20four,eight%20nine%20ten%20eleven"),
])
def test_text_fragments_are_percent_encoded_per_spec(quote, fragment):
    assert text_fragment_url("https://x.example/a#old", quote) == \
        f"https://x.example/a#:~:text={fragment}"


@pytest.mark.parametrize("mistake, ours", [
    ("<h1>{{ name.missing.x }}</h1>", "template error: "),  # fails as it renders
    ("<h1>{% if %}</h1>", ""),  # a syntax error: the words after the line are Jinja's
])
def test_a_template_mistake_is_reported_with_file_and_line(site, tmp_path, capsys, mistake, ours):
    content = site()
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "topic.html"
    lines = text_of(page).splitlines(keepends=True)
    [line] = [n for n, text in enumerate(lines, 1) if "<h1>{{ name }}</h1>" in text]
    lines[line - 1] = lines[line - 1].replace("<h1>{{ name }}</h1>", mistake)
    page.write_text("".join(lines), encoding="utf-8")
    assert main(["--content", str(content), "--templates", str(templates),
                 "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"^templates/topic\.html:{line}: {ours}\S", err, re.M), err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_missing_template_is_reported_as_ours(site, tmp_path, capsys):
    content = site()
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "topic.html"
    page.write_text(text_of(page).replace("<h1>{{ name }}</h1>", "<h1>{% include 'nowhere.html' %}</h1>"),
                    encoding="utf-8")
    assert main(["--content", str(content), "--templates", str(templates),
                 "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "templates:1: template 'nowhere.html' not found" in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_large_timeline_and_article_list_are_split_into_pages(site, tmp_path, monkeypatch):
    monkeypatch.setattr(lists, "TIMELINE_ONE_PAGE", 1)  # as a tracker of thousands of claims is
    monkeypatch.setattr(lists, "ARTICLES_ONE_PAGE", 1)
    content = site()
    (content / "articles" / "older.md").write_text(
        "---\ntitle: Older\npublished: 2023-02-01\nclaims:\n  - speaker: ministry\n"
        "    assertion: An older claim.\n---\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    build(content, out)
    overview = text_of(out / "timeline.html")
    assert f'href="timeline/2024-06.html">{shown(2024, 6)}</a>' in overview
    assert f'href="timeline/2023-02.html">{shown(2023, 2)}</a>' in overview
    assert "The plan is working." not in overview  # the claims are on the period pages
    month = text_of(out / "timeline" / "2024-06.html")
    assert f'<h1 id="2024-06">{shown(2024, 6)}</h1>' in month and "The plan is working." in month
    assert "An older claim." not in month
    assert "The ministry counted 3 sites." in text_of(out / "timeline" / "2024.html")  # year only
    assert "An older claim." in text_of(out / "timeline" / "2023-02.html")
    listing = text_of(out / "articles.html")
    assert 'href="articles-2024.html">2024</a>' in listing and "Plan praised again" not in listing
    assert "Plan praised again" in text_of(out / "articles-2024.html")
    assert "Older" in text_of(out / "articles-2023.html")
    assert broken_links(out) == []


def test_a_long_year_of_articles_gets_a_page_per_month(site, tmp_path, monkeypatch):
    monkeypatch.setattr(lists, "ARTICLES_ONE_PAGE", 1)  # as a tracker of thousands of articles is
    monkeypatch.setattr(lists, "ARTICLES_YEAR_ONE_PAGE", 3)  # 2024 has four articles, 2023 one
    content = site()
    for name, title, published in (("may", "A May report", "2024-05-02"),
                                   ("sometime", "A report of 2024", "2024"),
                                   ("older", "An older report", "2023-02-01")):
        (content / "articles" / f"{name}.md").write_text(
            f"---\ntitle: {title}\npublished: {published}\nclaims:\n  - speaker: ministry\n"
            f"    assertion: Said in {name}.\n---\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    build(content, out)
    year = text_of(out / "articles-2024.html")
    assert f'href="articles-2024-06.html">{shown(2024, 6)}</a> <span class="count">2</span>' in year
    assert f'href="articles-2024-05.html">{shown(2024, 5)}</a> <span class="count">1</span>' in year
    assert "2024 (month not given)</h2>" in year and "A report of 2024" in year
    assert "Plan praised again" not in year and "A May report" not in year  # on their month's page
    assert "Articles of 2024: 4 articles" in year
    june = text_of(out / "articles-2024-06.html")
    assert f"<title>Articles of {shown(2024, 6)} · " in june and f"<h1>{shown(2024, 6)}</h1>" in june
    assert "Plan praised again" in june and "Minister says the plan works" in june
    assert "A May report" not in june and "A report of 2024" not in june
    assert '<a href="articles-2024.html">2024</a>' in june  # up to its year
    assert f'rel="next" href="articles-2024-05.html">{shown(2024, 5)} →</a>' in june
    assert 'rel="prev"' not in june
    may = text_of(out / "articles-2024-05.html")
    assert "A May report" in may and f'rel="prev" href="articles-2024-06.html">← {shown(2024, 6)}</a>' in may
    assert "An older report" in text_of(out / "articles-2023.html")  # a short year stays whole
    assert not list(out.glob("articles-2023-*.html"))
    assert broken_links(out) == []


def test_a_speaker_outlet_or_topic_with_many_claims_gets_a_page_per_year(site, tmp_path, monkeypatch):
    monkeypatch.setattr(lists, "GROUP_ONE_PAGE", 1)  # as a busy speaker of a large tracker is
    monkeypatch.setattr(lists, "GROUP_NEWEST", 1)
    content = site()
    (content / "articles" / "older.md").write_text(
        "---\ntitle: Older\noutlet: weekly\npublished: 2023-02-01\ntopics: [nato]\nclaims:\n"
        "  - speaker: ministry\n    assertion: An older claim.\n"
        "  - speaker: ministry\n    date: null\n    assertion: An undated claim.\n"
        "---\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    build(content, out)
    speaker = text_of(out / "speakers" / "ministry.html")
    assert "The ministry counted 3 sites." in speaker  # the newest, on the first page
    assert "An older claim." not in speaker  # the others on their year's page
    assert 'href="ministry/2024.html">2024</a> <span class="count">1</span>' in speaker
    assert 'href="ministry/undated.html">Date not given</a>' in speaker
    year = text_of(out / "speakers" / "ministry" / "2023.html")
    assert "<h1>Ministry of Examples, 2023</h1>" in year and "An older claim." in year
    assert 'Organisation: <a href="../../speakers/ministry.html">Ministry of Examples</a>' in year
    assert "An undated claim." in text_of(out / "speakers" / "ministry" / "undated.html")
    assert 'rel="prev" href="2024.html">← 2024</a>' in year
    assert 'rel="next" href="undated.html">Date not given →</a>' in year
    assert "An older claim." in text_of(out / "outlets" / "weekly" / "2023.html")
    assert 'href="weekly/2023.html">2023</a>' in text_of(out / "outlets" / "weekly.html")
    assert "An older claim." in text_of(out / "topics" / "nato" / "2023.html")
    assert 'href="nato/2023.html">2023</a>' in text_of(out / "topics" / "nato.html")
    assert not (out / "speakers" / "ada-speaker").exists()  # one claim: one page
    assert "<nav" not in text_of(out / "outlets" / "daily" / "2024.html").split("<main")[1]  # no other year
    assert broken_links(out) == []


def test_the_404_page_carries_its_style_and_links_from_the_base_url(site, tmp_path):
    content = site()
    set_base_url(content, "https://claims.example.org/tracker/")
    out = tmp_path / "out"
    build(content, out)
    page = text_of(out / "404.html")
    assert "<style>" in page and "static/style.css" not in page and "<base" not in page
    assert 'href="https://claims.example.org/tracker/index.html"' in page
    assert "<script>" not in page  # absolute links need no help


def test_claims_db_holds_the_same_records_with_keys_and_full_text_search(built):
    out, _ = built
    db = sqlite3.connect(out / "claims.db")
    try:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        claims = json.loads(text_of(out / "claims.json"))["claims"]
        assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == len(claims)
        assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == \
            sum(len(c["appearances"]) for c in claims)
        found = db.execute("SELECT claim FROM claims_search WHERE claims_search MATCH 'works'").fetchall()
        assert found == [("plan-works",)]
        row = db.execute("SELECT s.name, a.title FROM reports r JOIN claims c ON c.id = r.claim "
                         "JOIN speakers s ON s.key = c.speaker JOIN articles a ON a.slug = r.article "
                         "WHERE r.via = 'Wire Agency'").fetchone()
        assert row == ("Ada Speaker", "Plan praised again")
    finally:
        db.close()


def test_quotes_show_a_typed_double_hyphen_as_a_dash_but_keep_it_in_the_record(site, tmp_path):
    content = site()
    first = content / "articles" / "first-report.md"
    first.write_text(text_of(first).replace("Her spokesperson said talks would continue.",
                                            'She said "we go on -- today" and left.')
                     .replace("  - speaker: Bob Official\n", '  - speaker: Bob Official\n    quote: "we go on -- today"\n'),
                     encoding="utf-8")
    out = tmp_path / "out"
    build(content, out)
    page = text_of(out / "claims" / "first-report-2.html")
    assert "<p>we go on – today</p>" in page and "we%20go%20on%20%2D%2D%20today" in page
    record = next(c for c in json.loads(text_of(out / "claims.json"))["claims"] if c["id"] == "first-report-2")
    assert record["appearances"][0]["quote"] == "we go on -- today"
    assert "<dd>English</dd>" in text_of(out / "articles" / "first-report.html")
