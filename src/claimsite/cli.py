"""Command line: `claimsite [build|check] ...` (also `python build.py ...`)."""

from __future__ import annotations

import argparse
import sys
import time

from .content import load_content
from .errors import ClaimsiteError, ContentErrors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build the claims site from a content folder.")
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="check content and build the site (default)")
    build.add_argument("--out", default="_site", help="output folder (default: _site)")
    build.add_argument("--templates", help="templates folder (default: templates/ beside "
                                           "the content folder)")
    commands.add_parser("check", help="only check content; report every problem")

    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--content"):
        argv = ["build", *argv]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "build"])

    try:
        if args.command == "check":
            return _check(args)
        return _build(args)
    except ContentErrors as errors:
        for error in errors.errors:
            print(error, file=sys.stderr)
        count = len(errors.errors)
        print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.",
              file=sys.stderr)
        return 1
    except ClaimsiteError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _check(args) -> int:
    started = time.perf_counter()
    content = load_content(args.content)
    appearances = sum(len(c.appearances) for c in content.claims.values())
    print(f"ok: {len(content.articles)} articles, {len(content.claims)} claims "
          f"({appearances} reports), {len(content.people)} speakers, "
          f"{len(content.outlets)} outlets in {time.perf_counter() - started:.2f} s")
    return 0


def _build(args) -> int:
    from .build import build_site

    result = build_site(args.content, args.out, args.templates)
    print(result.summary())
    return 0
