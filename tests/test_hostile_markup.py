"""Hostile Markdown and quotes (issue 24, part A): every step linear or bounded.

Each pathological text is either refused by `check` as `path:line: cause` (the inputs that
would send Python-Markdown down a quadratic or recursive path: markup.py) or built into a
good page. Times are compared with a normal article of the same size checked or built the
same way, by a generous factor: the machine's speed cancels out, a quadratic path does not.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from claimsite import ContentErrors, build_site, load_content
from claimsite.limits import MAX_NESTING

from .conftest import REPO

TEMPLATES = REPO / "templates"
FRONT = ("---\ntitle: Hostile\nclaims:\n  - id: hostile-claim\n    speaker: ada-speaker\n"
         "    assertion: Something was said.\n---\n")
PROSE = "Officials met again to discuss the border, the budget and the talks. "


def normal_body(size: int) -> str:
    """Prose of `size` characters in paragraphs of about 700."""
    paragraph = PROSE * 10
    return "\n\n".join([paragraph] * (size // (len(paragraph) + 2) + 1))[:size]


def write(content, body: str, name: str = "hostile") -> None:
    (content / "articles" / f"{name}.md").write_text(FRONT + body, encoding="utf-8")


def checked(content) -> tuple[float, list[str]]:
    """Seconds `check` took on the content folder, and its messages."""
    started = time.perf_counter()
    try:
        load_content(content)
        messages = []
    except ContentErrors as errors:
        messages = [str(e) for e in errors.errors]
    return time.perf_counter() - started, messages


# Each is about 300 KB, or as small as the case in issue 24 where that already hurt.
MARKDOWN_CASES = {
    "open brackets": "[" * 300_000,
    "open image brackets": "![" * 150_000,
    "open tags": "<a " * 100_000,
    "open autolinks": "<http://" * 40_000,
    "open link addresses": "[x](" * 75_000,
    "open CDATA": "<![CDATA[" * 30_000,
    "brackets closed by an escape": "[\\]" * 100_000,
    "few brackets, long paragraph": "[" * 2_500 + "x" * 300_000,
    "entities in one paragraph": "&amp;" * 60_000,
    "a list item with 20,000 lazy lines": "- x\n" + "word word word\n" * 20_000,
    "nested quotes": "\n".join(">" * i + " x" for i in range(800)),
    "nested lists": "- " * 1000 + "x",
    "lists nested by indentation": "".join(" " * (4 * i) + "- x\n" for i in range(40)),
    "many paragraphs": "a\n\n" * 100_000,
    "many headings": "# a\n" * 80_000,
}


@pytest.mark.parametrize("body", MARKDOWN_CASES.values(), ids=MARKDOWN_CASES.keys())
def test_markdown_that_would_take_quadratic_work_is_refused_by_check_in_linear_time(site, body):
    content = site()
    write(content, normal_body(len(body)))
    normal, messages = checked(content)
    assert messages == []
    write(content, body)
    hostile, messages = checked(content)
    assert messages and all(m.startswith("content/articles/hostile.md:") for m in messages)
    for message in messages:  # a line of the text
        assert 8 <= int(message.split(":")[1]) <= FRONT.count("\n") + 1 + body.count("\n")
    assert hostile < 10 * normal + 0.5, (hostile, normal)


def test_check_names_the_line_and_the_cause_and_exits_1_without_a_traceback(site):
    content = site()
    write(content, "Fine paragraph.\n\n" + "- " * 1000 + "x\n")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
                          "--out", str(content.parent / "out"), "--templates", str(TEMPLATES)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert (f"content/articles/hostile.md:10: quotes, lists or indentation nested more than "
            f"{MAX_NESTING} deep") in run.stderr
    assert not (content.parent / "out").exists()


def test_nesting_up_to_the_limit_builds(site, tmp_path):
    content = site()
    depth = MAX_NESTING
    write(content, ">" * depth + " deep quote\n\n" + "".join(" " * (4 * i) + "- item\n" for i in range(depth - 1)))
    build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
    page = (tmp_path / "out" / "articles" / "hostile.html").read_text(encoding="utf-8")
    assert page.count("<blockquote>") == depth and "deep quote" in page
    assert page.count("<li>item") == depth - 1


def test_the_methodology_page_is_checked_like_an_article(site):
    content = site()
    (content / "methodology.md").write_text("Intro.\n\n" + "[" * 5_000, encoding="utf-8")
    _, messages = checked(content)
    assert messages and messages[0].startswith("content/methodology.md:3: too many unclosed")


def test_markup_within_the_limits_builds_as_fast_as_prose_of_its_size(site, tmp_path):
    """Links, emphasis, code and HTML at a real report's density, in a 300 KB text."""
    content = site()
    paragraph = ("The *minister* said [the plan](https://example.org/plan) works; `code` and "
                 "<b>bold</b> &amp; __strong__ words. " + PROSE * 6)
    body = "\n\n".join([paragraph] * (300_000 // len(paragraph)))
    write(content, normal_body(len(body)), "plain")
    started = time.perf_counter()
    build_site(content, tmp_path / "plain", TEMPLATES, search_index=False)
    plain = time.perf_counter() - started
    (content / "articles" / "plain.md").unlink()
    write(content, body)
    started = time.perf_counter()
    build_site(content, tmp_path / "marked", TEMPLATES, search_index=False)
    marked = time.perf_counter() - started
    page = (tmp_path / "marked" / "articles" / "hostile.html").read_text(encoding="utf-8")
    assert page.count("<em>minister</em>") == body.count("*minister*")
    assert marked < 10 * plain, (marked, plain)


# --- our own paths: quotes, hints, lists of names, highlighting, comparing reports ---------

def front(quotes: list[str], name: str = "hostile", claim_id: str | None = None) -> str:
    claims = "".join(f"  - id: {claim_id or f'{name}-{i}'}\n    speaker: ada-speaker\n"
                     f"    assertion: Said {i}.\n    quote: \"{q}\"\n" for i, q in enumerate(quotes))
    return f"---\ntitle: {name}\nclaims:\n{claims}---\n"


def timed_check(content, article: str) -> tuple[float, list[str]]:
    (content / "articles" / "hostile.md").write_text(article, encoding="utf-8")
    return checked(content)


def test_a_text_of_many_link_ends_is_read_once_by_the_quote_check(site):
    content = site()
    size = 400_000
    normal, messages = timed_check(content, front(["absent words"]) + normal_body(size))
    assert [m.split(": ", 1)[1] for m in messages] == ["quote not found in the article text"]
    hostile, messages = timed_check(content, front(["absent words"]) + "](" * (size // 2))
    assert messages == ["content/articles/hostile.md:7: quote not found in the article text"]
    assert hostile < 10 * normal + 0.5, (hostile, normal)


def test_the_nearest_passage_hint_for_long_quotes_is_linear(site):
    content = site()
    body = "a b " * 10_000
    short = [f"b a b a z{i}" for i in range(20)]  # not found either: each gets a hint
    normal, messages = timed_check(content, front(short) + body)
    assert len(messages) == 20 and all("nearest passage" in m for m in messages)
    missing = [f"b a {'b a ' * 1_200}z{i}" for i in range(20)]  # nearly there, all different
    hostile, messages = timed_check(content, front(missing) + body)
    assert len(messages) == 20 and all("nearest passage" in m for m in messages)
    assert hostile < 3 * normal + 0.2, (hostile, normal)  # the same passes over the text


def test_a_list_of_100000_aliases_is_checked_in_linear_time(site):
    content = site()
    people = (content / "people.yaml").read_text(encoding="utf-8")

    def check_aliases(aliases: list[str]) -> float:
        (content / "people.yaml").write_text(
            people + "carl-long:\n  name: Carl Long\n  aliases: [" + ", ".join(aliases) + "]\n",
            encoding="utf-8")
        started = time.perf_counter()
        loaded = load_content(content)
        assert loaded.people["carl-long"].aliases == list(dict.fromkeys(aliases))
        return time.perf_counter() - started

    # The same list with ten names repeated is the normal case: the same size to read.
    normal = check_aliases([f"alias {i % 10:05}" for i in range(100_000)])
    hostile = check_aliases([f"alias {i:05}" for i in range(100_000)])
    assert hostile < 5 * normal, (hostile, normal)


def test_nested_quotes_of_the_same_words_are_highlighted_in_bounded_time(site, tmp_path):
    content = site()
    body = "a " * 50_000
    normal_quotes = [f"b{i} " + "c " * 80 for i in range(600)]  # each found once, apart
    (content / "articles" / "hostile.md").write_text(
        front(normal_quotes) + " ".join(normal_quotes), encoding="utf-8")
    started = time.perf_counter()
    build_site(content, tmp_path / "normal", TEMPLATES, search_index=False)
    normal = time.perf_counter() - started
    (content / "articles" / "hostile.md").write_text(
        front([" ".join(["a"] * (2_400 - i)) for i in range(600)]) + body, encoding="utf-8")
    started = time.perf_counter()
    build_site(content, tmp_path / "nested", TEMPLATES, search_index=False)
    nested = time.perf_counter() - started
    page = (tmp_path / "nested" / "articles" / "hostile.html").read_text(encoding="utf-8")
    assert page.count("<mark id=") >= 20  # the longest ones, side by side, as many as fit
    assert nested < 10 * normal, (nested, normal)


def test_a_claim_reported_hundreds_of_times_with_different_figures_has_a_bounded_page(site, tmp_path):
    content = site()
    reports = 200

    def write_reports(quote) -> float:
        for i in range(reports):
            (content / "articles" / f"report-{i}.md").write_text(
                front([quote(i)], f"report-{i}", "shared-claim") + quote(i) + "\n", encoding="utf-8")
        started = time.perf_counter()
        build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
        return time.perf_counter() - started

    same = write_reports(lambda i: " ".join(f"{900_000 + n}" for n in range(600)))
    normal_size = (tmp_path / "out" / "claims" / "shared-claim.html").stat().st_size
    different = write_reports(lambda i: " ".join(f"{100_000 + i * 1_000 + n}" for n in range(600)))
    size = (tmp_path / "out" / "claims" / "shared-claim.html").stat().st_size
    assert size < 3 * normal_size, (size, normal_size)
    assert different < 5 * same, (different, same)
