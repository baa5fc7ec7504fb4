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
