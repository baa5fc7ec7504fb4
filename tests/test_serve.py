"""`build.py serve` driven for real: a subprocess, HTTP requests, file edits, a clean stop."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .conftest import REPO, answers_ctrl_c, shared


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def save(content: Path, name: str, text: str) -> None:
    """Save a content file as an editor's atomic save does: the whole new text at once
    (written beside the content folder, which is watched, then renamed over the file), so
    the preview never reads it half-written."""
    saving = content.parent / ".saving"
    saving.write_text(text, encoding="utf-8")
    os.replace(saving, content / name)


class Server:
    """`build.py serve` in a process of its own, and what it says, line by line, as it
    says it (its summary after each rebuild, its problems): the tests wait for those."""

    def __init__(self, content: Path) -> None:
        self.content = content
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--content", str(content),
             "--templates", str(REPO / "templates"), "serve", "--port", "0", "--no-search"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=answers_ctrl_c)
        self.said: dict[str, list[str]] = {"out": [], "err": []}
        self.lines: queue.Queue = queue.Queue()
        self.readers = [threading.Thread(target=self._read, args=(name, stream), daemon=True)
                        for name, stream in (("out", self.process.stdout), ("err", self.process.stderr))]
        for reader in self.readers:
            reader.start()
        self.url = re.search(r"http://127\.0\.0\.1:\d+/", self.next_line("out", "Serving "))[0]

    def _read(self, name: str, stream) -> None:
        for line in stream:
            self.said[name].append(line)
            self.lines.put((name, line))
        self.lines.put((name, None))

    def next_line(self, stream: str, start: str, timeout: float = 300) -> str:
        """The next line on `stream` ("out" or "err") that starts with `start`; the lines
        before it are passed over. (The timeout only ends a test whose server hangs.)"""
        ended = set()
        while len(ended) < 2:
            try:
                name, line = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"the server did not say {start!r}: {self.said}") from None
            if line is None:
                ended.add(name)
            elif name == stream and line.startswith(start):
                return line
        raise AssertionError(f"the server ended without saying {start!r}: {self.said}")

    def ended(self, timeout: float = 60) -> tuple[int, str, str]:
        """Its exit code and everything it said, once it has ended."""
        code = self.process.wait(timeout=timeout)
        for reader in self.readers:
            reader.join(timeout=timeout)
        return code, "".join(self.said["out"]), "".join(self.said["err"])


@pytest.fixture
def server(site):
    server = Server(site())
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


REBUILT = "Built "  # a rebuild's summary, said once its site is served
PROBLEMS = "1 problem: the browser shows them"  # said once the browser is shown them


def test_serve_rebuilds_on_edit_shows_errors_and_recovers(server):
    url, content = server.url, server.content
    status, page = fetch(url + "claims/plan-works.html")
    assert status == 200 and '<p class="assertion">The plan is working.</p>' in page
    assert "/__claimsite/events" in page  # the reload script, only in the preview

    name = "articles/first-report.md"
    original = (content / name).read_text(encoding="utf-8")
    save(content, name, original.replace("assertion: The plan is working.",
                                         "assertion: The plan is working well."))
    server.next_line("out", REBUILT)
    assert '<p class="assertion">The plan is working well.</p>' in fetch(url + "claims/plan-works.html")[1]

    save(content, name, original.replace("speaker: ada-speaker", "speaker: ada-speakr"))
    server.next_line("err", PROBLEMS)
    status, page = fetch(url + "index.html")
    assert status == 500 and "first-report.md:11: unknown speaker &#x27;ada-speakr&#x27;; " \
        "did you mean &#x27;ada-speaker&#x27;?</code>" in page

    save(content, name, original)
    server.next_line("out", REBUILT)
    status, page = fetch(url + "claims/plan-works.html")
    assert status == 200 and '<p class="assertion">The plan is working.</p>' in page

    server.process.send_signal(signal.SIGINT)
    code, out, err = server.ended()
    assert code == 0
    assert "first-report.md:11: unknown speaker 'ada-speakr'" in err  # also in the terminal
    assert "stopped" in out and "Traceback" not in err
    # The preview lived in memory and a folder of its own: nothing of it is left in the cache.
    assert not list((content.parent / ".claimsite-cache").glob("site-*"))


def test_events_stream_announces_each_build(server):
    url, content = server.url, server.content
    with urllib.request.urlopen(url + "__claimsite/events", timeout=60) as stream:
        first = stream.readline().decode()
        assert re.fullmatch(r"data: \d+\n", first)
        name = "articles/second-report.md"
        save(content, name, (content / name).read_text(encoding="utf-8") + "\nMore.\n")
        line = ""
        while not line.startswith("data:"):
            line = stream.readline().decode()
        assert int(line.split()[1]) > int(first.split()[1])
    server.process.terminate()
    assert server.ended()[0] == 0


def test_a_nul_in_the_address_gets_an_answer_and_the_preview_goes_on(server):
    url = server.url
    status, body = fetch(url + "static/x%00y.css")
    assert status == 400 and "bad request" in body
    assert fetch(url + "claims/x%00y.html")[0] == 404
    assert fetch(url + "index.html")[0] == 200
    server.process.send_signal(signal.SIGTERM)
    _, _, err = server.ended()
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
    for rebuilds has fetched a page of the new site (or after reload_wait), not before."""
    from claimsite.serve import Preview
    from claimsite.warm import Warm

    builds = []  # (pages first?, pages served when it began)

    class Watched(Warm):  # each build asks for the cache first
        def store(self, *args):
            builds.append((self.pages_first, preview.pages_served))
            return super().store(*args)

    content = site()
    # Waiting for the browser for as long as it takes: the test is the browser.
    preview = Preview(content, REPO / "templates", False, lambda *a, **k: None, reload_wait=3600)
    preview.warm = Watched()
    try:
        preview.rebuild()
        builds.clear()
        preview.listening = 1  # a browser's event stream is open
        edit_first_report(content)
        rebuilding = threading.Thread(target=preview.rebuild)
        rebuilding.start()
        with preview.changed:  # as the browser's event stream waits to be told
            assert preview.changed.wait_for(lambda: preview.generation == 2, timeout=300)
            assert builds == [(True, 0)]  # the pages; the rest waits for the browser
            preview.pages_served += 1  # as the server does when it has sent a page
            preview.changed.notify_all()
        rebuilding.join(timeout=300)
        assert not rebuilding.is_alive()
        assert builds == [(True, 0), (False, 1)] and not preview.errors
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
