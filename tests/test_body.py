"""An article's text on its page: Markdown sanitised (content is untrusted), each quote marked
where the reader sees it and linked to its claim, everything from content escaped."""

from __future__ import annotations

import pytest

from claimsite import body
from claimsite.body import BodyRenderer, Quote, highlight
from claimsite.i18n import Interface
from claimsite.model import Appearance, Article, Claim


def quote(text: str, key: str = "a") -> Quote:
    return Quote(key=f"quote-{key}", text=text, href=f"../claims/{key}.html",
                 label=f"Claim: {key.upper()}", link_text="claim")


def link(key: str) -> str:
    return (f'<a class="claim-ref" data-pagefind-ignore href="../claims/{key}.html" '
            f'aria-label="Claim: {key.upper()}">claim</a>')


def mark(text: str, key: str = "a") -> str:
    return f'<mark id="quote-{key}">{text}</mark>{link(key)}'


# (sanitised HTML of an article text, its quotes, the HTML with the quotes marked); in the
# expected HTML, {a} is the link to claim a after its quote's last mark
HIGHLIGHTS = [
    ("<p>She said the plan works.</p>", [quote("the plan works")],
     f"<p>She said {mark('the plan works')}.</p>"),
    # a quote crossing an element: a mark per text run, the id on the first, the link after the last
    ("<p>She said: <em>the plan</em> works &amp; grows.</p>", [quote("the plan works & grows")],
     '<p>She said: <em><mark id="quote-a">the plan</mark></em><mark> works &amp; grows</mark>{a}.</p>'),
    ("<p>a <em>b</em> c</p>", [quote("a *b* c")],  # typed with the source's Markdown
     '<p><mark id="quote-a">a </mark><em><mark>b</mark></em><mark> c</mark>{a}</p>'),
    # typography, spacing, accents: the mark covers the text as the page prints it
    ("<p>\u201cyes\u201d, she said</p>", [quote('"yes"')], f"<p>{mark('“yes”')}, she said</p>"),
    ("<p>and so on\u2026 then</p>", [quote("and so on... then")], f"<p>{mark('and so on… then')}</p>"),
    ("<p>so on\u2026</p>", [quote("so on...")], f"<p>{mark('so on…')}</p>"),
    ("<p>x so on\u2026 y</p>", [quote("on... y")], f"<p>x so {mark('on… y')}</p>"),
    ("<p>Cafe\u0301 owners</p>", [quote("Caf\u00e9 owners")], "<p>" + mark("Cafe\u0301 owners") + "</p>"),
    ("<p>x Cafe\u0301 y</p>", [quote("\u00e9 y")], "<p>x Caf" + mark("e\u0301 y") + "</p>"),
    ("<p>Cafe\u0301s owners</p>", [quote("owners")], "<p>Cafe\u0301s " + mark("owners") + "</p>"),
    ("<p>Cafe\u0301 owners</p>", [quote("af\u00e9 owners")], "<p>C" + mark("afe\u0301 owners") + "</p>"),
    ("<p>the  plan\n works</p>", [quote("the plan works")], "<p>" + mark("the  plan\n works") + "</p>"),
    ("<p>  the plan works  </p>", [quote("the plan works")], f"<p>  {mark('the plan works')}  </p>"),
    ("<p>the plan\n\n</p>", [quote("plan")], f"<p>the {mark('plan')}\n\n</p>"),
    ("<p>Yes.</p>", [quote("Yes.")], f"<p>{mark('Yes.')}</p>"),
    ("<p>Yes. </p>", [quote("Yes.")], f"<p>{mark('Yes.')} </p>"),
    ("<p> Yes.</p>", [quote("Yes.")], f"<p> {mark('Yes.')}</p>"),
    # quotation marks in the text stay as they are, inside a mark and around it
    ('<p>"a" b "c" d \'e\'</p>', [quote('b "c"')], '<p>"a" ' + mark('b "c"') + " d 'e'</p>"),
    # the same words quoted twice: the second quote marks the next place they are printed
    ("<p>the plan works; the plan works</p>", [quote("the plan works"), quote("the plan works", "b")],
     f"<p>{mark('the plan works')}; {mark('the plan works', 'b')}</p>"),
    ("<p>!!</p>", [quote("!"), quote("!", "b")], f"<p>{mark('!')}{mark('!', 'b')}</p>"),
    ("<p>the plan works</p>", [quote("the plan works"), quote("the plan works", "b")],
     f"<p>{mark('the plan works')}</p>"),
    # quotes never overlap: one that would is looked for further on
    ("<p>the plan works; the plan</p>", [quote("plan works"), quote("the plan", "b")],
     f"<p>the {mark('plan works')}; {mark('the plan', 'b')}</p>"),
    ("<p>the plan works. the plan works</p>", [quote("the plan"), quote("plan works", "b")],
     f"<p>{mark('the plan')} works. the {mark('plan works', 'b')}</p>"),
    ("<p>the plan works. the plan. the plan</p>", [quote("the plan works"), quote("plan", "b")],
     f"<p>{mark('the plan works')}. the {mark('plan', 'b')}. the plan</p>"),
    ("<p>Wow!!!</p>", [quote("Wow!"), quote("!!", "b")], f"<p>{mark('Wow!')}{mark('!!', 'b')}</p>"),
    ("<p>one two three; two three</p>", [quote("one"), quote("two three", "b"), quote("three", "c")],
     f"<p>{mark('one')} {mark('two three', 'b')}; two {mark('three', 'c')}</p>"),
    ("<p>the plan. the plan works</p>", [quote("plan"), quote("the plan works", "b")],
     f"<p>the {mark('plan')}. {mark('the plan works', 'b')}</p>"),
    # side by side is not overlapping
    ("<p>Ukrainian-made drones</p>", [quote("Ukrainian"), quote("-made drones", "b")],
     f"<p>{mark('Ukrainian')}{mark('-made drones', 'b')}</p>"),
    ("<p>Ukrainian-made drones</p>", [quote("-made drones"), quote("Ukrainian", "b")],
     f"<p>{mark('Ukrainian', 'b')}{mark('-made drones')}</p>"),
    # case is the speaker's: another case is another quote, not marked
    ("<p>The plan works.</p>", [quote("the plan works")], "<p>The plan works.</p>"),
    ("<p>The plan works.</p>", [quote("nothing like it"), quote("")], "<p>The plan works.</p>"),
    ("<p>The plan works.</p>", [quote("nothing like it"), quote("works", "b")],
     f"<p>The plan {mark('works', 'b')}.</p>"),
    # a quote ending inside a link of the text: its claim link follows that link (no link in a link)
    ('<p>See <a href="u">the plan works</a> today</p>', [quote("the plan works")],
     '<p>See <a href="u"><mark id="quote-a">the plan works</mark></a>{a} today</p>'),
    ('<p><a href="u">the plan</a> works</p>', [quote("the plan works")],
     '<p><a href="u"><mark id="quote-a">the plan</mark></a><mark> works</mark>{a}</p>'),
    ('<p><A HREF="u">one <b>two</b></A> three <a href="v">four</a> five</p>',
     [quote("one"), quote("three", "b"), quote("four", "c")],
     '<p><A HREF="u"><mark id="quote-a">one</mark> <b>two</b></A>{a} ' + mark("three", "b")
     + ' <a href="v"><mark id="quote-c">four</mark></a>' + link("c") + " five</p>"),
]


