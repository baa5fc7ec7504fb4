"""The theme's filters and words (render.py): everything from content reaches a page escaped,
in its language or marked with the one it is in; and the schema.org JSON-LD of a claim."""

from __future__ import annotations

import json

import pytest
from markupsafe import Markup

from claimsite import ContentErrors, jsonld, render
from claimsite.dates import PartialDate
from claimsite.i18n import Interface
from claimsite.model import Appearance, Article, Claim, Content, Correction, Outlet, Person, Site, Verdict
from claimsite.urls import Links

from .conftest import REPO

HOSTILE = '<script>alert("x")</script> & \'y\''
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;y&#39;"

ADA = Person(key="ada", name="Ада Спікер", names={"en": "Ada <Speaker>"}, language="uk")
BOB = Person(key="bob", name="Bob <Official>")
DAILY = Outlet(key="daily", name="The <Daily>", names={"uk": "Щоденна <газета>"})
SITE = Site(title="T", language="en", languages=["en", "uk"])


def report(outlet: str = "daily", title: str = "Plan <works>", language: str = "") -> Appearance:
    article = Article(slug="a", path="content/articles/a.md", title=title, outlet=outlet, language=language)
    return Appearance(claim_id="c", article=article, line=1, date=None, date_given=False)


def render_in(language: str, template: str, page: str = "claims/c.html", prefix: str = "",
              interface: Interface | None = None, **values) -> str:
    interface = interface or Interface(language)
    env = render.environment(REPO / "templates", interface)
    context = dict(page_language=language, site=SITE, links=Links(page, prefix), prefix=prefix, page=page,
                   languages=[("en", ""), ("uk", "uk/")], outlets={"daily": DAILY})
    return env.from_string(template).render(**context, **values)


