"""Command line: `claimsite [build|check] ...` (also `python build.py ...`)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .content import _shown, load_content
from .scaffold import new_article
from .schema import json_schemas
from .errors import ClaimsiteError, ContentErrors


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "new":
            return _new(args)
        if args.command == "schema":
            return _schema(args)
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
    except KeyboardInterrupt:
        print("interrupted; the previous site is unchanged", file=sys.stderr)
        return 130


def _options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the command (`--out x build` = `build --out x`)."""
    options = argparse.ArgumentParser(add_help=False)
    default = (lambda value: value) if defaults else (lambda value: argparse.SUPPRESS)
    options.add_argument("--content", default=default("content"),
                         help="content folder (default: content)")
    options.add_argument("--out", default=default("_site"), help="output folder (default: _site)")
    options.add_argument("--templates", default=default(None),
                         help="templates folder (default: templates/ beside the content folder)")
    return options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", parents=[_options(defaults=True)],
        description="Build the claims site from a content folder.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.set_defaults(command="build")
    build = commands.add_parser("build", parents=[_options(defaults=False)],
                                help="check the content and build the site (the default)")
    build.add_argument("--no-search", action="store_true",
                       help="skip the search index (faster previews; search.html finds nothing)")
    commands.add_parser("check", parents=[_options(defaults=False)],
                        help="only check the content; report every problem")
    new = commands.add_parser("new", parents=[_options(defaults=False)],
                              help="start a new article file from a title")
    new.add_argument("title", help="the article's headline")
    new.add_argument("--outlet", default="", help="outlet key from content/outlets.yaml")
    new.add_argument("--url", default="", help="address of the original article")
    new.add_argument("--date", default="", help="published date: YYYY, YYYY-MM or YYYY-MM-DD")
    new.add_argument("--author", default="", help="byline")
    schema = commands.add_parser("schema", help="write the JSON Schemas of the content files")
    schema.add_argument("--dir", default="schemas", help="where to write them (default: schemas)")
    return parser


def _schema(args) -> int:
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in json_schemas().items():
        (folder / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        print(f"wrote {folder / name}")
    return 0


def _new(args) -> int:
    path = new_article(Path(args.content), args.title, outlet=args.outlet, url=args.url,
                       date=args.date, author=args.author)
    print(f"wrote {_shown(path)}: fill in the TODOs, then run `python3 build.py check`")
    return 0


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

    result = build_site(args.content, args.out, args.templates,
                        search_index=not getattr(args, "no_search", False))
    print(result.summary())
    return 0
