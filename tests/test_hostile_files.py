"""Hostile files and options, round three (issue 24): links to devices, a linked cache
folder, files changing under the build, dates with a zone, and edges of the options.

Each test names what went wrong before its fix: a hang, a write elsewhere, a traceback, a
moved date, damage to another output.
"""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import struct
import subprocess
import sys
import shutil
import threading

import pytest

from claimsite import ContentErrors, OutputError, build_site
from claimsite import output as output_module
from claimsite.body import BodyRenderer, Quote, highlight
from claimsite.cli import main
from claimsite.scaffold import new_article

from .conftest import REPO

TEMPLATES = REPO / "templates"


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO / "src")})


# --- 5: a registry linked to a pipe or a device ------------------------------------------

def test_a_registry_linked_to_a_pipe_is_refused_not_waited_on(site, tmp_path):
    content = site()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # no writer ever: reading it would wait forever
    (content / "outlets.yaml").unlink()
    (content / "outlets.yaml").symlink_to(fifo)
    build = cli("--content", str(content), "--templates", str(TEMPLATES), "--out",
                str(tmp_path / "out"), "build", timeout=60)  # (it hung)
    assert build.returncode == 1
    assert "content/outlets.yaml:1: is a symbolic link to outside the content folder" in build.stderr
    assert "Traceback" not in build.stderr and not (tmp_path / "out").exists()


# --- 6: a linked cache folder --------------------------------------------------------------

def test_a_cache_folder_linked_elsewhere_is_refused_and_nothing_written_there(site, tmp_path):
    content = site()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "site-0000000000000000.json").write_text("someone's file", encoding="utf-8")
    (tmp_path / ".claimsite-cache").symlink_to(elsewhere)
    with pytest.raises(OutputError, match=r"^\S*\.claimsite-cache is a symbolic link"):
        build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
    assert [p.name for p in elsewhere.iterdir()] == ["site-0000000000000000.json"]
    assert not (tmp_path / "out").exists()


# --- 10: edges of the options and the output ------------------------------------------------

@pytest.mark.parametrize("inside", ["content/articles/site", "templates/static/site"])
def test_an_output_folder_inside_an_input_folder_is_refused(site, tmp_path, inside):
    content = site()
    templates = tmp_path / "templates"
    import shutil
    shutil.copytree(TEMPLATES, templates)
    with pytest.raises(OutputError, match=r"^--out .* is inside the (content|templates) folder"):
        build_site(content, tmp_path / inside, templates, search_index=False)
    assert not (tmp_path / inside).exists()
    build_site(content, tmp_path / "out", templates, search_index=False)  # nothing left behind


def test_an_output_named_like_a_pattern_leaves_other_outputs_staging_alone(site, tmp_path):
    content = site()
    staging = tmp_path / ".site.tmp-abc123"  # another output's build, under way
    staging.mkdir()
    (staging / "index.html").write_text("being written", encoding="utf-8")
    build_site(content, tmp_path / "[s]ite", TEMPLATES, search_index=False)
    assert (staging / "index.html").read_text(encoding="utf-8") == "being written"


@pytest.mark.parametrize("title", ["Con", "Aux", "COM1", "nul"])
def test_new_never_writes_a_file_name_check_refuses(site, title):
    content = site()
    written = new_article(content, title)
    assert written.stem == f"{title.lower()}-article"