# (template, values, the page's language, what the page shows)
SHOWN = [
    ("{{ x }}", {"x": HOSTILE}, "en", ESCAPED),
    # the interface's words, with content's values escaped in them
    ('{{ _("Claim: %(assertion)s", assertion=x) }}', {"x": HOSTILE}, "en", f"Claim: {ESCAPED}"),
    ('{{ _("Claim: %(assertion)s", assertion=x) }}', {"x": HOSTILE}, "uk", f"Твердження: {ESCAPED}"),
    ('{{ _("Search") }}|{{ gettext("Search") }}|{{ _("Search") }}', {}, "uk", "Пошук|Пошук|Пошук"),
    ('{{ ngettext("%(num)s claim", "%(num)s claims", n) }}', {"n": 1}, "en", "1 claim"),
    ('{{ ngettext("%(num)s claim", "%(num)s claims", n) }}', {"n": 3}, "en", "3 claims"),
    ('{{ ngettext("%(num)s claim", "%(num)s claims", 1) }}|{{ ngettext("%(num)s claim", "%(num)s claims", 3) }}|'
     '{{ ngettext("%(num)s claim", "%(num)s claims", 1) }}', {}, "en", "1 claim|3 claims|1 claim"),
    # a theme's own words, not (yet) in the catalog, show as the theme writes them
    ('{{ ngettext("%(num)s apple", "%(num)s apples", 1) }}|{{ ngettext("%(num)s apple", "%(num)s apples", 3) }}',
     {}, "uk", "1 apple|3 apples"),
    ('{{ ngettext("%(num)s apple", "%(num)s apples", 1, num=x) }}|'
     '{{ ngettext("%(num)s apple", "%(num)s apples", 2, num=x) }}', {"x": ["<a>"]}, "en",
     "[&#39;&lt;a&gt;&#39;] apple|[&#39;&lt;a&gt;&#39;] apples"),
    ('{{ ngettext("%(num)s claim", "%(num)s claims", n) }}|{{ ngettext("%(num)s claim", "%(num)s claims", n) }}',
     {"n": 5}, "uk", "5 тверджень|5 тверджень"),
    ('{{ ngettext("reported by %(num)s article", "reported by %(num)s articles", 2, num=x) }}',
     {"x": HOSTILE}, "en", f"reported by {ESCAPED} articles"),
    ('{{ ngettext("reported by %(num)s article", "reported by %(num)s articles", 1, num=x) }}',
     {"x": ["a", "<b>"]}, "en", "reported by [&#39;a&#39;, &#39;&lt;b&gt;&#39;] article"),  # not a key
    ("{% trans count=n, num=n | number %}{{ num }} claim{% pluralize count %}{{ num }} claims{% endtrans %}",
     {"n": 1234}, "en", "1,234 claims"),
    # dates: a <time>, "(inferred)" with the editors' basis where they worked it out
    ("{{ d | when }}", {"d": PartialDate(2024, 6, 18)}, "en", '<time datetime="2024-06-18">June 18, 2024</time>'),
    ("{{ d | when(basis) }}", {"d": PartialDate(2024, 6), "basis": HOSTILE}, "en",
     f'<time datetime="2024-06">June 2024</time> <abbr class="inferred" title="Inferred by the editors: '
     f'{ESCAPED}">(inferred)</abbr>'),
    ("{{ d | when('') }}", {"d": PartialDate(2024)}, "en", '<time datetime="2024">2024</time>'),
    ("{{ d | when }}", {"d": None}, "en", "date not given"),
    ("{{ d | when }}", {"d": None}, "uk", "без дати"),
    ("{{ when(d, 'x') }}|{{ inferred_mark('b') }}", {"d": PartialDate(2024)}, "en",
     '<time datetime="2024">2024</time> <abbr class="inferred" title="Inferred by the editors: x">(inferred)'
     '</abbr>| <abbr class="inferred" title="Inferred by the editors: b">(inferred)</abbr>'),
    ("{{ inferred_mark('') }}", {}, "en", ""),
    ("{{ d | human }}|{{ d | iso }}|{{ none | human }}|{{ none | iso }}",
     {"d": PartialDate(2024, 6, 18), "none": None}, "en", "June 18, 2024|2024-06-18|date not given|"),
    # texts in another language than the page's: marked with theirs
    ('{{ x | in_language("uk") }}', {"x": HOSTILE}, "en", f'<span lang="uk">{ESCAPED}</span>'),
    ('{{ x | in_language("en") }}', {"x": HOSTILE}, "en", ESCAPED),
    ('{{ x | in_language("") }}', {"x": HOSTILE}, "en", ESCAPED),
    ('<p{{ "uk" | lang }}>|<p{{ "en" | lang }}>|<p{{ "ar" | lang }}>', {}, "en",
     '<p lang="uk">|<p>|<p lang="ar" dir="rtl">'),
    ('<p{{ "en" | lang }}>|<p{{ "uk" | lang }}>', {}, "uk", '<p lang="en">|<p>'),  # the page's, not the site's
    # names: in the page's language where given, else as written, marked with its language
    ("{{ p | name }}", {"p": ADA}, "en", "Ada &lt;Speaker&gt;"),
    ("{{ p | name }}", {"p": ADA}, "uk", "Ада Спікер"),
    ("{{ p | name }}", {"p": ADA}, "de", '<span lang="uk">Ада Спікер</span>'),
    ("{{ p | name }}", {"p": BOB}, "en", "Bob &lt;Official&gt;"),
    ("{{ p | name }}", {"p": BOB}, "uk", '<span lang="en">Bob &lt;Official&gt;</span>'),
    ('<a title="{{ p | named }}">', {"p": ADA}, "en", '<a title="Ada &lt;Speaker&gt;">'),
    ('<a title="{{ p | named }}">', {"p": BOB}, "uk", '<a title="Bob &lt;Official&gt;">'),
    # the editors' summary: in the page's language, or marked as not translated
    ("{{ c | summary }}", {"c": Claim(id="c", speaker="ada", assertion=HOSTILE)}, "en", ESCAPED),
    ("{{ c | summary }}", {"c": Claim(id="c", speaker="ada", assertion=HOSTILE)}, "uk",
     f'<span lang="en">{ESCAPED}</span> <span class="untranslated">(не перекладено)</span>'),
    ("{{ c | summary }}|{{ c | summary_text }}",
     {"c": Claim(id="c", speaker="ada", assertion="A", assertions={"uk": "<Б>"})}, "uk",
     "&lt;Б&gt;|&lt;Б&gt;"),
    # a report named by its outlet, else by its headline in quotation marks
    ("{{ a | source }}", {"a": report()}, "en", "The &lt;Daily&gt;"),
    ("{{ a | source }}", {"a": report()}, "uk", "Щоденна &lt;газета&gt;"),
    ("{{ a | source }}", {"a": report(outlet="")}, "en", "“Plan &lt;works&gt;”"),
    ("{{ a | source }}", {"a": report(outlet="", language="uk")}, "en",
     '“<span lang="uk">Plan &lt;works&gt;</span>”'),
    ("{{ a | sources }}", {"a": [report(), report(outlet="")]}, "en", "The &lt;Daily&gt;, “Plan &lt;works&gt;”"),
    # quotes: a typed double hyphen shown as a dash; still escaped
    ("{{ q | typeset }}", {"q": "a--b, a -- b, a--, --b, a - b <c>"}, "en", "a—b, a – b, a--, --b, a - b &lt;c&gt;"),
    # numbers, languages and countries in the interface's language
    ("{{ 12345 | number }}|{{ 'uk' | language_name }}|{{ 'GB' | country_name }}", {}, "en",
     "12,345|Ukrainian|United Kingdom"),
    ("{{ 'uk' | autonym }}|{{ 'pt-BR' | primary_language }}|{{ '' | primary_language('en') }}|"
     "{{ '' | primary_language }}", {}, "en", "Українська|pt|en|"),
    ("{{ 'https://news.example.org/a?b' | domain }}", {}, "en", "news.example.org"),
    ("{{ 'https://user@WWW.Example.org:8443/a' | domain }}", {}, "en", "example.org"),
    # links: relative from the page, in its language's folder
    ("{{ c | href }}|{{ c | href('quote-c') }}|{{ 'index.html' | href }}|{{ href('claims/d.html') }}",
     {"c": Claim(id="c", speaker="ada", assertion="A")}, "en", "c.html|c.html#quote-c|../index.html|d.html"),
    ("{{ 'claims/d.html' | topic_path }}|{{ 'nato' | topic_path }}|{{ 'c' | quote_anchor }}|{{ quote_anchor('d') }}",
     {}, "en", "topics/claims/d.html.html|topics/nato.html|quote-c|quote-d"),
    ("{{ path_of(c) }}|{{ topic_path('x') }}", {"c": Claim(id="c", speaker="ada", assertion="A")}, "en",
     "claims/c.html|topics/x.html"),
    ("{{ 'https://e.org/p' | text_fragment_url('a b') }}|{{ text_fragment_url('https://e.org/p', 'c') }}",
     {}, "en", "https://e.org/p#:~:text=a%20b|https://e.org/p#:~:text=c"),
    # the interface's own language, for the page's <html lang> and the plural rules
    ("{{ interface_lang }}|{{ plural_forms(f) | dictsort }}", {"f": str}, "uk",
     "uk|[(&#39;few&#39;, &#39;2&#39;), (&#39;many&#39;, &#39;0&#39;), (&#39;one&#39;, &#39;1&#39;)]"),
]