@pytest.mark.parametrize("fragment, quotes, expected", HIGHLIGHTS)
def test_each_quote_is_marked_where_the_page_prints_it(fragment, quotes, expected):
    marked, found = highlight(fragment, quotes)
    assert marked == expected.replace("{a}", link("a"))
    assert found == {q.key for q in quotes if f'id="{q.key}"' in expected}


@pytest.mark.parametrize("limit, found", [
    (0, {"quote-a", "quote-b", "quote-c", "quote-e"}), (1, {"quote-a", "quote-b", "quote-c", "quote-d"}),
    (2, {"quote-a", "quote-b", "quote-c", "quote-d", "quote-e"})])
def test_quotes_overlapping_others_are_looked_for_a_bounded_number_of_times(monkeypatch, limit, found):
    """Each step past an earlier quote's mark counts, in the whole article; quotes of the same
    words go on from the last place found, which costs no step."""
    monkeypatch.setattr(body, "MAX_OVERLAP_TRIES", limit)
    quotes = [quote("x y", "a"), quote("x y", "b"), quote("x y", "c"),  # each its own place
              quote("y z", "d"), quote("z x", "e")]  # one step past a mark; e past d's, once d has one
    assert highlight("<p>x y z. x y. x y. y z x. z x</p>", quotes)[1] == found


