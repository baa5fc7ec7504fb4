"""Hostile and broken input: nothing crashes, nothing leaks, nothing is lost.

Broken files and path tricks live in tests/sites/invalid/ (each with the exact messages it
must produce, checked by test_content.py); script injection in tests/sites/hostile/ (checked
by test_build.py and test_html_valid.py). This file covers size, signals and repeatability.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from claimsite import ClaimsiteError, ContentErrors, OutputError, load_content
from claimsite import build_site
from claimsite import article as article_module
from claimsite.limits import MAX_CLAIMS
from claimsite.scaffold import new_article

from .conftest import REPO, answers_ctrl_c, stable

TEMPLATES = REPO / "templates"


def tree(root: Path, with_times: bool = False) -> dict:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime if with_times else 0)
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_article_near_the_size_limit_builds_with_its_quote_highlighted(site, tmp_path):
    content = site()
    paragraph = "Officials met again to discuss the border, the budget and the talks. " * 40
    body = "\n\n".join(f"Part {i}: {paragraph}" for i in range(1400))  # about 3.9 MB
    (content / "articles" / "huge.md").write_text(
        "---\ntitle: Huge\nclaims:\n  - id: huge-claim\n    speaker: ada-speaker\n"
        "    assertion: Officials met.\n    quote: \"Part 1399: Officials met again\"\n---\n" + body,
        encoding="utf-8")
    assert (content / "articles" / "huge.md").stat().st_size > 3.5 * 2**20
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES)
    page = (out / "articles" / "huge.html").read_text(encoding="utf-8")
    assert '<mark id="quote-huge-claim">Part 1399: Officials met again</mark>' in page
    assert '<div class="body" data-pagefind-ignore>' in page  # too long for full-text search


def test_an_article_with_as_many_claims_as_allowed_builds(site, tmp_path):
    content = site()
    lines = ["---", "title: Many", "claims:"]
    body = []
    for i in range(MAX_CLAIMS):
        lines += [f"  - id: c-{i}", "    speaker: ada-speaker", f"    assertion: Statement {i}.",
                  f'    quote: "number {i} said"']
        body.append(f'It was number {i} said here.')
    (content / "articles" / "many.md").write_text("\n".join(lines) + "\n---\n" + "\n\n".join(body),
                                                  encoding="utf-8")
    out = tmp_path / "out"
    result = build_site(content, out, TEMPLATES, search_index=False)
    assert result.claims == MAX_CLAIMS + 3
    assert (out / "claims" / f"c-{MAX_CLAIMS - 1}.html").is_file()
    page = (out / "articles" / "many.html").read_text(encoding="utf-8")
    assert page.count("<mark id=") == MAX_CLAIMS


def test_a_file_over_the_size_limit_is_refused_without_reading_it(site):
    content = site()
    with open(content / "articles" / "giant.md", "wb") as f:
        f.truncate(5 * 2**20)
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert [str(e) for e in caught.value.errors] == [
        "content/articles/giant.md:1: file is larger than 4 MB"]


def run_build(content: Path, out: Path, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--content", str(content), "--out", str(out),
         "--templates", str(TEMPLATES)],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# build.py's command line, with an Output whose progress display (called while the pages
# are written into the staging folder) says "writing" and then waits for a line on stdin:
# the test stops the build there, part-way for certain, however fast the machine.
PAUSED_BUILD = """
import sys
sys.path.insert(0, sys.argv[1])
from claimsite.cli import Output, main

class Paused(Output):
    def progress(self, done, total):
        print("writing", flush=True)
        sys.stdin.readline()

