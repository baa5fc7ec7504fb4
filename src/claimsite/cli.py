"""Command line: `python build.py [build|check|serve|new|suggest|schema] ...` (or `claimsite ...`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

from .errors import ClaimsiteError, ContentErrors

# Each command imports what it runs: a build with nothing to do should not pay for loading
# Jinja, Markdown and YAML.


def main(argv: list[str] | None = None, output: Callable[..., Output] | None = None) -> int:
    """Run a command; `output` makes what the terminal shows (default: Output)."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    out = (output or Output)(quiet=args.quiet, verbose=args.verbose)
    try:
        command = {"check": _check, "new": _new, "schema": _schema, "serve": _serve,
                   "suggest": _suggest}
        return command.get(args.command, _build)(args, out)
    except ContentErrors as errors:
        for error in errors.errors:
            out.error(str(error))
        count = len(errors.errors)
        out.error(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        return 1
    except ClaimsiteError as error:
        out.error(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        out.error("interrupted; the previous site is unchanged")
        return 130


class Output:
    """What the terminal shows: results on stdout, problems on stderr, and a progress bar
    only on an interactive terminal (never in CI logs or when output is piped)."""

    def __init__(self, quiet: bool = False, verbose: bool = False, bar_after: float = 1.0) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.bar_after = bar_after  # seconds a build runs before its bar is shown
        self.interactive = sys.stderr.isatty() and not os.environ.get("CI") and not quiet
        self.started = time.perf_counter()
        self.bar_shown = False

    def info(self, message: str) -> None:
        if not self.quiet:
            self._clear_bar()
            print(message, flush=True)

    def detail(self, message: str) -> None:
        if self.verbose:
            self.info(message)

    def error(self, message: str) -> None:
        self._clear_bar()
        print(message, file=sys.stderr, flush=True)

    def log(self, message: str, error: bool = False, verbose: bool = False) -> None:
        """The serve command's logger."""
        (self.error if error else self.detail if verbose else self.info)(message)

    def progress(self, done: int, total: int) -> None:
        # Only for builds long enough to wonder about: after the first second (bar_after).
        if not self.interactive or time.perf_counter() - self.started < self.bar_after:
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages")
        sys.stderr.flush()
        self.bar_shown = True

    def _clear_bar(self) -> None:
        if self.bar_shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.bar_shown = False


def _options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before or after the command (`--out x build` = `build --out x`)."""
    options = argparse.ArgumentParser(add_help=False)
    default = (lambda value: value) if defaults else (lambda value: argparse.SUPPRESS)
    options.add_argument("--content", default=default("content"),
                         help="content folder (default: content)")
    options.add_argument("--templates", default=default(None),
                         help="templates folder (default: templates/ beside the content folder)")
    options.add_argument("-q", "--quiet", action="store_true", default=default(False),
                         help="print only problems")
    options.add_argument("-v", "--verbose", action="store_true", default=default(False),
                         help="also print where the time went")
    return options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", parents=[_options(defaults=True)],
        description="Build the claims site from a content folder.")
    parser.add_argument("--out", default="_site", help="output folder (default: _site)")
    parser.add_argument("--no-search", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", default="", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parser.set_defaults(command="build")

    build = commands.add_parser("build", parents=[_options(defaults=False)],
                                help="check the content and build the site (the default)")
    build.add_argument("--out", default=argparse.SUPPRESS, help="output folder (default: _site)")
    build.add_argument("--no-search", action="store_true", default=argparse.SUPPRESS,
                       help="skip the search index (faster; search.html then finds nothing)")
    build.add_argument("--profile", action="store_true", default=argparse.SUPPRESS,
                       help="print the time each step took")
    build.add_argument("--base-url", default=argparse.SUPPRESS,
                       help="where the site is published (overrides base_url in site.yaml)")
    build.add_argument("--drop-pages", action="store_true",
                       help="let this build drop pages the previous one published (to keep "
                            "a record of it, list them under removed_pages: in site.yaml)")
    build.add_argument("--verify", action="store_true",
                       help="then build it again from nothing, in a temporary folder, and name "
                            "every file that differs from what this build kept")

    check = commands.add_parser("check", parents=[_options(defaults=False)],
                                help="only check the content; report every problem")
    check.add_argument("--unarchived", action="store_true",
                       help="also list the sources (articles with a url) that have no "
                            "archived copy (archive_url), as path:line")

    serve = commands.add_parser("serve", parents=[_options(defaults=False)],
                                help="build, serve on 127.0.0.1, rebuild and reload on change")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000; 0 = any free)")
    serve.add_argument("--no-search", action="store_true", default=argparse.SUPPRESS,
                       help="skip the search index for faster rebuilds")
    serve.add_argument("--out", default=argparse.SUPPRESS,
                       help="the built site the preview starts from (default: _site)")

    new = commands.add_parser("new", parents=[_options(defaults=False)],
                              help="start a new article file from a title")
    new.add_argument("title", help="the article's headline")
    new.add_argument("--outlet", default="", help="outlet key from content/outlets.yaml")
    new.add_argument("--url", default="", help="address of the original article")
    new.add_argument("--date", default="", help="published date: YYYY, YYYY-MM or YYYY-MM-DD")
    new.add_argument("--author", default="", help="byline")
    new.add_argument("--language", default="",
                     help="language of the article: a BCP 47 tag such as en, uk or pt-BR "
                          "(default: the site's, for a title in its alphabet)")

    suggest = commands.add_parser("suggest", parents=[_options(defaults=False)],
                                  help="propose claim entries for the quotations in an article")
    suggest.add_argument("article", help="the article file (content/articles/....md)")
    suggest.add_argument("--write", action="store_true",
                         help="add the proposals to the article's claims, with TODO assertions")

    schema = commands.add_parser("schema", parents=[_options(defaults=False)],
                                 help="write the JSON Schemas of the content files")
    schema.add_argument("--dir", default="schemas", help="where to write them (default: schemas)")
    return parser


def _port(text: str) -> int:
    """A TCP port number; anything else is argparse's error (naming --port), not a traceback."""
    if not text.isascii() or not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give 0 to 65535")
    return int(text)


def _build(args, out: Output) -> int:
    from .pipeline import build_site

    result = build_site(args.content, args.out, args.templates, base_url=args.base_url,
                        search_index=not args.no_search, progress=out.progress,
                        keep_published=not getattr(args, "drop_pages", False))
    for warning in result.warnings:
        out.error(f"warning: {warning}")
    out.info(result.summary())
    for note in result.notes:
        out.info(f"note: {note}")
    if args.profile or args.verbose:
        for step, seconds in result.timings.items():
            out.info(f"  {step:<16} {seconds:7.3f} s")
        if not result.up_to_date:
            out.info(f"  {result.rendered} files rendered, the others reused from the last build")
            read = sum(1 for how in result.had.values() if how == "read")
            out.info(f"  {read} article files read and checked, {len(result.had) - read} "
                     "taken from the cache")
    if getattr(args, "verify", False):
        return _verify(args, out)
    return 0


def _verify(args, out: Output) -> int:
    from .verify import differences

    differing, compared = differences(args.content, args.out, args.templates, base_url=args.base_url,
                                      search_index=not args.no_search)
    if differing:
        shown = ", ".join(differing[:10]) + (f" and {len(differing) - 10} more" if len(differing) > 10 else "")
        out.error(f"error: verify: {len(differing)} of {compared} files differ from a clean build's: "
                  f"{shown}")
        return 1
    out.info(f"verify: all {compared} files are as a clean build makes them")
    return 0


def _check(args, out: Output) -> int:
    started = time.perf_counter()
    from .content import load_content

    content = load_content(args.content)
    if args.unarchived:
        from .archives import unarchived

        for line in unarchived(content):
            out.info(line)
    appearances = sum(len(c.appearances) for c in content.claims.values())
    out.info(f"ok: {len(content.articles)} articles, {len(content.claims)} claims "
             f"({appearances} reports), {len(content.people)} speakers, "
             f"{len(content.outlets)} outlets in {time.perf_counter() - started:.2f} s")
    _coverage(content, out)
    return 0


def _coverage(content, out: Output) -> None:
    """A note per article whose text has direct quotations no claim records (a note: the
    text may quote what the tracker does not follow)."""
    from .limits import MAX_CLAIMS
    from .suggest import unrecorded

    for article in content.articles:
        if not article.body:
            continue
        missing = unrecorded(article.body, content.people,
                             [appearance.quote for appearance in article.appearances])
        if missing:
            many = len(missing) != 1
            out.info(f"note: {article.path}:{article.body_line + missing[0].line - 1}: "
                     f"{len(missing):,}{' or more' if len(missing) >= MAX_CLAIMS else ''} direct quotation{'s' if many else ''} in the text "
                     f"{'are' if many else 'is'} not recorded by a claim (the first here); "
                     f"`python3 build.py suggest {article.path}` proposes claims for "
                     f"{'them' if many else 'it'}")


def _serve(args, out: Output) -> int:
    from .serve import serve

    content = Path(args.content)
    templates = Path(args.templates) if args.templates else content.parent / "templates"
    # The preview starts from the site `build` made (--out), where the options are the same.
    return serve(content, templates, args.port, search=not args.no_search, log=out.log,
                 seed=Path(args.out))


def _new(args, out: Output) -> int:
    from .files import shown_path
    from .scaffold import article_stem, new_article

    path = new_article(Path(args.content), args.title, outlet=args.outlet, url=args.url,
                       date=args.date, author=args.author, language=args.language)
    first = path.parent / f"{article_stem(args.title, args.date)}.md"
    if path != first:
        out.info(f"note: {shown_path(first)} exists already (the same title?); "
                 "this is a new file beside it")
    out.info(f"wrote {shown_path(path)}: fill in the TODOs, then run `python3 build.py check`")
    return 0


def _schema(args, out: Output) -> int:
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    from .editor_schemas import json_schemas

    for name, data in json_schemas().items():
        (folder / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        out.info(f"wrote {folder / name}")
    return 0


def _suggest(args, out: Output) -> int:
    from .suggest import suggest

    found = suggest(Path(args.article), Path(args.content), write=args.write)
    for note in found.notes:
        out.error(f"note: {note}")
    if not found.count:
        out.info(f"{found.path}: no direct quotation left to propose")
    elif args.write:
        out.info(f"wrote {found.count} proposed claim{'s' if found.count != 1 else ''} into "
                 f"{found.path}: replace each TODO assertion, then run `python3 build.py check`")
    else:
        out.info(f"# {found.count} proposed claim{'s' if found.count != 1 else ''} from "
                 f"{found.path}: paste under `claims:` and write each TODO assertion")
        out.info(found.yaml.rstrip("\n"))
    return 0
