"""Articles in any language: the file name `new` gives a title in any alphabet."""

from __future__ import annotations

import pytest

from claimsite.cli import main
from claimsite.scaffold import article_stem


def written(content) -> list[str]:
    return sorted(p.name for p in (content / "articles").iterdir())


def test_new_cuts_a_long_title_between_words(site):
    content = site()
    title = "Stoltenberg and Blinken on Putin's visit to North Korea and what it means for NATO"
    assert main(["new", title]) == 0
    # 60 characters would end in "and-wh"; the name ends with the last whole word instead.
    assert "stoltenberg-and-blinken-on-putins-visit-to-north-korea-and.md" in written(content)


def test_a_single_word_longer_than_the_limit_is_cut(site):
    content = site()
    assert main(["new", "Donaudampfschifffahrtsgesellschaftskapitän" * 2]) == 0
    name = next(n for n in written(content) if n.startswith("donau"))
    assert len(name.removesuffix(".md")) == 60


# What python-slugify (with text-unidecode, its default) makes of the letters Ukrainian and
# Russian have and English does not; written down so a change of transliteration, which
# changes the names of new files, is noticed.
TRANSLITERATED = {
    "Київ": "kiiv",
    "Їжак і Європа": "izhak-i-evropa",
    "Ґанок, сіль": "ganok-sil",
    "Съезд объём Эхо ёлка Мы": "sezd-obem-ekho-elka-my",
}


@pytest.mark.parametrize("title", TRANSLITERATED)
def test_ukrainian_and_russian_letters_are_transliterated(title):
    assert article_stem(title) == TRANSLITERATED[title]


@pytest.mark.parametrize("apostrophe", ["\u02bc", "\u2019", "'"])
def test_an_apostrophe_inside_a_word_vanishes_instead_of_splitting_it(apostrophe):
    """Ukrainian is typed with any of three apostrophes; each leaves the word whole."""
    assert article_stem(f"Сили об{apostrophe}єднуються") == "sili-obiednuiutsia"
    assert article_stem(f"Ukraine{apostrophe}s allies") == "ukraines-allies"
