"""Set-up for browser tests: Debian's Chromium and Java, a built site served on 127.0.0.1.

Playwright's own browser download does not work on our machines, so the tests install
Debian's `chromium` with apt-get when it is missing and point Playwright at it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

# The demo's pages a reader meets, one of each type, for the browser tests and the
# screenshots (docs/screenshots/take.py): the one list of them.
DEMO_PAGES = {
    "home": "index.html",
    "claim": "claims/stoltenberg-putin-visit-confirms-ties-with-authoritarian-states.html",
    "article": "articles/2024-06-19-24-kanal-nato-us-react-to-putin-dprk-visit.html",
    "speaker": "speakers/jens-stoltenberg.html",
    "outlet": "outlets/unn.html",
    "topic": "topics/nato.html",
    "timeline": "timeline.html",
    "speakers": "speakers.html",
    "outlets": "outlets.html",
    "topics": "topics.html",
    "articles": "articles.html",
    "search": "search.html?q=ammunition",
    "methodology": "methodology.html",
    "corrections": "corrections.html",
    "404": "404.html",
}
# An address the demo does not have, below one of its folders: the server answers with the
# 404 page (status 404), which must find its fonts and styles from there.
MISSING_PAGE = "claims/renamed-claim.html"

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    """Path to Debian's Chromium, installing it first if need be."""
    return debian_command("chromium", "chromium")


def java() -> str:
    """Path to `java`, for the Nu HTML Checker; installs Debian's headless JRE if missing."""
    return debian_command("java", "default-jre-headless")


def debian_command(command: str, package: str) -> str:
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(f"`{command}` is missing: install Debian's {package} package once")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    found = shutil.which(command)
    if not found:
        raise RuntimeError(f"apt-get installed {package} but `{command}` is not on PATH")
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream"}

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        """As GitHub Pages does: a missing address, at any depth, gets the site's 404.html."""
        parts = self.path.split("?")[0].strip("/").split("/")
        page = Path(self.directory, parts[0], "404.html") if parts and parts[0] else None
        if code != 404 or page is None or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server:
    """Serves `root` on 127.0.0.1 at a free port until stopped."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
