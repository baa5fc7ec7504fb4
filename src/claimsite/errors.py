"""The exceptions claimsite raises on purpose.

    ClaimsiteError
     ├── ContentError     one problem in one content file, at one line
     ├── ContentErrors    every problem a check found, raised once at the end
     └── OutputError      the site could not be written where it was asked to go

Anything else escaping the build is a bug in claimsite, never a mistake in content.
"""

from __future__ import annotations

import re


class ClaimsiteError(Exception):
    """Base class: the CLI prints these as messages, never as tracebacks."""


class ContentError(ClaimsiteError):
    def __init__(self, path: str, line: int, message: str) -> None:
        path, message = printable(path), printable(message)
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


# Control characters (escape sequences, carriage returns, line breaks) in a message that
# quotes content could repaint a terminal, or start a line a CI runner reads as a command
# (GitHub's `::error::`, `::add-mask::`): each is written as a visible escape instead.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """`text` on one line, with every control character shown as an escape (\\x1b, \\n)."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


class ContentErrors(ClaimsiteError):
    def __init__(self, errors: list[ContentError]) -> None:
        # Settings and registries first: a mistake there can explain those in the articles.
        self.errors = sorted(errors, key=lambda e: ("/articles/" in f"/{e.path}", e.path, e.line, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))


class OutputError(ClaimsiteError):
    """The output folder is unusable (not ours to replace, not writable...)."""
