"""`build.py serve`: build, serve on 127.0.0.1, rebuild on every change, reload the browser.

The preview is built into a folder of its own in the cache folder (never over `_site/`),
starting from the pages of the site `build` made, which are linked, not rendered again, where
they are the same (so it is on the same file system). Each page served gets a
small script that listens on /__claimsite/events and reloads when a rebuild finishes. While
the content has mistakes, every page shows the `path:line: message` list instead of a stale
page; fixing the files brings the site back without a restart.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import html
import http.server
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import watchfiles

from .cache import FOLDER, check_folder
from . import output
from .manifest import manifest_file
from .pipeline import build, forget_lock
from .warm import Warm
from .errors import ClaimsiteError, ContentErrors, OutputError

EVENTS = "/__claimsite/events"
RELOAD_WAIT = 1.0  # seconds a rebuild waits for the browsers to reload before going on
SESSION_LOCK = ".session.lock"  # in the preview folder, held while its server runs
RELOAD_SCRIPT = (
    "<script>(function () {{ var seen = null;"
    " var events = new EventSource({events!r});"
    " events.onmessage = function (e) {{ if (seen !== null && e.data !== seen) location.reload();"
    " seen = e.data; }}; }})();</script>"
).format(events=EVENTS).encode()


class Preview:
    """The latest build: its folder, its errors, and a counter the browsers watch."""

    def __init__(self, content: Path, templates: Path | None, search: bool, log,
                 seed: Path | None = None, reload_wait: float = RELOAD_WAIT) -> None:
        self.content, self.templates, self.search, self.log = content, templates, search, log
        self.reload_wait = reload_wait
        self.seed = seed  # the site built before: its unchanged files start the preview
        check_folder(content.parent / FOLDER)  # (previews are made and removed in it)
        self.folder, self.session = _preview_folder(content, content.parent / FOLDER)
        self.site = self.folder / "site"
        self.changed = threading.Condition()
        self.generation = 0
        self.listening = 0  # event streams open: browsers showing a page of the preview
        self.pages_served = 0
        self.served_when_told = 0  # pages_served when the browsers were last told of a build
        self.errors: list[str] = []
        self.stopping = False
        self.warm = Warm(seed=seed)  # what each build keeps for the next: a save rebuilds in memory
        self.building = threading.Lock()  # held by a rebuild, and by compile_templates

    def rebuild(self) -> None:
        """Build, and tell the browsers. After a save, the pages come first: the browser
        reloads as soon as they are there, and the data files and search indexes that
        changed are made after it, by a second build (a failure there is shown too)."""
        with self.building:
            self._rebuild()

    def _rebuild(self) -> None:
        after_a_save = self.warm.manifest is not None
        # (not the first build: a whole site's garbage would wait for its end)
        with _full_collections_after_the_page() if after_a_save else contextlib.nullcontext():
            result = self._build(pages_first=after_a_save)
        if result is not None and not after_a_save and self.seed is not None:
            self.log(_seed_note(result, self.seed, self.content.parent / FOLDER))
        if result is not None and result.lagging:
            self._let_browsers_reload()
            started = time.perf_counter()
            if self._build(pages_first=False, quiet=True) is not None:
                self.log(f"downloads and search index brought up to date in "
                         f"{time.perf_counter() - started:.2f} s", verbose=True)
        self.warm.tidy()  # (the cache saved to disk) once the browsers are told of the new site
        if gc.get_count()[2] >= gc.get_threshold()[2]:
            gc.collect()  # the full collection held back while the browser waited

    def compile_templates(self) -> None:
        """Compile in this process, before the first save, every template the last build
        read (to plan its pages): that build's pages were rendered by workers, or taken
        from the site built before, and the first save would compile them on the editor's
        time (0.08 s at 4,000 articles)."""
        # Not beside a rebuild: a fork while this thread held the environment's cache lock
        # would leave the child waiting for it forever.
        with self.building:
            env = self.warm.env
            for name in sorted(env.loader.read) if env is not None else ():
                with contextlib.suppress(Exception):  # (a mistake is the next build's to report)
                    env.get_template(name)

    def _let_browsers_reload(self) -> None:
        """Wait until a browser told of the new site has fetched a page of it (at most
        `reload_wait` s, and only while one is listening): the work that follows runs in
        this process too, and would slow the server's answer. A page fetched before this
        wait began, but after the browsers were told, counts."""
        with self.changed:
            if self.listening:
                self.changed.wait_for(
                    lambda: self.pages_served > self.served_when_told or self.stopping,
                    timeout=self.reload_wait)

    def _build(self, pages_first: bool, quiet: bool = False):
        """One build: its summary or problems logged; the browsers told, unless `quiet` and
        the build went as the last one did (then they show the right page already)."""
        result = None
        try:
            self.warm.pages_first = pages_first
            result = build(self.content, self.site, self.templates, search_index=self.search,
                           keeping=self.warm)
            # The preview's folder is the server's own (in the cache folder): name what the
            # editor sees instead.
            errors, summary = [], result.summary().replace(f"in {result.out}/", "in the preview") \
                .replace(f"{result.out}/", "the preview")
        except ContentErrors as err:
            errors = [str(e) for e in err.errors]
        except ClaimsiteError as err:
            errors = [f"error: {err}"]
        if not (quiet and errors == self.errors):
            with self.changed:
                self.errors = errors
                self.generation += 1
                self.served_when_told = self.pages_served
                self.changed.notify_all()
        # Said once the server serves it: what the terminal says, a browser is shown.
        if errors:
            self.log("\n".join(errors), error=True)
            self.log(f"{len(errors)} problem{'s' if len(errors) != 1 else ''}: the browser "
                     "shows them until they are fixed", error=True)
        elif not quiet:
            self.log(summary)
        return result

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()
        self.warm.tidy()
        shutil.rmtree(self.folder, ignore_errors=True)
        forget_lock(self.content, self.site)
        if self.session is not None:
            os.close(self.session)


def _seed_note(result, seed: Path, cache_folder: Path) -> str:
    """What the first build took from the site built before: why a start is quick, or not."""
    if result.reused:
        return (f"started from {seed}/: its unchanged files taken as they are, "
                f"{result.rendered:,} made anew")
    if not (seed / output.MARKER).exists():
        return f"no site in {seed}/ to start from: `build.py build` makes one, and then serve starts sooner"
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return f"nothing taken from {seed}/: its files are not shared while SOURCE_DATE_EPOCH is set"
    if not manifest_file(cache_folder, seed).is_file():
        return f"nothing taken from {seed}/: {cache_folder}/ has no record of its build"
    return (f"nothing taken from {seed}/: it was built with other options or another claimsite "
            "version, or is being built now")


def _preview_folder(content: Path, cache_folder: Path) -> tuple[Path, int | None]:
    """A new folder for the preview, in the cache folder (beside the site, so its unchanged
    files can be hard-linked) or else in the system's temporary folder; and a lock held on it
    while this server runs. Previews of servers that were killed are removed first."""
    try:
        cache_folder.mkdir(exist_ok=True)
        for stale in cache_folder.glob("preview-*"):
            with contextlib.suppress(OSError):
                lock = output.try_lock(stale / SESSION_LOCK)
                if lock is not None:  # no server holds it: left by one that was killed
                    shutil.rmtree(stale, ignore_errors=True)  # (refuses a symbolic link)
                    forget_lock(content, stale / "site")
                    os.close(lock)
        folder = Path(tempfile.mkdtemp(prefix="preview-", dir=cache_folder))
        # Locked before it has its name: another server starting now must not take it.
        fd = output.try_lock(folder / (SESSION_LOCK + ".new"), create=True)
        os.rename(folder / (SESSION_LOCK + ".new"), folder / SESSION_LOCK)
        return folder, fd
    except (ImportError, OSError):  # no file locks (Windows), or a read-only project
        return Path(tempfile.mkdtemp(prefix="claimsite-preview-")), None


class Server(http.server.ThreadingHTTPServer):
    """The preview's server. Its listen queue holds what a browser opening many pages at once
    (or a test's hundreds of clients) sends, where the default's 5 dropped connections; a
    client that goes away mid-request is its own business, not a traceback."""

    request_queue_size = 1024
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream"}

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        try:
            self._get()
        except ConnectionError:  # the client has gone: there is no one to answer
            raise
        except (ValueError, OSError) as err:  # a NUL or worse in the address: answer, don't crash
            self._send(400, f"bad request: {err}".encode(errors="replace"))

    def _get(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self._events()
        errors = self.preview.errors
        if errors and (path.endswith((".html", "/")) or "." not in path.rsplit("/", 1)[-1]):
            return self._send(500, _error_page(errors))
        if path.endswith("/"):
            path += "index.html"
        file = self.preview.site / path.lstrip("/")
        if path.endswith(".html") and file.resolve().is_relative_to(self.preview.site.resolve()):
            if file.is_file():
                page = file.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"\n</body>", 1)
                self._send(200, page)
                with self.preview.changed:
                    self.preview.pages_served += 1
                    self.preview.changed.notify_all()
                return
            missing = self.preview.site / "404.html"
            if missing.is_file():
                return self._send(404, missing.read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>", 1))
        return super().do_GET()

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the build counter now, then each time it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview = self.preview
        sent = None
        with preview.changed:
            preview.listening += 1
        try:
            while True:
                with preview.changed:
                    if preview.generation == sent and not preview.stopping:
                        preview.changed.wait(timeout=15)
                    if preview.stopping:
                        return
                    current = preview.generation
                if current == sent:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(f"data: {current}\n\n".encode())
                    sent = current
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        finally:
            with preview.changed:
                preview.listening -= 1


def _error_page(errors: list[str]) -> bytes:
    items = "\n".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
    return (f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Content problems</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
li{{margin:.4rem 0}} code{{white-space:pre-wrap}}</style></head>
<body><main><h1>{len(errors)} problem{'s' if len(errors) != 1 else ''} in the content</h1>
<p>Fix these and save: the page reloads by itself.</p>
<ol>
{items}
</ol></main>
""".encode() + RELOAD_SCRIPT + b"\n</body></html>\n")


