"""`suggest`: quotations proposed as claims, word for word, with their speakers and dates;
`check`'s note on quotations no claim records; bad input; linear time."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import time

import pytest
import yaml

from claimsite.cli import main
from claimsite.suggest import propose, unrecorded

from .conftest import REPO, TESTS

GOLD = yaml.safe_load((TESTS / "suggest_gold.yaml").read_text(encoding="utf-8"))
PASSAGES = {passage["name"]: passage for passage in GOLD["passages"]}


def _quality():
    spec = importlib.util.spec_from_file_location("suggest_quality", REPO / "benchmarks" / "suggest_quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


QUALITY = _quality()
# The demo's annotated quotes, per article (each is listed, with its speaker, by demo_cases).
DEMO_QUOTES = {
    "2023-north-korea-russia-strengthening-cooperation.md": 10,
    "2024-06-19-24-kanal-nato-us-react-to-putin-dprk-visit.md": 4,
    "2024-06-20-unn-stoltenberg-moscow-pyongyang-pact.md": 5,
    "censor-net-stoltenberg-authoritarian-states-uniting-uk.md": 2,
    "nk-org-ua-stoltenberg-authoritarian-states-uniting-ru.md": 3,
    "stoltenberg-blinken-washington-press-conference-putin-north-korea.md": 10,
    "stoltenberg-putin-dependent-on-authoritarian-regimes.md": 0,
    "ukranews-blinken-putin-visit-north-korea-ru.md": 1,
    "ukranews-blinken-putin-visit-north-korea-uk.md": 1,
}


@pytest.mark.parametrize("case", QUALITY.demo_cases(REPO / "content"), ids=lambda case: case.name)
def test_every_annotated_demo_quote_is_proposed_with_its_speaker(case):
    assert len(case.expected) == DEMO_QUOTES[case.name]
    score = QUALITY.score(case)
    assert score.missed == [] and score.wrong == []


def test_the_goals_hold_on_the_demo_and_the_written_passages():
    scores = QUALITY.measure(REPO / "content", TESTS / "suggest_gold.yaml")
    demo = scores[("demo", "all")]
    assert demo.recall == 1.0 and demo.precision >= 0.8 and demo.speaker_precision >= 0.9
    for language in ("en", "uk", "ru"):
        written = scores[("written", language)]
        assert written.recall == 1.0 and written.speaker_precision == 1.0


def _site(tmp_path, monkeypatch, passages):
    """The demo's registries with the passages' fictional people, one article per passage."""
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    shutil.rmtree(content / "articles")
    (content / "articles").mkdir()
    with open(content / "people.yaml", "a", encoding="utf-8") as people:
        people.write("\n" + yaml.safe_dump(GOLD["people"], allow_unicode=True))
    for name in passages:
        passage = PASSAGES[name]
        front = {"title": name, "language": passage["language"]}
        if passage.get("published"):
            front["published"] = passage["published"]
        (content / "articles" / f"{name}.md").write_text(
            f"---\n{yaml.safe_dump(front)}---\n{passage['text']}", encoding="utf-8")
    return content


def _proposal(capsys, path):
    assert main(["suggest", path]) == 0
    return yaml.safe_load("claims:\n" + capsys.readouterr().out)["claims"]


@pytest.mark.parametrize("name", ["uk-guillemets-dash-after", "uk-dash-speech",
                                  "ru-guillemets-after", "ru-dash-speech"])
def test_ukrainian_and_russian_passages_give_their_quotes_and_speakers(name, tmp_path, monkeypatch, capsys):
    _site(tmp_path, monkeypatch, [name])
    claims = _proposal(capsys, f"content/articles/{name}.md")
    assert [(c["quote"], c["speaker"]) for c in claims] == \
        [(q["quote"], q["speaker"]) for q in PASSAGES[name]["quotes"]]
    assert all(c["assertion"].startswith("TODO") for c in claims)


def test_pronouns_are_followed_back_and_dates_worked_out_as_inferred(tmp_path, monkeypatch, capsys):
    _site(tmp_path, monkeypatch, ["uk-guillemets-dash-after", "en-said-after"])
    first, second = _proposal(capsys, "content/articles/uk-guillemets-dash-after.md")
    assert first["speaker"] == "olena-marchenko" and "Олена Марченко" in first["attribution_inferred"]
    # "У середу": the Wednesday on or before the article's date, Friday 14 March 2031
    assert str(first["date"]) == "2031-03-12" and "У середу" in first["date_inferred"]
    assert "attribution_inferred" not in second and second["date"] is None
    claims = _proposal(capsys, "content/articles/en-said-after.md")
    assert [str(c["date"]) for c in claims] == ["2031-03-11"] * 2 + ["None"]


def test_an_unknown_speaker_is_named_as_printed_with_a_hint(tmp_path, monkeypatch, capsys):
    _site(tmp_path, monkeypatch, ["en-unknown-speaker"])
    assert main(["suggest", "content/articles/en-unknown-speaker.md"]) == 0
    out = capsys.readouterr().out
    (claim,) = yaml.safe_load("claims:\n" + out)["claims"]
    assert claim["speaker"] == "Maria Kowalsky"
    assert "unknown speaker 'Maria Kowalsky'" in out


def test_write_then_fill_the_assertions_and_check_passes(tmp_path, monkeypatch, capsys):
    """Every proposal passes check as written: the demo's articles with their claims taken
    out, and the written passages with known speakers, each given its proposals."""
    names = [n for n in PASSAGES if n != "en-unknown-speaker"]
    content = _site(tmp_path, monkeypatch, names)
    for article in (REPO / "content" / "articles").glob("*.md"):
        text = article.read_text(encoding="utf-8")
        front, body = re.match(r"---\n(.*?\n)---\n(.*)", text, re.S).groups()
        data = yaml.safe_load(front)
        data.pop("claims")
        (content / "articles" / article.name).write_text(
            f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}", encoding="utf-8")
    written = 0
    for article in sorted((content / "articles").glob("*.md")):
        assert main(["suggest", "--write", f"content/articles/{article.name}"]) == 0
        written += article.read_text(encoding="utf-8").count("assertion: TODO")
    capsys.readouterr()
    assert main(["check"]) == 1  # the TODO assertions are listed
    assert capsys.readouterr().err.count("assertion is still a placeholder") == written >= 45
    for article in (content / "articles").glob("*.md"):
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("assertion: TODO", "assertion: Filled in by an editor."),
                           encoding="utf-8")
    assert main(["check"]) == 0
    assert "direct quotation" not in capsys.readouterr().out


def test_write_adds_to_the_claims_there_and_keeps_them(site, capsys):
    content = site()
    path = content / "articles" / "first-report.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nBob Official said: “Talks go on next week.”\n",
                    encoding="utf-8")
    assert main(["suggest", "--write", "content/articles/first-report.md"]) == 0
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert [c.get("id") for c in front["claims"]] == ["plan-works", None, None]
    assert front["claims"][2]["speaker"] == "bob-official"
    assert front["claims"][2]["quote"] == "Talks go on next week."
    # asked again, nothing is proposed twice
    assert main(["suggest", "content/articles/first-report.md"]) == 0
    assert "no direct quotation left" in capsys.readouterr().out


def test_check_notes_quotations_no_claim_records(site, capsys):
    content = site()
    path = content / "articles" / "first-report.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n“We will need two more weeks,” "
                    "Bob Official said. “And then a vote,” he added.\n", encoding="utf-8")
    assert main(["check"]) == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note:")]
    line = path.read_text(encoding="utf-8").splitlines().index(
        next(l for l in path.read_text(encoding="utf-8").splitlines() if "two more weeks" in l)) + 1
    assert notes == [f"note: content/articles/first-report.md:{line}: 2 direct quotations in the "
                     "text are not recorded by a claim (the first here); `python3 build.py suggest "
                     "content/articles/first-report.md` proposes claims for them"]


@pytest.mark.parametrize("body, problem", [
    ("", "the article has no text"),
    ("TODO: paste the article text here\n", "the article has no text"),
])
def test_an_article_without_text_is_a_clear_error(site, capsys, body, problem):
    content = site()
    (content / "articles" / "empty.md").write_text(f"---\ntitle: Empty\n---\n{body}", encoding="utf-8")
    assert main(["suggest", "content/articles/empty.md"]) == 1
    err = capsys.readouterr().err
    assert re.match(r"content/articles/empty\.md:\d+: " + problem, err)


def test_a_missing_file_or_broken_front_matter_is_a_clear_error(site, capsys):
    content = site()
    assert main(["suggest", "content/articles/none.md"]) == 1
    assert capsys.readouterr().err.startswith("content/articles/none.md:1: file not found")
    (content / "articles" / "bad.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    assert main(["suggest", "content/articles/bad.md"]) == 1
    assert capsys.readouterr().err.startswith("content/articles/bad.md:")


def _quotes(text, people=None):
    from claimsite.model import Person

    registry = {key: Person(key=key, **record) for key, record in GOLD["people"].items()}
    return [(p.quotation.text, p.attribution.key or p.attribution.printed)
            for p in propose(text, people or registry)[0]]


def test_unbalanced_nested_and_paragraph_spanning_quotations():
    # only a closing mark, followed by the attribution: quoted from the paragraph's start
    assert _quotes("Ми не відступимо від плану\", - наголосила Олена Марченко.") == \
        [("Ми не відступимо від плану", "olena-marchenko")]
    # an opening mark never closed: quoted to the paragraph's end
    assert _quotes("Hrytsenko said that “the vote is lost.") == [("the vote is lost.", "taras-hrytsenko")]
    # nested: the inner quotation is part of the outer one
    assert _quotes("Марченко заявила: «Мы говорим „нет“ этому плану».") == \
        [("Мы говорим „нет“ этому плану", "olena-marchenko")]
    # across paragraphs, each paragraph's part is one quote (each passes check on its own)
    assert _quotes("Marchenko said: “The first part goes here.\n\n“The second part follows.”") == \
        [("The first part goes here.", "olena-marchenko"), ("The second part follows.", "olena-marchenko")]
    # a term in quotation marks with nothing attributing it is no quotation
    assert _quotes("The so-called “peace plan” was never published.") == []


def _time(body: str) -> float:
    """Seconds to propose (as `suggest` does, at most the quotes check allows in a text
    this long) and to count what is not recorded (as `check` does)."""
    started = time.perf_counter()
    propose(body, {}, limit=60)
    unrecorded(body, {}, [])
    return time.perf_counter() - started


@pytest.mark.parametrize("unit", [
    "Olena Marchenko said, “The bridge {} is open.” “It was late,” she added.\n\n",
    "\"\"\"« „ “ ‘ — {} ",  # marks alone, unbalanced, in one long paragraph
    "« « « {} « « « « ",  # openings never closed
    "— Так {}, — сказала вона. — Ні — \n\n",
])
def test_a_text_at_the_size_limit_takes_time_in_proportion(unit):
    def text(size):
        return "".join(unit.format(n) for n in range(size // len(unit)))

    small, large = text(2**18), text(2**22)  # 256 KB, 4 MB (the limit on a file)
    _time(small[:10_000])  # warm up
    ratio = _time(large) / _time(small)
    assert ratio < 16 * 3  # linear: 16 times the text in about 16 times the time
