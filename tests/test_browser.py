"""The built site in a real browser (Debian's Chromium driven by Playwright).

The site is served from a subpath (/tracker/) on 127.0.0.1, as it would be on GitHub Pages.
Screenshots of each page type at 1280 and 390 px go to tests/screenshots/ for people to look at.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from claimsite import build_site, load_content, search

from .browser import CHROMIUM_FLAGS, DEMO_PAGES, MISSING_PAGE, Server, chromium
from .conftest import REPO, make_site

playwright_api = pytest.importorskip("playwright.sync_api")
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

SCREENSHOTS = REPO / "tests" / "screenshots"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    build_site(REPO / "content", root / "tracker", REPO / "templates")
    with Server(root) as server:
        yield f"{server.url}/tracker/"


@pytest.fixture(scope="module")
def sharded_url(tmp_path_factory):
    """The same site with its search index split into several shards, as a large site's is."""
    root = tmp_path_factory.mktemp("sharded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PAGES_PER_SHARD", 4)
        build_site(REPO / "content", root / "tracker", REPO / "templates")
    assert len(list((root / "tracker" / "pagefind").iterdir())) >= 3
    with Server(root) as server:
        yield f"{server.url}/tracker/"


@pytest.fixture(scope="module")
def one_language_url(tmp_path_factory):
    """A site whose reports are all in one language: its search page has no language filter."""
    root = tmp_path_factory.mktemp("one-language")
    build_site(make_site(root), root / "tracker", REPO / "templates")
    with Server(root) as server:
        yield f"{server.url}/tracker/"


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _page_of(browser, width: int, height: int):
    """A page in a context of its own, its window `width` x `height`."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def page(browser):
    yield from _page_of(browser, 1280, 900)


def open_drawn(page, url: str) -> None:
    """Open a page as a reader sees it once drawn: its own fonts in (they come after the load
    event on a busy machine, and the fallback's wider letters wrap rows a layout test measures)."""
    page.goto(url)
    page.evaluate("document.fonts.ready")


def watch_problems(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    return problems


def test_searching_microelectronics_finds_the_claim_and_opens_it(page, base_url):
    page.goto(base_url + "index.html")
    page.get_by_role("searchbox", name="Search claims and articles").fill("microelectronics")
    page.get_by_role("button", name="Search").click()
    result = page.locator("#search-results a", has_text="90% of microelectronics")
    result.first.wait_for()
    result.first.click()
    page.wait_for_url(re.compile(r"/tracker/claims/blinken-china-support-sustains-russian-defence-industrial-base\.html$"))
    assert "90% of microelectronics" in page.locator("h1").inner_text()


def claim_pages(base_url: str, speaker: str) -> list[str]:
    """The addresses of the demo's claims by `speaker` (a key), as content/ has them now."""
    claims = load_content(REPO / "content").claims.values()
    return sorted(urlsplit(f"{base_url}claims/{c.id}.html").path for c in claims if c.speaker == speaker)


def test_a_speaker_filter_alone_lists_only_that_speakers_claims(page, base_url):
    expected = claim_pages(base_url, "karine-jean-pierre")
    page.goto(base_url + "search.html")
    page.get_by_label("Speaker").select_option("Karine Jean-Pierre")
    count = f"{len(expected)} result{'s' if len(expected) != 1 else ''}"
    page.locator("#search-status", has_text=re.compile(f"^{count}$")).wait_for()
    items = page.locator("#search-results li")
    kinds = [items.nth(i).locator(".kicker").inner_text() for i in range(items.count())]
    assert kinds and all(k.startswith("Claim · Karine Jean-Pierre") for k in kinds), kinds
    # The filter is in the address, so the result list can be shared.
    assert "speaker=Karine+Jean-Pierre" in page.url
    assert result_links(page, page.url) == expected


def test_home_to_speaker_to_claim_to_the_highlighted_passage(page, base_url):
    open_drawn(page, base_url + "index.html")
    page.get_by_role("link", name="Jens Stoltenberg").first.click()
    page.wait_for_url(re.compile(r"speakers/jens-stoltenberg\.html$"))
    page.get_by_role("link", name=re.compile("^Putin's visit to North Korea confirms")).click()
    page.wait_for_url(re.compile(r"claims/stoltenberg-putin-visit-confirms-ties-with-authoritarian-states\.html$"))
    page.get_by_role("link", name="Read the passage in the article").first.click()
    page.wait_for_url(re.compile(r"articles/.*\.html#quote-stoltenberg-putin-visit-confirms"))
    mark = page.locator("mark#quote-stoltenberg-putin-visit-confirms-ties-with-authoritarian-states")
    assert mark.inner_text().startswith("Putin's visit to North Korea confirms")
    box = mark.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] < viewport["height"], box  # scrolled into view


@pytest.mark.parametrize("kind", DEMO_PAGES)
def test_page_has_no_console_errors_failed_requests_or_serious_axe_violations(page, base_url, kind):
    problems = watch_problems(page)
    page.goto(base_url + DEMO_PAGES[kind])
    page.wait_for_load_state("networkidle")
    if kind == "search":
        page.locator("#search-results li").first.wait_for()
    assert problems == []
    results = Axe().run(page)
    serious = [f"{v['id']} ({v['impact']}): {v['help']} -> "
               f"{[n['target'] for n in v['nodes']][:3]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_each_page_type(browser, base_url, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for kind, path in DEMO_PAGES.items():
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            target = SCREENSHOTS / f"{kind}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 5_000
    finally:
        context.close()
    print(f"screenshots in {SCREENSHOTS}")


def test_pages_work_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + "index.html")
        page.get_by_role("link", name="Timeline").click()
        page.get_by_role("link", name=re.compile("90% of microelectronics")).click()
        assert "Blinken" in page.locator(".kicker").first.inner_text()
        page.goto(base_url + "search.html")
        assert page.get_by_role("link", name="timeline", exact=True).is_visible()  # <noscript>
    finally:
        context.close()


def result_links(page, url: str) -> list[str]:
    """Every result of a search page (all of them, through "Show more"), by address."""
    page.goto(url)
    page.locator("#search-status", has_text=re.compile(r"^\d+ results?$")).wait_for()
    items = page.locator("#search-results li")
    while page.locator("#search-more").count():
        shown = items.count()
        page.locator("#search-more").click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {shown}")
    total = int(page.locator("#search-status").inner_text().split()[0])
    links = sorted(items.locator("h2 a").evaluate_all("links => links.map(a => a.pathname)"))
    assert len(links) == total
    return links


@pytest.mark.parametrize("query", ["q=ammunition", "q=north+korea", "speaker=Jens+Stoltenberg",
                                   "q=nato&type=Article", "topic=NATO&year=2024"])
def test_a_sharded_index_finds_what_one_index_finds(page, base_url, sharded_url, query):
    one = result_links(page, base_url + "search.html?" + query)
    merged = result_links(page, sharded_url + "search.html?" + query)
    assert one and set(one) <= set(merged)
    # Filters are exact in every shard. A word can match more in shards: Pagefind answers a
    # word an index lacks with the longest indexed word it begins with ("am" for
    # "ammunition"), and a shard lacks words the whole site has. Sites are sharded only
    # past thousands of pages (search.PAGES_PER_SHARD).
    if "q=" not in query or query == "q=north+korea":
        assert merged == one


@pytest.mark.parametrize("missing", [MISSING_PAGE, "no/such/folder/page.html"])
def test_the_404_page_works_at_any_depth(page, base_url, missing):
    problems = watch_problems(page)
    response = page.goto(base_url + missing)
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # Styled (its style is inline) ...
    assert page.locator(".site-header").evaluate("e => getComputedStyle(e).borderBottomStyle") != "none"
    # ... and its links lead into the site, not below the missing address. Below a folder the
    # site does not have, only base_url can say where the site starts (README).
    if missing.startswith("claims/"):
        page.get_by_role("link", name="Go to the home page").click()
        page.wait_for_url(base_url + "index.html")
    assert [p for p in problems if "404" not in p] == []


def test_a_speaker_key_in_the_address_filters_like_the_control(page, base_url):
    by_key = result_links(page, base_url + "search.html?speaker=karine-jean-pierre")
    assert page.get_by_label("Speaker").evaluate("s => s.value") == "Karine Jean-Pierre"
    assert by_key == result_links(page, base_url + "search.html?speaker=Karine+Jean-Pierre")
    assert by_key == claim_pages(base_url, "karine-jean-pierre")


def test_search_indexes_the_words_not_the_furniture(page, base_url):
    # "White House" is Karine Jean-Pierre's role, not words of hers: no claim of hers for it.
    links = result_links(page, base_url + "search.html?q=housing")
    assert not [link for link in links if "jean-pierre" in link], links
    # ... while stemming finds "house" in the 24 Kanal report's own text (README, Search).
    assert any(link.endswith("/articles/2024-06-19-24-kanal-nato-us-react-to-putin-dprk-visit.html")
               for link in links), links
    page.goto(base_url + "search.html?q=reports")
    page.locator("#search-status", has_text=re.compile(r"^\d+ results?$")).wait_for()
    excerpts = page.locator("#search-results .excerpt").all_inner_texts()
    assert excerpts  # the word is on many pages: the furniture is what must not be found
    assert not any("How the reports differ" in e or "reported by" in e for e in excerpts), excerpts


def test_the_header_is_one_row_at_desktop_width(page, base_url):
    open_drawn(page, base_url + "claims/stoltenberg-putin-visit-confirms-ties-with-authoritarian-states.html")
    brand = page.locator(".brand").bounding_box()
    search = page.locator(".site-search").bounding_box()
    assert abs((brand["y"] + brand["height"] / 2) - (search["y"] + search["height"] / 2)) < 12
    gap = page.locator("main h1").bounding_box()["y"] - page.locator(".site-header").bounding_box()["height"]
    assert gap >= 24  # the content does not start tight under the header


@pytest.fixture(scope="module")
def multilingual_url(tmp_path_factory):
    """A site in Ukrainian and English: its header has the language switch."""
    root = tmp_path_factory.mktemp("multilingual")
    build_site(make_site(root, "multilingual"), root / "tracker", REPO / "templates")
    with Server(root) as server:
        yield f"{server.url}/tracker/"


@pytest.mark.parametrize("language", ["", "en/"])
def test_the_header_with_the_language_switch_is_one_row_at_desktop_width(page, multilingual_url, language):
    open_drawn(page, multilingual_url + language + "index.html")
    brand = page.locator(".brand").bounding_box()
    switch = page.locator("nav.languages").bounding_box()
    search = page.locator(".site-search").bounding_box()
    middle = lambda box: box["y"] + box["height"] / 2  # noqa: E731
    assert abs(middle(brand) - middle(search)) < 12 and abs(middle(brand) - middle(switch)) < 12
    # The switch stands beside the search box, apart from the site's sections.
    sections = page.locator(".site-header nav").first.bounding_box()
    assert search["x"] - (switch["x"] + switch["width"]) < switch["x"] - (sections["x"] + sections["width"])
    gap = page.locator("main h1").bounding_box()["y"] - page.locator(".site-header").bounding_box()["height"]
    assert gap >= 24


@pytest.fixture(scope="module")
def languages_url(tmp_path_factory):
    """English, Ukrainian, Russian and Arabic reports of one statement, the index in shards
    (so a language's indexes are merged from several)."""
    root = tmp_path_factory.mktemp("languages")
    content = make_site(root, "languages")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PAGES_PER_SHARD", 2)
        build_site(content, root / "tracker", REPO / "templates")
    with Server(root) as server:
        yield f"{server.url}/tracker/"


def results(page) -> list[str]:
    page.locator("#search-status", has_text=re.compile(r"\d")).wait_for()
    links = page.locator("#search-results h2 a")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def test_a_word_is_found_in_another_form_by_its_language_rules(page, languages_url):
    problems = watch_problems(page)
    # The Russian article prints "работает"; Russian stemming finds it from "работают".
    page.goto(languages_url + "search.html?q=работают")
    assert any(href.endswith("articles/plan-ru.html") for href in results(page))
    # Ukrainian has no stemmer in Pagefind: the word as printed, or its beginning, finds it.
    page.goto(languages_url + "search.html?q=працю")
    assert any(href.endswith("articles/plan-uk.html") for href in results(page))
    # An English word finds English pages, not the other languages' nearest words.
    page.goto(languages_url + "search.html?q=minister")
    found = results(page)
    assert found and not any(href.endswith(("plan-ru.html", "plan-uk.html", "plan-ar.html"))
                             for href in found), found
    assert problems == []


def test_the_language_filter_lists_a_languages_reports(page, languages_url):
    page.goto(languages_url + "search.html")
    russian = page.locator("select[name=language] option[data-key=ru]").inner_text()
    page.get_by_label("Language").select_option(russian)
    found = results(page)
    assert any(href.endswith("articles/plan-ru.html") for href in found)
    assert any(href.endswith("claims/plan-works.html") for href in found)
    assert not any(href.endswith(("plan-uk.html", "plan-ar.html", "first-report.html"))
                   for href in found), found
    result = page.locator("#search-results h2 a", has_text="Министр")
    assert result.first.get_attribute("lang") == "ru"


@pytest.fixture(scope="module")
def ukrainian_url(tmp_path_factory):
    """A site whose interface is in Ukrainian."""
    root = tmp_path_factory.mktemp("ukrainian")
    content = make_site(root, "uk")
    build_site(content, root / "tracker", REPO / "templates")
    with Server(root) as server:
        yield f"{server.url}/tracker/"


def test_a_ukrainian_site_searches_in_ukrainian_from_the_address_and_the_filters(page, ukrainian_url):
    problems = watch_problems(page)
    page.goto(ukrainian_url + "search.html?q=відремонтують")
    found = results(page)
    assert any(href.endswith("articles/first-report.html") for href in found), found
    status = page.locator("#search-status").inner_text()
    assert not re.search("[A-Za-z]", status), status  # the count in Ukrainian words
    page.goto(ukrainian_url + "search.html")
    page.locator("select[name=speaker]").select_option(index=1)
    assert results(page)
    assert problems == []


def test_search_works_without_the_language_filter(page, one_language_url):
    problems = watch_problems(page)
    page.goto(one_language_url + "search.html?q=plan&speaker=ada-speaker")
    page.locator("#search-status", has_text=re.compile(r"^\d+ results?$")).wait_for()
    assert page.get_by_label("Speaker").evaluate("s => s.value") == "Ada Speaker"
    assert page.locator("#search-results li").count() >= 1
    page.get_by_label("Show").select_option("Article")  # a filter's change searches again
    page.wait_for_url(re.compile(r"type=Article"))
    assert problems == []


# --- the theme's design: what a reader sees (issue 25, item 6) -----------------------------

@pytest.fixture
def phone(browser):
    yield from _page_of(browser, 390, 844)


def test_a_link_to_an_original_shows_the_sources_domain_not_its_address(page, base_url):
    articles = [a for a in load_content(REPO / "content").articles if a.url]
    assert articles
    article = articles[0]
    host = urlsplit(article.url).hostname.removeprefix("www.")
    page.goto(f"{base_url}articles/{article.slug}.html")
    link = page.locator(f'a[href="{article.url}"]').first
    assert link.inner_text() == host
    # ... and on the page of a claim it reports, "Original at <domain>".
    claim = article.appearances[0].claim_id
    page.goto(f"{base_url}claims/{claim}.html")
    texts = page.locator(f'a[href="{article.url}"]').all_inner_texts()
    assert texts and all(host in text and article.url not in text for text in texts), texts


def test_search_filters_fold_on_a_phone_and_stay_open_on_a_wide_screen(page, phone, base_url):
    phone.goto(base_url + "search.html")
    speaker = phone.get_by_label("Speaker")
    assert phone.locator("details#filter-box select[name=speaker]").count() == 1
    assert not speaker.is_visible()  # folded: the results come first
    phone.get_by_text("Filters", exact=True).click()  # no script needed to unfold it
    assert speaker.is_visible()
    # A filter set in the address is shown, unfolded.
    phone.goto(base_url + "search.html?speaker=jens-stoltenberg")
    phone.locator("#search-status", has_text=re.compile(r"^\d+ results?$")).wait_for()
    assert speaker.is_visible() and speaker.evaluate("s => s.value") == "Jens Stoltenberg"
    page.goto(base_url + "search.html")
    assert page.get_by_label("Speaker").is_visible()


@pytest.mark.parametrize("kind", ["home", "claim", "article", "search", "404"])
def test_fonts_come_from_the_site_itself(page, base_url, kind):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # (the 404 page where the site's root is known: below one of its folders, README)
    page.goto(base_url + (MISSING_PAGE if kind == "404" else DEMO_PAGES[kind]))
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    requests = [url for url in requests if url.startswith(("http:", "https:"))]
    fonts = [url for url in requests if url.endswith((".woff2", ".woff", ".ttf", ".otf"))]
    assert fonts and all(url.startswith(base_url + "static/fonts/") for url in fonts), fonts
    assert all(url.startswith(base_url) for url in requests), requests  # nothing from elsewhere
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert {'"Claimsite Serif"', '"Claimsite Sans"'} <= {f if f.startswith('"') else f'"{f}"' for f in loaded}, loaded
    assert page.locator("body").evaluate("b => getComputedStyle(b).fontFamily").startswith('"Claimsite Serif"')


def test_the_404_page_below_a_folder_finds_its_fonts(page, base_url):
    problems = watch_problems(page)
    page.goto(base_url + MISSING_PAGE)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    assert [p for p in problems if "woff2" in p] == []
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Claimsite Sans" in family for family in loaded), loaded


def test_the_home_page_leads_with_a_claim_in_its_words_beside_two_lists(page, base_url):
    open_drawn(page, base_url + "index.html")
    featured = page.locator("section.featured")
    assert featured.get_by_role("heading").text_content() == "Featured claim"
    words = featured.locator("q").inner_text()
    link = featured.locator(".featured-words a").get_attribute("href")
    claim = load_content(REPO / "content").claims[link.removeprefix("claims/").removesuffix(".html")]
    printed = {text.replace("--", "—") for a in claim.appearances for text in (a.quote, a.translation) if text}
    assert words in printed, (words, printed)  # the words as a report prints them
    assert len(claim.appearances) == max(len(c.appearances) for c in load_content(REPO / "content").claims.values()
                                         if any(a.quote for a in c.appearances))
    newest = page.get_by_role("heading", name="Newest said").bounding_box()
    recent = page.get_by_role("heading", name="Recently added reports").bounding_box()
    assert abs(newest["y"] - recent["y"]) < 4 and recent["x"] > newest["x"] + newest["width"]  # side by side
    # The demo's reports each have the day they were added (`added:`): the list says it goes by it.
    assert page.locator("#recent ~ .note-line").inner_text() == "By the day each report was added to the site."
    assert all(" · added " in row for row in page.locator("section:has(#recent) li .meta").all_inner_texts())


def test_a_claims_heading_reads_as_text_not_a_wall_of_bold_italic(phone, base_url):
    phone.goto(base_url + DEMO_PAGES["claim"])
    heading = phone.locator("main h1")
    style = heading.evaluate("h => { const s = getComputedStyle(h); return [s.fontStyle, s.fontWeight, "
                             "parseFloat(s.fontSize), parseFloat(s.lineHeight)] }")
    font_style, weight, size, line_height = style
    assert font_style == "normal" and int(weight) <= 400, style
    assert size <= 30 and line_height >= 1.25 * size, style


def test_the_header_is_compact_on_a_phone_and_headings_keep_their_distance(phone, base_url):
    for kind in ("home", "claim", "search"):
        open_drawn(phone, base_url + DEMO_PAGES[kind])
        header = phone.locator(".site-header").bounding_box()
        assert header["height"] <= 125, (kind, header)
        # The sections stay on one line (scrolling sideways if the words are longer).
        items = phone.locator(".site-header nav li").all()
        assert len({round(item.bounding_box()["y"]) for item in items}) == 1
        gap = phone.locator("main h1").first.bounding_box()["y"] - (header["y"] + header["height"])
        assert gap >= 24, (kind, gap)