@pytest.mark.parametrize("template, values, language, shown", SHOWN)
def test_the_theme_shows_content_escaped_and_in_its_language(template, values, language, shown):
    assert render_in(language, template, **values) == shown


def test_a_summary_not_in_the_pages_language_is_marked_so():
    claim = Claim(id="c", speaker="ada", assertion=HOSTILE)
    assert render_in("uk", "{{ c | summary }}", interface=Interface("en"), c=claim) == (
        f'<span lang="en">{ESCAPED}</span> <span class="untranslated">(not translated)</span>')


def test_links_on_a_page_in_another_language_stay_in_its_folder():
    claim = Claim(id="c", speaker="ada", assertion="A")
    assert render_in("uk", "{{ c | href }}|{{ 'claims.json' | href }}", page="uk/claims/c.html",
                     prefix="uk/", c=claim) == "c.html|../../claims.json"


def test_the_page_in_each_language_is_named_with_its_address():
    template = "{% for tag, link, own in translations() %}{{ tag }}={{ link }}{{ '*' if own }};{% endfor %}"
    assert render_in("en", template, page="claims/c.html") == "en=c.html*;uk=../uk/claims/c.html;"
    assert render_in("uk", template, page="uk/claims/c.html", prefix="uk/") == "en=../../claims/c.html;uk=c.html*;"
    assert render_in("en", template, page="claims.json") == ""  # a file of the whole site
    SITE.base_url = "https://tracker.example.org/"
    try:
        assert render_in("en", template, page="claims/c.html") == (
            "en=https://tracker.example.org/claims/c.html*;uk=https://tracker.example.org/uk/claims/c.html;")
    finally:
        SITE.base_url = ""


