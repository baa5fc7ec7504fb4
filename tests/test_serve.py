"""`build.py serve` driven for real: a subprocess, HTTP requests, file edits, a clean stop."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .conftest import REPO, shared


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def wait_for(condition, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(site):
    content = site()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--content", str(content),
         "--templates", str(REPO / "templates"), "serve", "--port", "0", "--no-search"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    deadline = time.monotonic() + 60
    while "Serving" not in line and time.monotonic() < deadline:
        line = process.stdout.readline()
        assert line or process.poll() is None, process.stderr.read()
    url = re.search(r"http://127\.0\.0\.1:\d+/", line)[0]
    yield process, url, content
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_rebuilds_on_edit_shows_errors_and_recovers(server):
    process, url, content = server
    status, page = fetch(url + "claims/plan-works.html")
    assert status == 200 and '<p class="assertion">The plan is working.</p>' in page
    assert "/__claimsite/events" in page  # the reload script, only in the preview

    article = content / "articles" / "first-report.md"
    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("assertion: The plan is working.",
                                        "assertion: The plan is working well."), encoding="utf-8")
    wait_for(lambda: '<p class="assertion">The plan is working well.</p>' in fetch(url + "claims/plan-works.html")[1],
             "the edit to be served")

    article.write_text(original.replace("speaker: ada-speaker", "speaker: ada-speakr"),
                       encoding="utf-8")
    # A save is not atomic: the preview may first see the file half-written (and say so);
    # the mistake itself is on the page once the save is complete.
    status, page = wait_for(
        lambda: (lambda r: r if r[0] == 500 and "ada-speakr" in r[1] else None)(fetch(url + "index.html")),
        "the error page")
    assert "first-report.md:11: unknown speaker &#x27;ada-speakr&#x27;; " \
           "did you mean &#x27;ada-speaker&#x27;?</code>" in page

    article.write_text(original, encoding="utf-8")
    wait_for(lambda: fetch(url + "claims/plan-works.html")[0] == 200, "the site to come back")
    assert '<p class="assertion">The plan is working.</p>' in fetch(url + "claims/plan-works.html")[1]

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0
    out, err = process.communicate()
    assert "first-report.md:11: unknown speaker 'ada-speakr'" in err  # also in the terminal
    assert "stopped" in out and "Traceback" not in err
    # The preview lived in memory and a folder of its own: nothing of it is left in the cache.
    assert not list((content.parent / ".claimsite-cache").glob("site-*"))


def test_events_stream_announces_each_build(server):
    process, url, content = server
    with urllib.request.urlopen(url + "__claimsite/events", timeout=10) as stream:
        first = stream.readline().decode()
        assert re.fullmatch(r"data: \d+\n", first)
        (content / "articles" / "second-report.md").touch()
        article = content / "articles" / "second-report.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        line = ""
        while not line.startswith("data:"):
            line = stream.readline().decode()
        assert int(line.split()[1]) > int(first.split()[1])
    process.terminate()
    assert process.wait(timeout=15) == 0


def test_a_nul_in_the_address_gets_an_answer_and_the_preview_goes_on(server):
    process, url, content = server
    status, body = fetch(url + "static/x%00y.css")
    assert status == 400 and "bad request" in body
    assert fetch(url + "claims/x%00y.html")[0] == 404
    assert fetch(url + "index.html")[0] == 200
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert "Traceback" not in err


def test_an_unexpected_failure_of_a_rebuild_is_logged_and_the_watching_goes_on():
    from claimsite.serve import rebuild_after_change

    class Preview:
        calls = 0

        def rebuild(self):
            self.calls += 1
            if self.calls == 1:
                raise RuntimeError("disk on fire")

    preview, said = Preview(), []
    log = lambda message, error=False, verbose=False: said.append((message, error))  # noqa: E731
    rebuild_after_change(preview, log)  # must not raise: the watcher thread would end
    rebuild_after_change(preview, log)
    assert said[0] == ("error: the rebuild failed (RuntimeError: disk on fire); still watching "
                       "for the next change", True)
    assert said[1][0].startswith("rebuilt in ") and preview.calls == 2


def test_the_preview_starts_from_the_built_site_and_clears_previews_of_killed_servers(site, tmp_path):
    from claimsite import build_site
    from claimsite.serve import Preview

    content = site()
    templates = REPO / "templates"
    built = content.parent / "_site"
    build_site(content, built, templates, search_index=False)
    cache_folder = content.parent / ".claimsite-cache"
    killed = cache_folder / "preview-killed"  # a server's, killed: its lock is free
    (killed / "site").mkdir(parents=True)
    (killed / ".session.lock").touch()

    said = []
    preview = Preview(content, templates, False, lambda message, **k: said.append(message), seed=built)
    try:
        assert not killed.exists() and preview.folder.parent == cache_folder
        other = Preview(content, templates, False, lambda *a, **k: None)  # a second server
        assert preview.folder.exists()  # running: kept
        other.stop()
        preview.rebuild()
        assert not preview.errors
        pages = {p.relative_to(built).as_posix() for p in built.rglob("*.html")}
        assert pages <= shared(preview.site, built)  # nothing had changed: every page linked
        assert f"started from {built}/: its unchanged files taken as they are, 0 made anew" in said
    finally:
        preview.stop()
    assert not list(cache_folder.glob("preview-*"))


def test_a_port_in_use_is_a_message_not_a_traceback(site, capsys):
    import socket

    from claimsite.cli import main

    content = site()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["--content", str(content), "--templates", str(REPO / "templates"),
                     "serve", "--no-search", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 1 and f"cannot serve on 127.0.0.1:{port}" in err and "Traceback" not in err
    assert not list((content.parent / ".claimsite-cache").glob("preview-*"))


def test_after_a_save_the_browser_is_told_once_the_pages_are_there_and_once_only(site, tmp_path,
                                                                                monkeypatch):
    """The pages first; the data files and the search index then, by a second build that
    tells the browser nothing unless it fails (then its error is shown)."""
    from claimsite import build_site, search
    from claimsite.serve import Preview

    from .conftest import stable, tree

    content = site()
    templates = REPO / "templates"
    said = []
    preview = Preview(content, templates, True, lambda message, error=False, verbose=False:
                      said.append(message))
    told = []
    real_notify = preview.changed.notify_all
    monkeypatch.setattr(preview.changed, "notify_all",
                        lambda: told.append(tree(preview.site)) or real_notify())
    try:
        preview.rebuild()
        article = content / "articles" / "first-report.md"
        article.write_text(article.read_text(encoding="utf-8").replace(
            "assertion: The plan is working.", "assertion: The plan is working well."),
            encoding="utf-8")
        said.clear()
        told.clear()
        preview.rebuild()
        clean = tmp_path / "clean"
        build_site(content, clean, templates, use_cache=False)
        wanted = tree(clean)
        assert len(told) == 1 and preview.generation == 2 and not preview.errors
        html = lambda files: {p: d for p, d in files.items() if p.endswith(".html")}  # noqa: E731
        assert html(told[0]) == html(wanted)  # the browser reloads to the new pages
        assert told[0]["claims.json"] != wanted["claims.json"]  # (made after)
        assert stable(tree(preview.site)) == stable(wanted)
        assert len([m for m in said if m.startswith("Built")]) == 1

        # A second build that fails is shown, like any other.
        monkeypatch.setattr(search, "pagefind_command", lambda: "/bin/false")
        article.write_text(article.read_text(encoding="utf-8").replace(
            "working well.", "working fine."), encoding="utf-8")
        preview.rebuild()
        assert preview.generation == 4 and "search index could not be built" in preview.errors[0]
    finally:
        preview.stop()


def test_the_rest_waits_until_a_listening_browser_has_the_new_page(site, monkeypatch):
    """The second build runs in the server's process: it starts once a browser that listens
    for rebuilds has fetched a page of the new site (or after RELOAD_WAIT), not before."""
    import threading

    from claimsite import serve as serve_module
    from claimsite.serve import Preview

    content = site()
    preview = Preview(content, REPO / "templates", False, lambda *a, **k: None)
    try:
        preview.rebuild()
        builds = []
        real = serve_module.build_site
        monkeypatch.setattr(serve_module, "build_site",
                            lambda *a, **k: builds.append(k["pages_first"]) or real(*a, **k))
        monkeypatch.setattr(serve_module, "RELOAD_WAIT", 60)
        preview.listening = 1  # a browser's event stream is open
        edit_first_report(content)
        rebuilding = threading.Thread(target=preview.rebuild)
        rebuilding.start()
        wait_for(lambda: preview.generation == 2, "the browser to be told")
        time.sleep(0.5)
        assert builds == [True] and rebuilding.is_alive()  # the rest waits for the browser
        with preview.changed:  # as the server does when it has sent a page
            preview.pages_served += 1
            preview.changed.notify_all()
        rebuilding.join(timeout=30)
        assert builds == [True, False] and not preview.errors
    finally:
        preview.stop()


def test_the_first_save_finds_the_templates_compiled(site, monkeypatch):
    """The first build renders in workers, or takes its pages from the site built before;
    serve then compiles the templates while the editor has not saved yet, not on the first
    save's time."""
    import jinja2

    from claimsite import build_site
    from claimsite.serve import Preview

    content = site()
    built = content.parent / "_site"
    build_site(content, built, REPO / "templates", search_index=False)
    preview = Preview(content, REPO / "templates", False, lambda *a, **k: None, seed=built)
    try:
        preview.rebuild()  # every page taken from _site/: no template compiled
        preview.compile_templates()
        compiled = []
        real = jinja2.Environment.compile
        monkeypatch.setattr(jinja2.Environment, "compile",
                            lambda env, *a, **k: compiled.append(a[1:2]) or real(env, *a, **k))
        edit_first_report(content)
        preview.rebuild()
        assert not preview.errors and compiled == []
    finally:
        preview.stop()


