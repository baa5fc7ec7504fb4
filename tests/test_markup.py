"""How much work a text would give Python-Markdown, measured before it runs (markup.py): a
text is refused, naming its line and cause, exactly when an estimate is past its limit.

The limits are set small here, so each estimate is checked to the character on short texts;
test_hostile_markup.py builds the texts of issue 24 at the real limits."""

from __future__ import annotations

import pytest

from claimsite import markup
from claimsite.limits import MAX_NESTING


@pytest.fixture
def limits(monkeypatch):
    def set_limits(**values: int) -> None:
        for name, value in values.items():
            monkeypatch.setattr(markup, name, value)
    return set_limits


def refused(text: str) -> tuple[int, str] | None:
    found = markup.problems(text)
    assert len(found) <= 1
    return found[0] if found else None


def test_a_report_with_ordinary_markup_passes():
    text = ("# Talks\n\nThe *minister* said [the plan](https://example.org/(x)) works; `code`, "
            "<b>bold</b> &amp; __strong__ <!-- note --> <![CDATA[x]]> <?php ?> <!DOCTYPE html>.\n\n"
            "> a quote\n> > within one\n\n- an item\n    - within it\n1. first\n2) second\n\t- tabbed\n")
    assert markup.problems(text) == []


# --- nesting: each `>`, `-`, `*`, `+`, `1.`, `1)` and each four columns of indentation -------

@pytest.mark.parametrize("line", [
    "> " * MAX_NESTING + "x", ">" * MAX_NESTING + " x", "- " * MAX_NESTING + "x", "* " * MAX_NESTING + "x",
    "+ " * MAX_NESTING + "x", "1. " * MAX_NESTING + "x", "123456789) " * MAX_NESTING + "x",
    " " * 4 * MAX_NESTING + "x", " " * 4 * (MAX_NESTING - 1) + "- x", "\t" * (MAX_NESTING - 1) + "- x",
    "- " * (MAX_NESTING - 1) + "-x", "1234567890. " * (MAX_NESTING + 1),
    "-" * 100 + " x", "> " * (MAX_NESTING - 1) + "+x"])
def test_nesting_up_to_the_limit_passes(line):
    assert refused(f"Intro.\n\n{line}\n") is None


@pytest.mark.parametrize("line", [
    "> " * (MAX_NESTING + 1) + "x", ">" * (MAX_NESTING + 1) + "x", "- " * (MAX_NESTING + 1) + "x",
    "* " * (MAX_NESTING + 1) + "x", "+ " * (MAX_NESTING + 1) + "x", "1. " * (MAX_NESTING + 1) + "x",
    "9) " * (MAX_NESTING + 1) + "x", "-\t" * (MAX_NESTING + 1) + "x", " " * 4 * (MAX_NESTING + 1) + "x",
    " " * 4 * MAX_NESTING + "- x", "\t" * MAX_NESTING + "- x", "\t" * (MAX_NESTING + 1) + "x",
    "  \t" * (MAX_NESTING - 1) + "> x", " " * 4 * (MAX_NESTING - 1) + "> > x", "> " * 200 + "x"])
def test_nesting_past_the_limit_is_refused_at_its_line(line):
    assert refused(f"Intro.\n\n{line}\n\nMore.") == (
        3, f"quotes, lists or indentation nested more than {MAX_NESTING} deep; flatten the nesting")


# --- elements: marks, block lines and paragraphs, counted together --------------------------

def test_more_marks_than_the_limit_are_refused_with_their_count(limits):
    limits(MAX_MARKDOWN_ELEMENTS=10)
    assert refused("a" + "*" * 9) is None  # 9 marks and a paragraph
    assert refused("a" + "_" * 3 + "  \n" + "`[<&\\!"[:5]) is None  # a line break is a mark
    assert refused("a" + "*_`[<&\\!!!!") == (1, "the text holds 11 Markdown marks (*_`[<&\\!, line breaks); "
                                               "at most 10: most are likely not meant as markup")
    assert refused("a  \n" * 11) == (1, "the text holds 11 Markdown marks (*_`[<&\\!, line breaks); "
                                        "at most 10: most are likely not meant as markup")


LISTED = "\n".join(f"- {c}" for c in "abcdefghijk")