def test_the_theme_has_the_sites_addresses_and_the_basis_of_a_date():
    """What the theme links with (in the page's language folder, absolute where others read
    it), and a date's basis in the interface's words."""
    archived = Article(slug="a", path="p", title="A", url="https://daily.example.org/a",
                       archive_url="https://web.archive.org/web/20240620000000/https://daily.example.org/a")
    undated = Appearance(claim_id="c", article=Article(slug="a", path="p", title="A"), line=1,
                         date=PartialDate(2024, 6, 19), date_given=False)
    template = ("{{ year_path('speakers/ada/', 2024) }}|{{ period_path('2024-06') }}|{{ feed_url('xml') }}|"
                "{{ feed_url('json', 'index.html') }}|{{ 'claims/c.html' | absolute_url }}|{{ a | robust_link }}|"
                "{{ r | date_basis }}")
    SITE.base_url = "https://tracker.example.org/"
    try:
        shown = render_in("uk", template, page="uk/speakers/ada.html", prefix="uk/", a=archived, r=undated)
    finally:
        SITE.base_url = ""
    assert shown.split("|") == [
        "speakers/ada/2024.html", "timeline/2024-06.html", "https://tracker.example.org/uk/speakers/ada.xml",
        "https://tracker.example.org/uk/feed.json", "https://tracker.example.org/uk/claims/c.html",
        ' data-versionurl="https://web.archive.org/web/20240620000000/https://daily.example.org/a"'
        ' data-versiondate="2024-06-20"',
        "Це повідомлення не каже, коли це було сказано; це дата його публікації."]