def test_a_marked_quote_stays_escaped():
    # A code span shows its `<script>` as text; marking it must not turn it into a tag.
    renderer = BodyRenderer()
    clean = renderer.html("He typed `<script>alert(1)</script>` & left.")
    marked, found = highlight(clean, [quote("typed <script>alert(1)</script> & left")])
    assert "<script" not in marked and found == {"quote-a"}
    assert marked == ('<p>He <mark id="quote-a">typed </mark><code><mark>&lt;script&gt;alert(1)'
                      '&lt;/script&gt;</mark></code><mark> &amp; left</mark>' + link("a") + '.</p>')
    # and the text around a mark too, and the link's attributes
    hostile = Quote(key='q"><b', text="plan", href='x" onclick="y', label='<img src=x>"', link_text="<i>")
    marked, _ = highlight("<p>&lt;b&gt; plan &lt;/b&gt;</p>", [hostile])
    assert marked == ('<p>&lt;b&gt; <mark id="q&quot;&gt;&lt;b">plan</mark><a class="claim-ref" '
                      'data-pagefind-ignore href="x&quot; onclick=&quot;y" aria-label="&lt;img '
                      'src=x&gt;&quot;">&lt;i&gt;</a> &lt;/b&gt;</p>')


# (Markdown, what must be in the page's HTML, what must not)
SANITISED = [
    ("text <script>alert(1)</script> end", "<p>text  end</p>", "alert"),
    ('<b onclick="steal()">bold</b>', "<b>bold</b>", "onclick"),
    ("[run](javascript:alert(1))", "<a>run</a>", "javascript"),
    ("[file](file:///etc/passwd)", "<a>file</a>", "passwd"),
    ("[get](ftp://example.org/f)", "<a>get</a>", "ftp:"),
    ("[call](tel:+10000)", "<a>call</a>", "tel:"),
    ("[read](https://example.org/r)",
     '<a href="https://example.org/r" rel="noopener noreferrer nofollow">read</a>', "<a>"),
    ("[read](http://example.org/r)",
     '<a href="http://example.org/r" rel="noopener noreferrer nofollow">read</a>', "<a>"),
    ("[read](HTTPS://Example.org/r)", '<a href="HTTPS://Example.org/r"', "<a>"),
    # a relative address points into this site, not the report's: a wrong or broken link
    ("[about](/about)", "<a>about</a>", "/about"),
    ("[top](#top)", "<a>top</a>", "#top"),
    ("[other](//elsewhere.example/x)", "<a>other</a>", "elsewhere"),
    ("[none](https:///no-host)", "<a>none</a>", "no-host"),
    ("[bad](http://[::1/)", "<a>bad</a>", "::1"),
    ('<blockquote cite="javascript:alert(1)">q</blockquote>', "<blockquote>q</blockquote>", "javascript"),
    ('<blockquote cite="/x">q</blockquote>', "<blockquote>q</blockquote>", "/x"),
    ('<blockquote cite="https://example.org/s">q</blockquote>', '<blockquote cite="https://example.org/s">',
     "<blockquote>"),
    ("[write](mailto:desk@example.org)",
     '<a href="mailto:desk@example.org" rel="noopener noreferrer nofollow">write</a>', "<a>"),
    ("![tracker](https://example.org/pixel.png)", "<p></p>", "<img"),
    ('<iframe src="https://example.org"></iframe>', "", "<iframe"),
]