@pytest.mark.parametrize("text, line, fewer", [
    ("a" + "*" * 10, 1, "a" + "*" * 9),  # the marks, then the paragraph
    ("x\n" + LISTED, 12, "x\n" + LISTED[:-8]),  # the eleventh block line
    ("x\n" + LISTED[:-4], 1, "x\n" + LISTED[:-8]),  # ten block lines, then the paragraph
    ("a" + "\n\nb" * 10, 21, "a" + "\n\nb" * 9),  # the eleventh paragraph
    ("#a\n\n****\n\nb\n\nc\n\nd", 9, "#a\n\n****\n\nb\n\nc"),  # all three together
])
def test_more_elements_than_the_limit_are_refused_where_the_limit_is_passed(limits, text, line, fewer):
    limits(MAX_MARKDOWN_ELEMENTS=10)
    assert refused(text) == (line, "the text has more than 10 paragraphs, list items, headings and Markdown "
                                   "marks together; split the article")
    assert refused(text + "\nmore")[0] == line
    assert refused(fewer) is None


# --- inline work: (marks + lines x depth) x paragraph length, summed -----------------------

def test_paragraphs_with_more_inline_work_than_the_limit_are_refused(limits):
    limits(MAX_INLINE_WORK=150)
    paragraph = "a*b*" + "x" * 21  # 2 marks x 25 characters
    assert refused("\n\n".join([paragraph] * 3)) is None  # 150
    assert refused("\n\n".join([paragraph] * 3) + "x") == (
        5, "a paragraph of 26 characters with 2 Markdown marks: too much markup for one paragraph; "
           "put blank lines between paragraphs")
    limits(MAX_INLINE_WORK=99)
    # a list item's lines count once per level: (0 marks + 2 lines x 2 deep) x 25 characters
    item = "> > " + "y" * 16 + "\n" + "z" * 4
    assert refused(item) == (1, "a paragraph of 25 characters with 0 Markdown marks in a quote or list 2 deep: "
                                "too much markup for one paragraph; put blank lines between paragraphs")
    assert refused("x\n\n" + item) == (3, "a paragraph of 25 characters with 0 Markdown marks in a quote or list "
                                          "2 deep: too much markup for one paragraph; put blank lines between "
                                          "paragraphs")
    limits(MAX_INLINE_WORK=100)
    assert refused(item) is None


def test_a_long_nested_paragraph_is_refused_as_too_many_elements(limits):
    limits(MAX_MARKDOWN_ELEMENTS=60)
    quote = "> > > x\n" + "y\n" * 18 + "y"  # 20 lines, 3 deep: 60 lines to unpack
    assert refused(quote) is None
    assert refused("a\n\n" + quote + "\ny") == (
        3, "a quote or list of 21 lines nested 3 deep: too long for Markdown to unpack; put blank lines "
           "between its paragraphs")
    # the count runs over the whole text, each paragraph's lines and depth its own
    assert refused(quote + "\n\n> x\n" + "y\n" * 2) is not None
    assert refused("a\nb\n\n" + quote + "\n\nafter\nmore") is None
    assert refused("a\n\n" + quote + "\ny\n\n> > > > deeper\nz\n\nend") == (
        3, "a quote or list of 21 lines nested 3 deep: too long for Markdown to unpack; put blank lines "
           "between its paragraphs")


# --- open brackets and link addresses: what Markdown reads to find their ends ---------------

OPEN = [  # (text, characters read)
    ("[abc", 3),
    ("[[ab", 5),  # each open `[` reads on
    ("[x]" + "y" * 50, 2),
    ("x] [a] [b", 3),  # a `]` with none open closes nothing
    ("[x](" + "y" * 7, 10),  # the text to `](`, then the address read to the end
    ("[x](y)" + "z" * 50, 5),
    ("[x](a(b)c)" + "z" * 50, 9),  # parentheses inside the address nest
    ("[x](a](b)" + "z" * 9, 17),  # a `](` inside an address is an opening parenthesis
    ("[x](a)b)c](d", 5),  # a `)` or `](` with nothing open closes nothing
    ("[x (a) b", 7),
    ('[x "' + "y" * 6, 10),  # a quotation mark may hide the end: read (again) to the end
    ("[x 'a] b", 8), ("[x \\] b", 7), ("[x `] b", 7),
    ('[x "a" [b', 10),  # after it, all is closed; a later `[` is open again
    ("[a\n\n[bc", 3),  # each paragraph on its own
    ("no brackets here", 0),
    ("[[x](y", 9),
    ("[a](b [c](d" + "e" * 5, 24),  # two addresses looked for at once
    ('[x](a "' + "y" * 5, 12),
]


