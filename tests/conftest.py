"""Shared helpers: fixture sites are a base content folder plus per-case overlays."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SITES = TESTS / "sites"
REPO = TESTS.parent


def make_site(tmp_path: Path, *overlays: str) -> Path:
    """Copy tests/sites/base to tmp_path/content and lay each overlay folder over it."""
    content = tmp_path / "content"
    shutil.copytree(SITES / "base", content)
    for overlay in overlays:
        shutil.copytree(SITES / overlay, content, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("expected.txt"))
    return content


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Build a fixture site and work from its parent, so messages say content/...."""
    monkeypatch.chdir(tmp_path)

    def build(*overlays: str) -> Path:
        return make_site(tmp_path, *overlays)

    return build
