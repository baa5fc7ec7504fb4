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


# --- the language `new` writes --------------------------------------------------------------

def front_matter_line(path, field: str) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith(f"{field}:"))


def test_new_writes_the_language_it_is_given(site):
    content = site()
    assert main(["new", "Plan works", "--language", "pt-BR"]) == 0
    assert front_matter_line(content / "articles" / "plan-works.md", "language") == "language: pt-BR"


def test_new_refuses_a_language_that_is_not_a_tag_and_writes_nothing(site, capsys):
    content = site()
    before = written(content)
    assert main(["new", "Plan works", "--language", "English"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: --language ") and "'English'" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert written(content) == before


BASE_ARTICLES = {"first-report.md", "second-report.md"}


def set_site_language(content, language: str) -> None:
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8").replace("language: en\n", "")
    site_yaml.write_text(text + (f"language: {language}\n" if language else ""), encoding="utf-8")


@pytest.mark.parametrize("site_language, title, expected", [
    ("en", "Kremlin: talks are possible", "en"),
    ("", "Kremlin: talks are possible", "en"),  # site.yaml without `language`: its default
    ("uk", "Столтенберг: Путін залежить від авторитарних режимів", "uk"),
    ("sr", "Путин: преговори су могући", "sr"),  # Serbian is written in both alphabets
    ("uk", "2024", "uk"),  # no letters: nothing says otherwise
])
def test_new_writes_the_site_language_for_a_title_in_its_alphabet(site, site_language, title,
                                                                   expected):
    content = site()
    set_site_language(content, site_language)
    assert main(["new", title]) == 0
    [path] = [p for p in (content / "articles").iterdir() if p.name not in BASE_ARTICLES]
    assert front_matter_line(path, "language") == f"language: {expected}"


@pytest.mark.parametrize("site_language, title, hint", [
    ("en", "Столтенберг: Путін залежить від авторитарних режимів", "uk, ru"),
    ("uk", "Kremlin: talks are possible", "en, de"),
])
def test_new_leaves_the_language_to_fill_in_for_a_title_in_another_alphabet(
        site, capsys, site_language, title, hint):
    """A Cyrillic title on an English site may be Ukrainian, Russian, Bulgarian...: `new`
    does not guess, and `check` lists the placeholder as one of the things to fill in."""
    content = site()
    set_site_language(content, site_language)
    assert main(["new", title]) == 0
    [path] = [p for p in (content / "articles").iterdir() if p.name not in BASE_ARTICLES]
    line = front_matter_line(path, "language")
    assert line.startswith("language: TODO  #") and hint in line
    capsys.readouterr()
    assert main(["check"]) == 1
    number = path.read_text(encoding="utf-8").splitlines().index(line) + 1
    err = capsys.readouterr().err
    assert f"content/articles/{path.name}:{number}: language is still a placeholder: " in err
    assert "must be a language tag" not in err


# --- check: a language its text cannot be in -----------------------------------------------

UKRAINIAN = ("Генеральний секретар НАТО Єнс Столтенберг заявив, що авторитарні держави дедалі "
             "більше обʼєднуються та підтримують одна одну. За його словами, Росія отримує від "
             "Північної Кореї боєприпаси, а від Ірану безпілотники, тоді як Китай постачає "
             "мікроелектроніку. Він наголосив, що союзники мають зробити висновки.\n")
ENGLISH = ("NATO Secretary General Jens Stoltenberg said that authoritarian states are "
           "increasingly uniting and supporting each other. According to him, Russia receives "
           "ammunition from North Korea and drones from Iran, while China supplies "
           "microelectronics. He said the allies must draw their conclusions.\n")
GREEK = ("Ο Γενικός Γραμματέας του ΝΑΤΟ δήλωσε ότι τα αυταρχικά κράτη ενώνονται όλο και "
         "περισσότερο και στηρίζουν το ένα το άλλο. Σύμφωνα με τον ίδιο, η Ρωσία λαμβάνει "
         "πυρομαχικά από τη Βόρεια Κορέα και μη επανδρωμένα αεροσκάφη από το Ιράν. "
         "Πρόσθεσε ότι οι σύμμαχοι πρέπει να βγάλουν τα συμπεράσματά τους.\n")
QUOTING_RUSSIAN = ENGLISH + ("The Kremlin answered: «Переговоры возможны, но условия не "
                             "изменились.» " + ENGLISH)


def write_article(content, name: str, language: str, body: str) -> None:
    (content / "articles" / f"{name}.md").write_text(
        f"---\ntitle: A report\noutlet: daily\npublished: 2024-06-19\nlanguage: {language}\n"
        f"---\n{body}", encoding="utf-8")


@pytest.mark.parametrize("language, body, script, hint", [
    ("en", UKRAINIAN, "Cyrillic", "is it uk, ru"),
    ("en-GB", UKRAINIAN, "Cyrillic", "is it uk, ru"),
    ("uk", ENGLISH, "Latin", "is it en, de"),
    ("kk", ENGLISH, "Latin", "is it en, de"),  # Kazakh in Latin letters is tagged kk-Latn
    ("sr-Latn", UKRAINIAN, "Cyrillic", "is it uk, ru"),
    ("en", GREEK, "Greek", "is it el?"),
])
def test_check_reports_a_language_the_text_is_not_written_in(site, capsys, language, body,
                                                             script, hint):
    content = site()
    write_article(content, "mislabelled", language, body)
    assert main(["check"]) == 1
    [problem, summary] = capsys.readouterr().err.splitlines()
    # The language field's line, the cause first, then what to do.
    assert problem.startswith(f"content/articles/mislabelled.md:5: language '{language}' but "
                              f"the text is 100% {script} letters: {hint}")
    assert "a likely mistake" in problem and summary.startswith("1 problem found")


@pytest.mark.parametrize("language, body", [
    ("en", ENGLISH),
    ("uk", UKRAINIAN),
    ("en", QUOTING_RUSSIAN),  # a few sentences in another alphabet are not the text's language
    ("uk", UKRAINIAN + ENGLISH),  # nor is a half
    ("en", ENGLISH + UKRAINIAN),  # a half in Cyrillic is too mixed to call it a mistake
    ("en", UKRAINIAN[:150]),  # too few letters to tell
    ("sr", UKRAINIAN), ("sr", ENGLISH),  # Serbian is written in both alphabets
    ("kk-Latn", ENGLISH),
    ("ja", UKRAINIAN),  # a script not told apart here: not judged
])
def test_check_accepts_a_language_its_text_can_be_in(site, capsys, language, body):
    content = site()
    write_article(content, "labelled", language, body)
    assert main(["check"]) == 0, capsys.readouterr().err


def test_an_article_without_a_language_is_judged_as_the_site_language(site, capsys):
    content = site()
    (content / "articles" / "unlabelled.md").write_text(
        f"---\ntitle: A report\n---\n{UKRAINIAN}", encoding="utf-8")
    assert main(["check"]) == 1
    problem = capsys.readouterr().err.splitlines()[0]
    assert problem.startswith("content/articles/unlabelled.md:1: no `language`, so the site's "
                              "('en') is assumed, but the text is 100% Cyrillic letters: add "
                              "`language:` (uk, ru")
    (content / "articles" / "unlabelled.md").write_text(
        f"---\ntitle: A report\n---\n{ENGLISH}", encoding="utf-8")
    assert main(["check"]) == 0


def test_an_article_without_text_is_judged_by_its_title(site, capsys):
    content = site()
    (content / "articles" / "title-only.md").write_text(
        f"---\ntitle: {UKRAINIAN.strip()}\nlanguage: en\n---\n", encoding="utf-8")
    assert main(["check"]) == 1
    assert "title-only.md:3: language 'en' but the text is 100% Cyrillic letters" in \
        capsys.readouterr().err


ALPHABETS = {
    "Latin": "AaZz ÀÿĀžƀɏ ąćęłńóśźż čďěňřšťůž äöüß çğış ăâđêôơư",
    "Cyrillic": "АаЯя ЁёЫыЭэЪъ ҐґЄєІіЇї ЎўЃѓЌќЉљЊњЏџЈј Әәғқңөұүһ",
    "Greek": "ΑαΩω άέήίόύώΐΰ ϊϋς",
    "Hebrew": "אבגדהוזחטיכלמנסעפצקרשת ךםןףץ",
    "Arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي پچژگکی",
}


@pytest.mark.parametrize("script", ALPHABETS)
def test_every_letter_of_an_alphabet_counts_for_it_and_nothing_else_counts(script):
    from claimsite.scripts import letter_counts

    letters = ALPHABETS[script].replace(" ", "")
    # Counted by Unicode block: the few signs inside a block (×, ÷, Arabic vowel marks)
    # count for its script, too rare in a text to matter; these are outside any.
    text = f"{ALPHABETS[script]} 0123456789 .,;:!?«»“”—–…€№ \u0301\u05b0"
    assert letter_counts(text) == {name: len(letters) if name == script else 0
                                   for name in ALPHABETS}


def test_new_on_a_site_in_several_languages_writes_the_one_whose_alphabet_the_title_is_in(site):
    content = site()
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "language: en", "languages: [uk, en]"), encoding="utf-8")
    assert main(["new", "Minister says the plan works", "--content", str(content)]) == 0
    assert main(["new", "Міністерка каже, що план працює", "--content", str(content)]) == 0
    written = {p.name: p.read_text(encoding="utf-8") for p in (content / "articles").glob("*.md")}
    assert "\nlanguage: en\n" in written["minister-says-the-plan-works.md"]
    assert "\nlanguage: uk\n" in next(text for name, text in written.items() if name.startswith("ministerka"))
