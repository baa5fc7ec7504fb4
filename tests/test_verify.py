"""The incremental build is the clean build: whatever a template starts to show, a page is
rendered again when what it read changes (recorded.py), and `build --verify` proves it,
naming any page that is not as a clean build makes it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimsite import build_site
from claimsite.verify import differences

from .conftest import REPO


@pytest.fixture
def project(site, tmp_path):
    content = site()
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    return content, templates, tmp_path / "out"


def rebuild_is_clean(content: Path, templates: Path, out: Path) -> list[str]:
    """Build `out` again (incrementally) and return the files that differ from a clean build."""
    build_site(content, out, templates, search_index=False)
    return differences(content, out, templates, search_index=False)[0]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_article_with_no_claims_is_counted_on_the_home_page(project):
    """The review's case: the home page counts articles, and one with no claims changes no
    claim; a hand-written declaration that forgot the count left '2 articles'."""
    content, templates, out = project
    build_site(content, out, templates, search_index=False)
    home = (out / "index.html").read_bytes()
    write(content / "articles" / "third-report.md",
          "---\ntitle: A report with no claims yet\noutlet: daily\npublished: 2024-07-01\n---\nText.\n")
    assert rebuild_is_clean(content, templates, out) == []
    assert (out / "index.html").read_bytes() != home


def test_a_template_that_starts_showing_a_list_follows_it(project):
    """A theme change shows the outlets' names on the home page: adding an outlet, which no
    claim names, then changes the home page too."""
    content, templates, out = project
    replace_in(templates / "home.html", "{% block main %}",
               "{% block main %}<p id='outlets'>{% for o in outlets.values() %}{{ o.name }} {% endfor %}</p>")
    build_site(content, out, templates, search_index=False)
    with (content / "outlets.yaml").open("a", encoding="utf-8") as outlets:
        outlets.write("monthly:\n  name: The Monthly Example\n")
    assert rebuild_is_clean(content, templates, out) == []
    assert "The Monthly Example" in (out / "index.html").read_text(encoding="utf-8")


def test_a_template_included_by_a_computed_name_is_followed(project):
    """`{% include "kinds/" ~ person.kind ~ ".html" %}`: a change to the file it names
    reaches the speaker pages, though no template names that file."""
    content, templates, out = project
    replace_in(templates / "speaker.html", "{% block main %}",
               '{% block main %}{% include "kinds/" ~ person.kind ~ ".html" %}')
    write(templates / "kinds" / "person.html", "<p class='kind'>A person</p>\n")
    write(templates / "kinds" / "organisation.html", "<p class='kind'>An organisation</p>\n")
    build_site(content, out, templates, search_index=False)
    write(templates / "kinds" / "organisation.html", "<p class='kind'>A body</p>\n")
    assert rebuild_is_clean(content, templates, out) == []
    pages = [p.read_text(encoding="utf-8") for p in (out / "speakers").glob("*.html")]
    assert any("A body" in page for page in pages) and not any("An organisation" in p for p in pages)


def test_an_include_that_may_be_missing_is_followed_when_it_appears(project):
    content, templates, out = project
    replace_in(templates / "home.html", "{% block main %}",
               '{% block main %}{% include "local/notice.html" ignore missing %}')
    build_site(content, out, templates, search_index=False)
    write(templates / "local" / "notice.html", "<p>Corrections are welcome.</p>\n")
    assert rebuild_is_clean(content, templates, out) == []
    assert "Corrections are welcome." in (out / "index.html").read_text(encoding="utf-8")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})


def test_verify_on_the_demo_after_an_edit(tmp_path):
    """What CI runs: the demo built, one article edited, built again with --verify."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    assert run_cli("build", "--no-search", cwd=tmp_path).returncode == 0
    article = sorted((tmp_path / "content" / "articles").glob("*.md"))[0]
    with article.open("a", encoding="utf-8") as text:
        text.write("\nAn editor's added paragraph.\n")
    done = run_cli("build", "--no-search", "--verify", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "verify:" in done.stdout


def test_verify_names_a_page_that_is_not_what_a_clean_build_makes(tmp_path):
    """A page changed behind the build's back, keeping its size and time, is trusted by the
    next build; --verify finds it, names it and fails."""
    shutil.copytree(REPO / "tests" / "sites" / "base", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    assert run_cli("build", "--no-search", cwd=tmp_path).returncode == 0
    page = tmp_path / "_site" / "index.html"
    before = page.stat()
    text = page.read_bytes()
    page.write_bytes(text.replace(b"</main>", b"</MAIN>", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    done = run_cli("build", "--no-search", "--verify", cwd=tmp_path)
    assert done.returncode == 1
    assert "index.html" in done.stderr and "Traceback" not in done.stderr
