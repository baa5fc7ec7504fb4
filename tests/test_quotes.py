"""The quote check: a quote must be in its article's text, forgiving only typesetting; a
quote that is not gets the nearest passage, its differing words in [brackets]."""

from __future__ import annotations

import pytest

from claimsite.quotes import MAX_ALIGNED_WORDS, QuoteChecker, nearest_passage, normalise, same_words, unmarked

# (article text, quote): accepted, as each differs from the text only in how it is typeset
ACCEPTED = [
    ("She said “we will win” today.", 'She said "we will win" today.'),
    ("She said \u201ewir gewinnen\u201c.", 'She said "wir gewinnen".'),
    ("It’s over, it‘s done.", "It's over, it's done."),
    ("Вони обʼєднуються.", "Вони об'єднуються."),
    ("Вони об'єднуються.", "Вони об\u2019єднуються."),
    ("the years 1941—1945 and 1914–1918", "the years 1941-1945 and 1914-1918"),
    ("and so on…", "and so on..."),
    ("the  plan\n   works", "the plan works"),
    ("prices\u00a0rose", "prices rose"),
    ("Cafe\u0301 owners", "Caf\u00e9 owners"),  # a letter and its accent as two characters
    ("Caf\u00e9 owners", "Cafe\u0301 owners"),
    ("Всё решено.", "Все решено."),  # ё printed as е
    ("ВСЁ", "ВСЕ"),
    ("The *plan* works, **really**.", "The plan works, really."),  # markup in the text
    ("The plan works, really.", "The *plan* works, _really_."),  # markup copied with the quote
    ("read [the report](https://example.org/r) now", "read the report now"),
    ("the `code` word", "the code word"),
]

# (article text, quote): not the same words, so reported
REJECTED = [
    ("The plan works.", "the plan works."),  # case is the speaker's (or the outlet's)
    ("the plan works.", "The plan works."),
    ("ЗСУ тримають оборону", "зсу тримають оборону"),
    ("The plan works.", "The plan wroks."),
    ("Путін сказав", "Путин сказав"),  # і and и are different letters
    ("The plan works.", "The plan works!"),
    ("прийшла зима", "прийшла зіма"),
]


@pytest.mark.parametrize("text, quote", ACCEPTED)
def test_a_quote_typeset_differently_is_accepted(text, quote):
    assert QuoteChecker(text).find(quote) is None


@pytest.mark.parametrize("text, quote", REJECTED)
def test_a_quote_with_other_letters_or_case_is_reported(text, quote):
    assert QuoteChecker(text).find(quote) is not None


# (article text, quote, the nearest passage the message shows)
HINTS = [
    # the passage as printed, without the article's quotation marks; the word that differs marked
    ("Ada Speaker told reporters: “The plan works, and it works well.”",
     "The plan worked, and it works well.", "The plan [works,] and it works well."),
    ("The plan works, and it works well. Then she left.",
     "The plan worked, and it works well.", "The plan [works,] and it works well."),
    ("The plan works, and it works well.", "The plan worked and it works well",
     "The plan [works,] and it works well."),
    # a passage that begins with a capital X keeps it
    ("Xi Jinping said the partnership is strong.",
     "Xi Jinping said the partnership was strong.", "Xi Jinping said the partnership [is] strong."),
    # the text begins in the middle of the quote
    ("and it works well. Then she left.", "The plan worked, and it works well.",
     "and it works well. [Then] [she] [left.]"),
    # punctuation alone does not mark a word
    ("He spoke of nuclear weapons.", "nuclear weapons?", "nuclear weapons."),
    # one shared long word is enough; a short one ("the") is not
    ("The minister spoke about ammunition today.", "we need ammunition now",
     "[spoke] [about] ammunition [today.]"),
    ("the cat sat. Later, elections came", "the elections", "[Later,] elections"),
    ("He said the works were done.", "our works", "[the] works"),
    # two shared words are enough, short ones too
    ("Officials said the plan works.", "the plan failed", "the plan [works.]"),
    # the passage that shares most with the quote wins, not the first that shares something
    ("Officials said we will deliver more help soon. Later: we will deliver new air defence systems "
     "quickly the winter comes.",
     "we will deliver more air defence systems before the winter comes.",
     "we will deliver [new] air defence systems [quickly] the winter comes."),
    # nothing alike: no passage
    ("The plan works.", "Completely unrelated statement here", ""),
    ("The plan works.", "Then", ""),
]


