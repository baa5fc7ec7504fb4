"""Keys and file names: what makes a key, the advice for one that is not, and the key made
from a title in any alphabet (the name `new` gives an article, the fix a message proposes)."""

from __future__ import annotations

import pytest

from claimsite.scaffold import TITLE_CHARS, article_stem
from claimsite.schema import check_slug, slugify

# (text, the key made from it)
SLUGS = [
    ("Plan works", "plan-works"),
    ("G7 summit in 2024", "g7-summit-in-2024"),  # digits are part of a key
    ("100% sure, 2 times", "100-sure-2-times"),
    ("  Hello,  World!  ", "hello-world"),
    ("Путін", "putin"),
    ("ÄÖÜ Straße", "aou-strasse"),
    # an apostrophe inside a word leaves it one word, whichever apostrophe it is
    ("Putin's visit", "putins-visit"),
    ("Putin\u2019s visit", "putins-visit"),
    ("об\u02bcєднуються", "obiednuiutsia"),
    ("don\u00b4t", "dont"),
    ("Hawai\u02bbi", "hawaii"),
    ("rock`n roll", "rockn-roll"),
    # one outside a word is a break, or nothing
    ("\u2019quoted\u2019 word", "quoted-word"),
    ("x\u2019 y", "x-y"),
    ("---", ""),
]


@pytest.mark.parametrize("text, key", SLUGS)
def test_a_key_is_made_from_any_text(text, key):
    assert slugify(text) == key


@pytest.mark.parametrize("key", ["plan-works", "g7", "2024", "a", "a" * 100, "com10"])
def test_a_key_is_lowercase_letters_digits_and_single_hyphens(key):
    assert check_slug(key) == (key, "")


ADVICE = "use lowercase letters a-z, digits and single hyphens"
# (would-be key, what the editor is told)
NOT_KEYS = [
    ("Plan Works", f"'Plan Works' is not a valid key: {ADVICE} (e.g. 'plan-works')"),
    ("G7_2024", f"'G7_2024' is not a valid key: {ADVICE} (e.g. 'g7-2024')"),
    ("plan--works", f"'plan--works' is not a valid key: {ADVICE} (e.g. 'plan-works')"),
    ("-plan", f"'-plan' is not a valid key: {ADVICE} (e.g. 'plan')"),
    ("!!!", f"'!!!' is not a valid key: {ADVICE}"),  # nothing to propose
    ("", f"'' is not a valid key: {ADVICE}"),
    # a letter that looks like a plain one is named
    ("pl\u0430n", f"'pl\u0430n' is not a valid key: {ADVICE}; '\u0430' is CYRILLIC SMALL LETTER A, "
                  "not a plain ASCII letter (e.g. 'plan')"),
    ("x\ue000", f"'x\\ue000' is not a valid key: {ADVICE}; '\\ue000' is U+E000, not a plain ASCII "
                "letter (e.g. 'x')"),
    # the first character past ASCII is named, and only such a one
    ("a\x7fb", f"'a\\x7fb' is not a valid key: {ADVICE} (e.g. 'a-b')"),
    ("a\x80b", f"'a\\x80b' is not a valid key: {ADVICE}; '\\x80' is U+0080, not a plain ASCII letter "
                "(e.g. 'ab')"),
    ("con", "'con' is a reserved file name on Windows; choose another key"),
    ("lpt9", "'lpt9' is a reserved file name on Windows; choose another key"),
    ("a" * 101, f"'{'a' * 40}...' is longer than 100 characters; a key becomes a file name: shorten it"),
]


@pytest.mark.parametrize("text, message", NOT_KEYS)
def test_a_text_that_is_not_a_key_is_told_why_and_what_would_be(text, message):
    assert check_slug(text) == (None, message)


# (title, date, the file name `new` gives the article)
STEMS = [
    ("Plan works", "", "plan-works"),
    ("Plan works", "2024-06-18", "2024-06-18-plan-works"),
    ("Plan works", "2024-06-18T10:00", "2024-06-18-plan-works"),  # the day, not the time
    ("Plan works", "June 2024", "plan-works"),  # not a date: left out
    ("G7 summit 2024", "2024", "2024-g7-summit-2024"),
    ("!!!", "", "article"),
    ("!!!", "2024-06-18", "2024-06-18"),
    ("", "", "article"),
    # a name Windows reserves is never written (check would refuse it)
    ("Con", "", "con-article"), ("COM1", "", "com1-article"), ("Aux!", "", "aux-article"),
    ("Con", "2024-06-18", "2024-06-18-con"),
]


@pytest.mark.parametrize("title, date, stem", STEMS)
def test_a_new_articles_file_is_named_by_its_date_and_title(title, date, stem):
    assert article_stem(title, date) == stem


@pytest.mark.parametrize("title, stem", [
    ("a" * 60, "a" * 60),  # 60 characters: kept whole
    ("a" * 60 + " b", "a" * 60),  # a hyphen just after them: cut there
    ("a" * 59 + " bc", "a" * 59),
    ("a" * 58 + " b", "a" * 58 + "-b"),
    ("ab " + "c" * 70, "ab"),
    ("a " + "c" * 70, "a"),
    ("one two " + "c" * 70, "one-two"),
    ("a" * 61, "a" * 60),  # one word longer than that: cut, as nothing else would do
    ("a" * 61 + " b", "a" * 60),
])
def test_a_long_title_is_cut_after_its_last_whole_word_within_60_characters(title, stem):
    assert TITLE_CHARS == 60
    assert article_stem(title) == stem