sys.exit(main(sys.argv[2:], Paused))
"""


def paused_build(content: Path, out: Path) -> subprocess.Popen:
    """A build stopped while it writes: it has said so when this returns."""
    build = subprocess.Popen(
        [sys.executable, "-c", PAUSED_BUILD, str(REPO / "src"), "--content", str(content),
         "--out", str(out), "--templates", str(TEMPLATES)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=answers_ctrl_c)
    said = build.stdout.readline()
    assert said == b"writing\n", (said, build.wait(timeout=60), build.stderr.read())
    return build


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_build_killed_part_way_leaves_the_previous_site_intact(site, tmp_path, sig):
    content = site()
    out = tmp_path / "site"
    first = run_build(content, out)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    before = tree(out)

    (content / "articles" / "first-report.md").write_text(
        (content / "articles" / "first-report.md").read_text(encoding="utf-8")
        .replace("title: ", "title: Edited ", 1), encoding="utf-8")
    second = paused_build(content, out)
    assert list(tmp_path.glob(".site.tmp-*"))  # it is writing, into its staging folder
    second.send_signal(sig)
    code = second.wait(timeout=60)
    assert code != 0
    assert tree(out) == before
    if sig == signal.SIGINT:
        assert b"interrupted; the previous site is unchanged" in second.stderr.read()
        assert not list(tmp_path.glob(".site.*"))  # cleaned up on the way out
    second.stdin.close()

    # The next build clears what a killed one left behind, and succeeds.
    third = run_build(content, out)
    assert third.wait(timeout=300) == 0
    assert not list(tmp_path.glob(".site.*"))
    assert b"Edited" in (out / "articles" / "first-report.html").read_bytes()


def test_builds_in_different_folders_and_times_are_identical(tmp_path):
    trees = []
    started = time.time()
    for name, tz in (("first", "UTC"), ("second", "Asia/Tokyo")):
        if name == "second":
            # On another second of the clock than the first build began on: a time leaking
            # into the output would differ. (Almost always so already: a build takes longer.)
            time.sleep(max(0.0, math.floor(started) + 1 - time.time()))
        folder = tmp_path / name
        folder.mkdir()
        subprocess.run(["cp", "-r", str(REPO / "content"), str(folder / "content")], check=True)
        build = run_build(folder / "content", folder / "out",
                          SOURCE_DATE_EPOCH="1718755200", TZ=tz, PYTHONHASHSEED=str(len(name)))
        assert build.wait(timeout=300) == 0, build.stderr.read()
        trees.append(tree(folder / "out", with_times=True))
    first, second = trees
    assert stable(first) == stable(second)  # (all but Pagefind's unstable files: conftest)
    assert {mtime for _, mtime in first.values()} == {1718755200}


def test_a_second_build_of_the_same_output_stops_while_the_first_runs(site, tmp_path):
    content = site()
    out = tmp_path / "site"
    second = []

    def meanwhile(done: int, total: int) -> None:
        """The first build is writing its pages: the second starts now, once."""
        if not second:
            second.append(subprocess.run(
                [sys.executable, str(REPO / "build.py"), "--content", str(content), "--out",
                 str(out), "--templates", str(TEMPLATES)], capture_output=True, timeout=300))

    build_site(content, out, TEMPLATES, search_index=False, progress=meanwhile)
    [refused] = second
    assert refused.returncode == 1
    assert f"another build of {out} is running".encode() in refused.stderr
    assert (out / "articles" / "second-report.html").is_file()  # the first built it all


def test_an_output_folder_given_as_a_symbolic_link_is_refused(site, tmp_path):
    content = site()
    real = tmp_path / "elsewhere"
    real.mkdir()
    (tmp_path / "out").symlink_to(real)
    with pytest.raises(OutputError, match="is a symbolic link"):
        build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
    assert list(real.iterdir()) == [] and (tmp_path / "out").is_symlink()


@pytest.mark.parametrize("link", ["articles/leak.md", "articles"])
def test_an_article_or_the_articles_folder_linking_outside_the_content_folder_is_refused(
        site, tmp_path, link):
    content = site()
    outside = tmp_path / "outside"
    if link == "articles":
        shutil.move(content / "articles", outside)
    else:
        outside.write_text("---\ntitle: Secret\n---\n", encoding="utf-8")
    (content / link).symlink_to(outside)
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert [str(e) for e in caught.value.errors] == [
        f"content/{link}:1: is a symbolic link to outside the content folder"]


def test_a_template_linking_outside_the_templates_folder_is_refused(site, tmp_path):
    content = site()
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    secret = tmp_path / "secret.txt"
    secret.write_text("a host's secret", encoding="utf-8")
    (templates / "404.html").unlink()
    (templates / "404.html").symlink_to(secret)
    with pytest.raises(ContentErrors, match="templates/404.html:1: is a symbolic link to outside"):
        build_site(content, tmp_path / "out", templates, search_index=False)
    assert not (tmp_path / "out").exists()


def test_new_never_writes_through_a_symbolic_link(site, tmp_path):
    content = site()
    target = tmp_path / "outside.md"
    (content / "articles" / "a-title.md").symlink_to(target)  # dangling: nothing there yet
    written = new_article(content, "A title", author="Jo\nurl: javascript:alert(1)")
    assert written.name == "a-title-2.md" and not target.exists()
    # Every value is written quoted: the author stays one value, it adds no field.
    front = yaml.safe_load(written.read_text(encoding="utf-8").split("---")[1])
    assert front["author"] == "Jo\nurl: javascript:alert(1)" and "url" not in front
    with pytest.raises(ClaimsiteError, match="unknown outlet"):  # and outlets must exist
        new_article(content, "B title", outlet="daily\nurl: javascript:alert(1)")


def test_a_deleted_or_changed_output_file_is_rebuilt_not_trusted(site, tmp_path):
    content = site()
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    clean = tree(out)
    (out / "claims.csv").unlink()
    (out / "index.html").write_text("defaced", encoding="utf-8")
    result = build_site(content, out, TEMPLATES, search_index=False)
    assert not result.up_to_date and result.rendered == 2
    assert tree(out) == clean


def test_an_article_past_the_claims_limit_is_reported_not_expanded(site, monkeypatch):
    content = site()
    monkeypatch.setattr(article_module, "MAX_CLAIMS", 1)
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert "content/articles/first-report.md:9: 2 claims; one article may have at most 1" in \
        [str(e) for e in caught.value.errors]


def test_too_many_quotes_for_a_long_text_are_reported_not_searched(site, monkeypatch):
    content = site()
    monkeypatch.setattr(article_module, "MAX_QUOTE_SCAN", 100)  # as 5,000 quotes in 10 MB would
    with pytest.raises(ContentErrors) as caught:
        load_content(content)
    assert any(str(e).startswith("content/articles/first-report.md:9: 1 quote in a text of ")
               and "too much to check" in str(e) for e in caught.value.errors)


def test_a_templates_folder_or_static_file_linking_elsewhere_is_refused(site, tmp_path):
    content = site()
    elsewhere = tmp_path / "elsewhere" / "theme"
    shutil.copytree(TEMPLATES, elsewhere)
    project = tmp_path / "project"
    project.mkdir()
    (project / "templates").symlink_to(elsewhere)
    with pytest.raises(ContentErrors, match="templates:1: is a symbolic link to outside the project"):
        build_site(content, tmp_path / "out", project / "templates", search_index=False)
    (elsewhere / "static" / "extra.css").symlink_to(elsewhere / "static" / "style.css")
    with pytest.raises(OutputError, match="extra.css is a symbolic link"):  # even inside
        build_site(content, tmp_path / "out", elsewhere, search_index=False)
    assert not (tmp_path / "out").exists()