@pytest.mark.parametrize("text, quote, hint", HINTS)
def test_a_reported_quote_comes_with_the_nearest_passage(text, quote, hint):
    assert QuoteChecker(text).find(quote) == hint


def test_a_long_nearest_passage_is_cut_to_300_characters():
    words = [f"word{n:03d}" for n in range(60)]  # 7 characters and a space each
    for length, shown in ((299, None), (300, None), (301, 297), (400, 297)):
        text = " ".join(words)[:length - 1].rstrip() + "."
        text = text + "." * (length - len(text))  # exactly `length` characters, ending in "."
        hint = QuoteChecker(text).find(text[:-1] + "!")  # differs in its punctuation only
        assert hint == (text if shown is None else text[:shown] + "..."), length


def test_a_long_quote_marks_only_the_words_that_differ():
    sentence = "the plan for the region is the plan of the people and the government"
    text = " ".join([sentence] * 20) + "."  # 260 words, "the" among them a hundred times
    quote = text.replace("for the region", "in the area", 1)
    hint = QuoteChecker(text).find(quote)
    assert hint.startswith("the plan [for] the [region] is the plan of the people and the government the")
    assert hint.count("[") == 2


def test_a_quote_that_is_in_the_text_is_its_own_nearest_passage():
    assert nearest_passage("they said elections matter", "elections") == "elections"
    assert nearest_passage("they said elections matter", "said elections") == "said elections"


def test_nearest_passages_are_looked_for_only_within_a_budget():
    text = "The plan works, and it works well."
    checker = QuoteChecker(text)
    checker.HINT_BUDGET = len(text)  # two passes over this text
    assert checker.find("The plan works, and it works well.") is None
    assert checker.find("The plan works") is None
    assert checker.find("The plan worked, and it works well.") == "The plan [works,] and it works well."
    assert checker.find("The plan works, and it worked well.") == "The plan works, and it [works] well."
    assert checker.find("The plan worked, and it worked well.") == ""  # the budget is spent
    # asked before: the same answer, and no pass spent on it
    assert checker.find("The plan worked, and it works well.") == "The plan [works,] and it works well."


@pytest.mark.parametrize("markdown, text", [
    ("*a* _b_ `c` **d** __e__", "a b c d e"),
    ("see [the report](https://example.org/r?a=1) now", "see the report now"),
    ("[one](https://a.example)[two](https://b.example)", "onetwo"),
    ("no markup at all", "no markup at all"),
])
def test_unmarked_is_the_text_a_page_shows(markdown, text):
    assert unmarked(markdown) == text


def test_normalise_makes_spacing_and_typography_plain():
    assert normalise("  “It’s  done” —\tall\n of it…  ") == "\"It's done\" - all of it..."
    assert normalise("Cafe\u0301") == "Caf\u00e9"
    assert nearest_passage("", "anything") == ""


def test_two_wordings_share_the_words_they_have_at_the_same_place():
    # (what the wording comparison and the nearest passage's marks show as the same)
    assert same_words("the plan saved money".split(), "the plan cost money".split()) == (
        [True, True, False, True], [True, True, False, True])
    # the longest common stretch is kept; a word elsewhere is not the same place
    assert same_words(["x", "y", "z"], ["z", "x", "y"]) == ([True, True, False], [False, True, True])
    # up to MAX_ALIGNED_WORDS pairs the places are compared; past it, a word counts as shared
    # when the other has it at all
    words = [f"w{i}" for i in range(500)]
    assert len(words) ** 2 == MAX_ALIGNED_WORDS
    aligned = same_words(words, words[::-1])
    assert sum(aligned[0]) == sum(aligned[1]) == 1
    longer = same_words(words + ["extra"], ["other"] + words[::-1])
    assert longer == ([True] * 500 + [False], [False] + [True] * 500)