def test_the_theme_is_read_from_its_folder_and_a_link_out_of_it_is_refused(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{{ _('Search') }}: {{ x }}\n", encoding="utf-8")
    env = render.environment(templates, Interface("uk"))
    assert env.get_template("page.html").render(x="<b>") == "Пошук: &lt;b&gt;\n"
    other = render.environment(templates, Interface("en"), loader=env.loader)  # another language's
    assert other.get_template("page.html").render(x="<b>") == "Search: &lt;b&gt;\n"
    (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
    (templates / "leak.html").symlink_to(tmp_path / "secret.html")
    with pytest.raises(ContentErrors, match="outside the templates folder"):
        render.environment(templates, Interface("en"))


def test_the_theme_trims_its_own_layout_whitespace():
    assert render_in("en", "<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>\n",
                     xs=["a", "b"]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"
    assert render_in("en", "{% trans %}Search\n    the site{% endtrans %}") == "Search the site"


def test_a_value_the_theme_does_not_have_is_a_mistake_not_a_blank():
    with pytest.raises(Exception, match="missing"):
        render_in("en", "{{ missing }}")


def test_json_ld_cannot_end_its_script_element():
    data = {"name": "</script><script>alert(1)</script> & <!--"}
    text = jsonld.json_ld(data)
    assert isinstance(text, Markup) and not any(c in text for c in "<>&")
    assert json.loads(text) == data
    assert "Ада" in jsonld.json_ld({"name": "Ада"})  # readable, not \u-escaped


# --- schema.org JSON-LD ------------------------------------------------------------------

def claim_with(*reports: Article, verdict: Verdict | None = None, date: PartialDate | None = None) -> Claim:
    claim = Claim(id="plan", speaker="ada", assertion="The plan works.", assertions={"uk": "План працює."},
                  verdict=verdict)
    for article in reports:
        claim.appearances.append(Appearance(claim_id="plan", article=article, line=1, date=date,
                                            date_given=date is not None, quote="the plan works",
                                            translation="", translated_by=""))
    return claim


def content_with(claim: Claim, ratings: dict[str, str] | None = None) -> Content:
    site = Site(title="Tracker", language="en", ratings=ratings or {})
    return Content(site=site, people={"ada": ADA}, outlets={"daily": Outlet(key="daily", name="Daily",
                                                                           names={"uk": "Щоденна"})},
                   articles=[], claims={claim.id: claim})


FULL = Article(slug="full", path="p", title="Full", outlet="daily", url="https://daily.example.org/full",
               published=PartialDate(2024, 6, 20), archive_url="https://web.archive.org/x", language="en")
BARE = Article(slug="bare", path="p", title="Bare", language="uk")
EARLY = Article(slug="early", path="p", title="Early", published=PartialDate(2024, 6, 19))


def test_a_claim_is_a_schema_org_claim_with_each_report_an_appearance():
    claim = claim_with(FULL, BARE, EARLY, date=PartialDate(2024, 6, 18))
    claim.appearances[0].translation = "the plan works"
    data = jsonld.claim_json_ld(claim, content_with(claim), "https://tracker.example.org/")
    full = {"@type": "NewsArticle", "headline": "Full", "inLanguage": "en", "url": "https://daily.example.org/full",
            "datePublished": "2024-06-20", "publisher": {"@type": "Organization", "name": "Daily"},
            "text": "the plan works",
            "workTranslation": {"@type": "CreativeWork", "text": "the plan works", "inLanguage": "en"},
            "archivedAt": "https://web.archive.org/x"}
    bare = {"@type": "NewsArticle", "headline": "Bare", "inLanguage": "uk", "text": "the plan works"}
    early = {"@type": "NewsArticle", "headline": "Early", "inLanguage": "en", "datePublished": "2024-06-19",
             "text": "the plan works"}
    assert data == {
        "@context": "https://schema.org", "@type": "Claim", "name": "The plan works.", "inLanguage": "en",
        "author": {"@type": "Person", "name": "Ada <Speaker>"},
        "appearance": [full, bare, early],
        "firstAppearance": early,  # the earliest published report
        "datePublished": "2024-06-18", "url": "https://tracker.example.org/claims/plan.html"}


def test_a_claim_page_in_another_language_names_things_in_it():
    claim = claim_with(BARE)
    ADA.kind = "organisation"
    try:
        data = jsonld.claim_json_ld(claim, content_with(claim), "", "uk", "uk/")
    finally:
        ADA.kind = "person"
    assert (data["name"], data["inLanguage"], data["author"]) == (
        "План працює.", "uk", {"@type": "Organization", "name": "Ада Спікер"})
    assert data["firstAppearance"] == data["appearance"][0] and "url" not in data and "datePublished" not in data
    claim = claim_with(FULL)
    data = jsonld.claim_json_ld(claim, content_with(claim), "https://t.example.org", "uk", "uk/")
    assert data["appearance"][0]["publisher"]["name"] == "Щоденна"
    assert data["url"] == "https://t.example.org/uk/claims/plan.html"


def test_a_rated_claim_is_a_claim_review_on_the_sites_scale():
    verdict = Verdict(rating="misleading", reviewer="Jo <Checker>", date=PartialDate(2024, 6, 25),
                      explanation="Planned, not made.", evidence=["https://example.org/e"])
    claim = claim_with(FULL, verdict=verdict)
    ratings = {"accurate": "Accurate", "misleading": "Misleading", "false": "False"}
    review = jsonld.claim_json_ld(claim, content_with(claim, ratings), "https://t.example.org/", "uk", "uk/")
    item = jsonld.claim_json_ld(claim_with(FULL), content_with(claim, ratings), "", "uk", "uk/")
    assert review == {
        "@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "План працює.",
        "datePublished": "2024-06-25",
        "author": {"@type": "Organization", "name": "Tracker", "url": "https://t.example.org/"},
        "contributor": {"@type": "Person", "name": "Jo <Checker>"},
        "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 3, "worstRating": 1,
                         "alternateName": "Misleading"},
        "reviewBody": "Planned, not made.",
        "itemReviewed": {key: value for key, value in item.items() if key != "@context"},
        "citation": [{"@type": "CreativeWork", "url": "https://example.org/e"}],
        "url": "https://t.example.org/uk/claims/plan.html"}
    # the best rating is worth most; no base_url, no addresses; no evidence, no citation
    verdict.rating, verdict.evidence = "accurate", []
    review = jsonld.claim_json_ld(claim, content_with(claim, ratings), "")
    assert review["reviewRating"]["ratingValue"] == 3 and review["author"] == {"@type": "Organization",
                                                                               "name": "Tracker"}
    assert "citation" not in review and "url" not in review and "url" not in review["itemReviewed"]