def test_serve_compiles_the_templates_once_it_is_serving(site, monkeypatch):
    import http.server
    import threading

    from claimsite import serve as serve_module

    compiled = threading.Event()
    monkeypatch.setattr(serve_module.Preview, "compile_templates", lambda self: compiled.set())
    monkeypatch.setattr(http.server.ThreadingHTTPServer, "serve_forever",
                        lambda self, poll_interval=0.5: compiled.wait(timeout=30))
    assert serve_module.serve(site(), REPO / "templates", 0, False, lambda *a, **k: None) == 0
    assert compiled.is_set()


def edit_first_report(content) -> None:
    article = content / "articles" / "first-report.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "assertion: The plan is working.", "assertion: The plan is working well."),
        encoding="utf-8")


def test_the_preview_says_why_it_could_not_start_from_the_built_site(site, monkeypatch):
    import shutil

    from claimsite import build_site
    from claimsite.serve import Preview

    content = site()
    built = content.parent / "_site"
    for before, expected in (
            ("none", f"no site in {built}/ to start from"),
            ("other options", f"nothing taken from {built}/: it was built with other options"),
            ("epoch", f"nothing taken from {built}/: its files are not shared while SOURCE_DATE_EPOCH"),
            ("no cache", f"nothing taken from {built}/: {content.parent / '.claimsite-cache'}/ has "
                         "no record of its build"),
            # every page made anew, the data files taken as they are: still a start from it
            ("base.html changed", f"started from {built}/: its unchanged files taken as they are")):
        if before == "base.html changed":
            templates = shutil.copytree(REPO / "templates", content.parent / "templates")
            build_site(content, built, templates, search_index=False)
            base = templates / "base.html"
            base.write_text(base.read_text(encoding="utf-8").replace("<main", "<main data-x", 1),
                            encoding="utf-8")
        if before == "other options":
            build_site(content, built, REPO / "templates", search_index=True)
        elif before == "epoch":
            build_site(content, built, REPO / "templates", search_index=False)
            monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        elif before == "no cache":
            monkeypatch.delenv("SOURCE_DATE_EPOCH")
            shutil.rmtree(content.parent / ".claimsite-cache")
        said = []
        preview = Preview(content, templates if before == "base.html changed" else REPO / "templates",
                          False, lambda message, **k: said.append(message), seed=built)
        try:
            preview.rebuild()
        finally:
            preview.stop()
        assert any(message.startswith(expected) for message in said), (before, said)