@pytest.mark.parametrize("markdown, shown, gone", SANITISED)
def test_the_article_text_is_sanitised(markdown, shown, gone):
    html = BodyRenderer().html(markdown)
    assert shown in html and gone not in html


@pytest.mark.parametrize("markdown, top, levels", [
    ("# Title\n\n## Part\n\ntext", 3, ["<h3>Title</h3>", "<h4>Part</h4>"]),
    ("### Only\n\n#### Below", 3, ["<h3>Only</h3>", "<h4>Below</h4>"]),
    ("# One\n\n###### Six", 3, ["<h3>One</h3>", "<h6>Six</h6>"]),  # no h8: the deepest is h6
    ("## Two\n\n### Three", 1, ["<h1>Two</h1>", "<h2>Three</h2>"]),
    ("### Three", 0, ["<h1>Three</h1>"]),  # no h0
    ("no headings", 3, ["<p>no headings</p>"]),
])
def test_the_texts_headings_sit_under_the_pages(markdown, top, levels):
    html = BodyRenderer().html(markdown, top)
    assert all(level in html for level in levels)
    assert html.count("<h") == sum(1 for level in levels if level.startswith("<h"))


def article_with(*reports: tuple[str, str]) -> tuple[Article, dict[str, Claim]]:
    article = Article(slug="report", path="content/articles/report.md", title="Report")
    claims = {}
    for claim_id, words in reports:
        claim = claims.setdefault(claim_id, Claim(id=claim_id, speaker="ada", assertion="Tax goes up.",
                                                  assertions={"uk": "Податок зросте."}))
        appearance = Appearance(claim_id=claim_id, article=article, line=1, date=None,
                                date_given=False, quote=words)
        claim.appearances.append(appearance)
        article.appearances.append(appearance)
    return article, claims


def test_the_article_page_marks_its_quotes_and_links_each_to_its_claim():
    article, claims = article_with(("tax-up", "taxes will rise"), ("said", ""), ("other", "not in it"))
    page, found = BodyRenderer().render(article, "The minister: *taxes* will rise.", claims)
    assert found == {"tax-up"}
    assert page == ('<p>The minister: <em><mark id="quote-tax-up">taxes</mark></em><mark> will rise'
                    '</mark><a class="claim-ref" data-pagefind-ignore href="../claims/tax-up.html" '
                    'aria-label="Claim: Tax goes up.">claim</a>.</p>')
    assert page.__html__() == page  # safe to put in a page as it is


def test_the_claim_link_is_labelled_in_the_interface_language():
    article, claims = article_with(("tax-up", "taxes will rise"))
    page, _ = BodyRenderer(Interface("uk"), "en").render(article, "taxes will rise", claims)
    assert 'aria-label="Твердження: Податок зросте.">твердження</a>' in page
    # on a Ukrainian site, the English interface shows the summary in the site's language
    claims["tax-up"].assertion, claims["tax-up"].assertions = "Податок зросте.", {"en": "Tax goes up."}
    page, _ = BodyRenderer(Interface("uk"), "uk").render(article, "taxes will rise", claims)
    assert 'aria-label="Твердження: Податок зросте."' in page
    page, _ = BodyRenderer(Interface("en"), "uk").render(article, "taxes will rise", claims)
    assert 'aria-label="Claim: Tax goes up.">claim</a>' in page
    # told no site language, the interface's is the site's: `assertion` is in it
    page, _ = BodyRenderer(Interface("en")).render(article, "taxes will rise", claims)
    assert 'aria-label="Claim: Податок зросте.">claim</a>' in page


def test_one_renderer_renders_many_articles_each_from_scratch():
    renderer = BodyRenderer()
    assert renderer.html("First[^1]\n\n[^1]: note") == renderer.html("First[^1]\n\n[^1]: note")
    assert "<h3>Later</h3>" in renderer.html("# Later")