@pytest.mark.parametrize("epoch", ["99999999999999999999", "1e9", "-1"])
def test_a_source_date_epoch_that_is_no_time_is_named(site, tmp_path, epoch, monkeypatch, capsys):
    content = site()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code = main(["--content", str(content), "--templates", str(TEMPLATES), "--out",
                 str(tmp_path / "out"), "--no-search"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith(f"error: SOURCE_DATE_EPOCH={epoch} is ")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("port", ["70000", "-1", "80a"])
def test_a_port_out_of_range_is_an_option_error(port, capsys):
    with pytest.raises(SystemExit) as ended:
        main(["serve", "--port", port])
    assert ended.value.code == 2
    assert "argument --port: " in capsys.readouterr().err


def test_a_full_disk_is_named_first_with_the_file_and_the_old_site_kept(site, tmp_path, monkeypatch, capsys):
    content = site()
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False)
    before = {p.name: p.read_bytes() for p in out.rglob("*.html")}
    (content / "articles" / "first-report.md").write_text(
        (content / "articles" / "first-report.md").read_text(encoding="utf-8")
        .replace("title: ", "title: Edited ", 1), encoding="utf-8")

    real_open = open

    def full(path, mode="r", *args, **kwargs):
        if "w" in mode and str(path).endswith("first-report.html"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(output_module, "open", full, raising=False)
    code = main(["--content", str(content), "--templates", str(TEMPLATES), "--out", str(out),
                 "--no-search"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: {os.strerror(errno.ENOSPC)}: cannot write ")
    assert "articles/first-report.html" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in out.rglob("*.html")} == before


def test_serve_keeps_a_deep_listen_queue_and_is_quiet_about_clients_that_reset(tmp_path, capfd):
    from claimsite.serve import Server, _Handler

    class Joined(Server):
        daemon_threads = False  # server_close then waits for the handler: no sleep needed

    import functools
    server = Joined(("127.0.0.1", 0), functools.partial(_Handler, directory=str(tmp_path)))
    assert server.request_queue_size >= 512  # the default, 5, dropped 500 clients' connections
    runner = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    runner.start()
    try:
        client = socket.create_connection(server.server_address)
        client.sendall(b"GET /index.html HT")  # half a request line, then a reset
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    finally:
        server.shutdown()
        runner.join()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


# --- 10: sanitising: only the promised schemes, no link inside a link -----------------------

@pytest.mark.parametrize("markdown", [
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    '<q cite="//evil.example/">x</q>',
    '<del cite="/root">x</del>',
    "[x](//evil.example/path)",
    "[x](/root/path)",
    "[x](relative/path)",
    "[x](https:no-host)",
])
def test_every_address_in_article_text_keeps_only_a_promised_scheme(markdown):
    html = BodyRenderer().html(markdown)
    assert "cite=" not in html and "href=" not in html, html


def test_the_promised_schemes_stay(site):
    html = BodyRenderer().html('[a](https://x.example/a) [m](mailto:a@x.example) '
                               '<q cite="http://x.example/q">q</q>')
    assert 'href="https://x.example/a"' in html and 'href="mailto:a@x.example"' in html
    assert 'cite="http://x.example/q"' in html


def test_a_quote_inside_a_link_of_the_text_gets_its_claim_link_after_that_link():
    html = BodyRenderer().html('He said [our plan works today](https://x.example/a) again.')
    marked, found = highlight(html, [Quote("quote-a", "plan works", "../claims/a.html", "Claim: A")])
    assert found == {"quote-a"}
    inner = marked.split('<a href="https://x.example/a"', 1)[1].split("</a>", 1)[0]
    assert "<a " not in inner  # no link inside the link
    assert '</a><a class="claim-ref"' in marked


# --- 8: a datetime with a zone is shown on the date it was printed ------------------------

def test_a_datetime_with_a_zone_keeps_its_date_and_carries_its_offset(site, tmp_path):
    content = site()
    article = content / "articles" / "first-report.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "published: 2024-06-19", "published: 2024-06-20 00:17:00+03:00"), encoding="utf-8")
    out = tmp_path / "out"
    build_site(content, out, TEMPLATES, search_index=False, base_url="https://example.org/")
    page = (out / "articles" / "first-report.html").read_text(encoding="utf-8")
    [shown] = set(re.findall(r'<time datetime="2024-06-20T00:17\+03:00">([^<]*)</time>', page))
    assert "20" in shown and "19" not in shown  # (Babel's words for the date aside)
    assert "T21:17" not in page
    text = json.dumps(json.loads((out / "claims.json").read_text(encoding="utf-8")))
    assert '"2024-06-20T00:17+03:00"' in text and "2024-06-19T21:17" not in text
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "2024-06-20T00:17:00+03:00" in feed and "21:17" not in feed
    # The cache's record of the article gives back the same date.
    build_site(content, tmp_path / "again", TEMPLATES, search_index=False, base_url="https://example.org/")
    assert (tmp_path / "again" / "claims.json").read_bytes() == (out / "claims.json").read_bytes()


@pytest.mark.parametrize("written, shown", [("2024-06-20 00:17+03:00", "2024-06-20T00:17+03:00"),
                                             ("2024-06-20T23:59:00-05:30", "2024-06-20T23:59:00-05:30")])
def test_a_date_written_as_text_with_an_offset_is_read_as_printed(written, shown):
    from claimsite.dates import parse_date
    assert parse_date(written).iso() == shown and parse_date(written).day == 20


# --- 9: files changing under the build ------------------------------------------------------

@pytest.mark.parametrize("where", ["claim.html", "static/style.css"])
def test_a_pipe_in_the_theme_is_refused_not_waited_on(site, tmp_path, where):
    """A template or a static file that is a pipe (no writer ever) ends the build with its
    path named, instead of keeping it waiting."""
    content = site()
    templates = tmp_path / "theme"
    shutil.copytree(TEMPLATES, templates)
    (templates / where).unlink()
    os.mkfifo(templates / where)
    build = cli("--content", str(content), "--templates", str(templates), "--out",
                str(tmp_path / "out"), "build", "--no-search", timeout=60)
    assert build.returncode == 1
    assert f"theme/{where}" in build.stderr and "regular file" in build.stderr
    assert "Traceback" not in build.stderr and not (tmp_path / "out").exists()


def _edit_at_render(monkeypatch, change) -> None:
    """Run `change` once, as the first page is rendered (after the content was checked)."""
    from claimsite import pages
    real, done = pages.render_page, []

    def render_page(sources, page):
        if not done:
            done.append(change())
        return real(sources, page)

    monkeypatch.setattr(pages, "render_page", render_page)


@pytest.mark.parametrize("change", ["invalid UTF-8", "front matter removed", "link to a secret",
                                    "deleted"])
def test_an_article_changed_after_its_check_is_never_rendered_unchecked(site, tmp_path, monkeypatch,
                                                                        change, capsys):
    content = site()
    templates = tmp_path / "templates"
    import shutil
    shutil.copytree(TEMPLATES, templates)
    out = tmp_path / "out"
    build_site(content, out, templates, search_index=False)  # the cache knows every article
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    article = content / "articles" / "first-report.md"
    secret = tmp_path / "secret.txt"
    secret.write_text("a host's secret\n", encoding="utf-8")
    # Every page is rendered again; the articles come from the cache, their text unread.
    (templates / "base.html").write_text((templates / "base.html").read_text(encoding="utf-8")
                                         + "\n", encoding="utf-8")

    def edit():
        if change == "invalid UTF-8":
            article.write_bytes(article.read_bytes().replace(b"plan works", b"plan \xff works"))
        elif change == "front matter removed":
            article.write_text("Just text.\n", encoding="utf-8")
        elif change == "link to a secret":
            article.unlink()
            article.symlink_to(secret)
        else:
            article.unlink()

    _edit_at_render(monkeypatch, edit)
    code = main(["--content", str(content), "--templates", str(templates), "--out", str(out),
                 "--no-search"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith("content/articles/first-report.md:1: changed while the site was being built")
    assert "cannot write" not in err  # not blamed on the output folder
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before and not any(b"secret" in data for data in after.values())


def test_a_same_size_edit_with_its_old_time_put_back_is_built(site, tmp_path):
    content = site()
    out = tmp_path / "out"
    article = content / "articles" / "first-report.md"
    old = article.stat()
    os.utime(article, ns=(old.st_atime_ns, old.st_mtime_ns - 10 ** 10))  # older than "racy"
    build_site(content, out, TEMPLATES, search_index=False)
    then = article.stat()
    text = article.read_text(encoding="utf-8")
    with open(article, "r+", encoding="utf-8") as file:  # same file, same size
        file.write(text.replace("title: Minister", "title: Ministry", 1))
    os.utime(article, ns=(then.st_atime_ns, then.st_mtime_ns))  # `touch -r`: the old time back
    assert article.stat().st_size == then.st_size and article.stat().st_mtime_ns == then.st_mtime_ns
    result = build_site(content, out, TEMPLATES, search_index=False)
    assert not result.up_to_date
    assert "Ministry says" in (out / "articles" / "first-report.html").read_text(encoding="utf-8")


def test_the_registries_checked_are_the_ones_the_cache_was_keyed_on(site, tmp_path, monkeypatch):
    """people.yaml read once: a speaker removed between the fingerprint and the load cannot
    pass unreported on the strength of records checked against the old registry."""
    from claimsite import fingerprint
    content = site()
    build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
    people = content / "people.yaml"
    real = fingerprint.registries_bytes

    def read_then_change(content_dir):
        read = real(content_dir)
        people.write_text(people.read_text(encoding="utf-8").replace("ada-speaker:", "ada-gone:"),
                          encoding="utf-8")
        return read

    monkeypatch.setattr(fingerprint, "registries_bytes", read_then_change)
    result = build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
    assert result.speakers >= 1  # the people.yaml read first, whole: no KeyError, no mix


def test_an_article_removed_while_the_build_reads_it_is_reported_not_a_traceback(site, tmp_path,
                                                                               monkeypatch):
    """An editor's save (write, remove, rename) under serve: the file listed is gone when
    it is read."""
    from claimsite import content as content_module
    content = site()
    article = content / "articles" / "second-report.md"
    real = content_module._from_cache

    def listed_then_removed(path, *args):
        read = real(path, *args)
        if path == article:
            article.unlink()
        return read

    monkeypatch.setattr(content_module, "_from_cache", listed_then_removed)
    with pytest.raises(ContentErrors) as caught:
        build_site(content, tmp_path / "out", TEMPLATES, search_index=False)
    assert [str(e) for e in caught.value.errors] == [
        "content/articles/second-report.md:1: changed while the build read it "
        f"({os.strerror(errno.ENOENT)}); build again"]