@contextlib.contextmanager
def _full_collections_after_the_page():
    """No full collection during the block: one walks every object of the process (1.1 s
    at 10,000 articles), and each save's build makes enough long-lived objects to start
    one. The collector's younger generations run as usual; the full collection the block
    held back runs once the browsers are told (Preview._rebuild)."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, 1 << 30)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


def rebuild_after_change(preview: Preview, log) -> None:
    """Rebuild for a change the watcher saw. Whatever goes wrong is logged, never raised: the
    watcher must go on to the next change."""
    started = time.perf_counter()
    try:
        preview.rebuild()
    except Exception as err:  # noqa: BLE001 - a failed rebuild must not stop the watching
        log(f"error: the rebuild failed ({type(err).__name__}: {err}); "
            "still watching for the next change", error=True)
        return
    log(f"rebuilt in {time.perf_counter() - started:.2f} s", verbose=True)


def serve(content: Path, templates: Path | None, port: int, search: bool, log,
          seed: Path | None = None) -> int:
    preview = Preview(content, templates, search, log, seed)
    # From here on, Ctrl-C or SIGTERM (even during the first build) ends in the cleanup below.
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    stop = threading.Event()
    server = watcher = None
    try:
        preview.rebuild()
        handler = functools.partial(_Handler, directory=str(preview.site))
        _Handler.preview = preview
        try:
            server = Server(("127.0.0.1", port), handler)
        except OSError as err:
            raise OutputError(f"cannot serve on 127.0.0.1:{port}: {err.strerror or err} "
                              "(another server there? choose another --port)") from None
        watched = [str(content)] + ([str(templates)] if templates and Path(templates).is_dir() else [])
        watching = _Watching(stop)

        def watch() -> None:
            try:
                for _changes in watchfiles.watch(*watched, stop_event=watching, debounce=200,
                                                 step=50, raise_interrupt=False):
                    rebuild_after_change(preview, log)
            finally:
                watching.ready.set()  # (a watcher that failed to start: serve all the same)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        watching.ready.wait()  # a save from now on is seen: only then say so
        log(f"Serving http://127.0.0.1:{server.server_address[1]}/ "
            f"(watching {content}/ and templates; Ctrl-C to stop)")
        threading.Thread(target=preview.compile_templates, daemon=True).start()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        if watcher is not None and watcher.is_alive():
            watcher.join(timeout=5)  # a rebuild under way ends before its folders are removed
        preview.stop()
        if server is not None:
            server.server_close()
        log("stopped")
    return 0


class _Watching:
    """The watcher's stop event (`stop`), which also tells when the watcher is watching:
    watchfiles asks `is_set()` only from its watch loop, which runs once the folders are
    watched, every `step` ms."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop, self.ready = stop, threading.Event()

    def is_set(self) -> bool:
        self.ready.set()
        return self.stop.is_set()


def default_log(message: str, error: bool = False, verbose: bool = False) -> None:
    print(message, file=sys.stderr if error else sys.stdout, flush=True)