@pytest.mark.parametrize("text, read", OPEN)
def test_open_brackets_are_refused_when_markdown_would_read_more_than_the_limit(limits, text, read):
    limits(MAX_OPEN_SCAN=read)
    assert refused(text) is None
    limits(MAX_OPEN_SCAN=read - 1)
    assert refused(text) == (1 if "\n\n" not in text else 3, markup._too_much_open())


def test_the_refusal_names_the_paragraph_past_the_limit_and_says_what_to_do(limits):
    limits(MAX_OPEN_SCAN=10)
    assert refused("[xxxxx\n\n[xxxx\n\n[x") is None
    assert refused("[xxxxx\n\n[xxxxx\n\n[x\n\nend") == (5, (
        "too many unclosed `[`, `](` or `<` (or ones that close far away): Markdown would read over 10 "
        "characters to find where they end; escape a literal bracket as \\[ or close it"))
    assert refused("[" + "x" * 30) == (1, markup._too_much_open())  # past it in one paragraph
    assert refused('[x "' + "y" * 30) == (1, markup._too_much_open())


# --- raw HTML: each construct copies the text after it; one left open is read to the end ----

def test_raw_html_copying_more_than_the_limit_is_refused(limits):
    limits(MAX_HTML_WORK=30)
    text = "<b>" + "y" * 17 + "<i>" + "z" * 7  # 30 characters from the first, 10 from the second
    limits(MAX_HTML_WORK=40)
    assert refused(text) is None
    limits(MAX_HTML_WORK=39)
    assert refused("a\n\n" + text[3:]) is None
    assert refused("a\n" + text + "\nend") == (2, "too much raw HTML for a text this long (Markdown copies the text after "
                                         "each tag: over 39 characters); write it as Markdown or split the article")


@pytest.mark.parametrize("construct", [
    "<a ", "<!-- x", "<? x", "<!x", "</a", "<!-- -- >", "<a href='>' ", '<a title=">" ', "<? > ?",
])
def test_html_left_open_is_read_to_the_end_of_the_text(limits, construct):
    text = construct + " after"
    read = len(text)
    limits(MAX_OPEN_SCAN=read)
    assert refused(text) is None
    limits(MAX_OPEN_SCAN=read - 1)
    assert refused("\n" + text + "\n") == (2, markup._too_much_open())


def test_html_left_open_is_read_on_after_html_closed_and_counted_with_the_rest(limits):
    text = "<b>closed</b> <a  after"
    limits(MAX_OPEN_SCAN=9)  # from the `<a`
    assert refused(text) is None
    limits(MAX_OPEN_SCAN=8)
    assert refused(text) == (1, markup._too_much_open())
    limits(MAX_OPEN_SCAN=22)  # 13 and 9: each open one is read to the end
    assert refused("<a  <a  after") is None
    limits(MAX_OPEN_SCAN=21)
    assert refused("<a  <a  after") == (1, markup._too_much_open())


def test_html_left_open_after_closed_html_of_its_kind_is_read_on(limits):
    text = "<!-- a --> <!-- b after"
    limits(MAX_OPEN_SCAN=12)  # from the second `<!--`
    assert refused(text) is None
    limits(MAX_OPEN_SCAN=11)
    assert refused(text) == (1, markup._too_much_open())


@pytest.mark.parametrize("closed", [
    "<a>", "<a href='x'>", '<a title=">">', "</a>", "<!-- a -->", "<? a ?>", "<!DOCTYPE x>",
    "<!-- a <!-- b -->", "<!-- a --> <!-- b -->", "<1 <= 2"])
def test_html_closed_is_not_read_on(limits, closed):
    limits(MAX_OPEN_SCAN=0)
    assert refused(closed + " after") is None
