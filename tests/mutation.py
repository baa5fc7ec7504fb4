"""Mutation testing of the modules that carry the tracker's promises (issue 23), with mutmut 3.

    python tests/mutation.py                 # every target below
    python tests/mutation.py quotes body     # some of them
    python tests/mutation.py --list          # the targets, their functions and their tests

Each target is run in a scratch copy of the repository (mutmut writes `mutants/` beside the
code it mutates), with only the target's own test files, so a run takes minutes; the mutants
are the target's functions only (a module's other functions belong to other work). It prints
one line per target (mutants, killed, score) and every surviving mutant's name: `mutmut show
NAME`, run in the target's scratch folder (printed), shows what it changes. Needs mutmut
(`pip install mutmut==3.8.1`) in the Python that runs this.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COPIED = ["src", "tests", "templates", "content", "pyproject.toml", "babel.cfg", "build.py"]

# name -> (module files, mutant name patterns, test files)
TARGETS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "quotes": (["quotes.py"], ["claimsite.quotes.*"], ["tests/test_quotes.py"]),
    "body": (["body.py"], ["claimsite.body.*"], ["tests/test_body.py"]),
    "dates": (["dates.py"], ["claimsite.dates.*"], ["tests/test_dates.py"]),
    "exports": (["exports.py"], ["claimsite.exports.*"], ["tests/test_exports.py"]),
    # the merge, and what a merged claim works out from its reports (its date and that
    # date's basis, its summary in a language)
    "claims": (["claims.py", "model.py"], ["claimsite.claims.*", "claimsite.model.xǁClaimǁ*"],
               ["tests/test_claims.py"]),
    # keys: what is one, the advice for what is not, and the key `new` makes from a title
    "slugs": (["schema.py", "scaffold.py"],
              ["claimsite.schema.x_slugify__*", "claimsite.schema.x_slug_advice__*",
               "claimsite.schema.x_check_slug__*", "claimsite.scaffold.x_article_stem__*",
               "claimsite.scaffold.x__cut_at_word__*"], ["tests/test_slugs.py"]),
    # the theme's filters and words (escaping, languages, dates shown as inferred); not the
    # template loader, its compiled words or template errors
    "render": (["render.py"], [f"claimsite.render.x_{name}__*" for name in (
        "environment", "install", "_install_gettext", "inferred_mark", "typeset")],
               ["tests/test_render.py"]),
    # schema.org Claim and ClaimReview, and the <script> they are written into
    "jsonld": (["jsonld.py"], ["claimsite.jsonld.*"], ["tests/test_render.py"]),
    # the feeds' entries, Atom and JSON Feed (the tests that build a site are too slow here)
    "feeds": (["feeds.py"], ["claimsite.feeds.*"], ["tests/test_feeds.py", "-m", "not site"]),
    # a date's basis in words: the report's publication date, the editors' reasons
    "provenance": (["provenance.py"], ["claimsite.provenance.*"],
                   ["tests/test_provenance.py", "-m", "not site"]),
    # Markdown's slow paths, measured and refused before Markdown runs
    "markup": (["markup.py"], ["claimsite.markup.*"], ["tests/test_markup.py"]),
    # the page plan: what a page read, noted through the views, and what each name stands for
    "plan": (["recorded.py"], ["claimsite.recorded.*"], ["tests/test_recorded.py"]),
}
KILLED = {"killed", "timeout"}  # a mutant that makes a test hang is caught too

# mutmut 3 leaves decorated functions alone (@property, @cached_property, Jinja's
# @pass_context filters): their mutants are made here by hand, (file, text, mutated text),
# each run against its target's tests. PLANTED are the mistakes issue 23 planted, which
# once passed the whole suite.
BY_HAND: dict[str, list[tuple[str, str, str]]] = {
    "render": [
        ("render.py", 'return lang_attrs(tag, context["page_language"])',
         'return lang_attrs(tag, context["site"].language)'),
        ("render.py", 'return Markup(f"<span{attrs}>{escape(text)}</span>") if attrs else escape(text)',
         'return Markup(f"<span{attrs}>{text}</span>") if attrs else escape(text)'),
        ("render.py", 'return Markup(f"<span{attrs}>{escape(text)}</span>") if attrs else escape(text)',
         'return Markup(f"<span{attrs}>{escape(text)}</span>") if attrs else Markup(text)'),
        ("render.py", 'return claim.assertion_in(context["page_language"], context["site"].language)[0]',
         'return claim.assertion_in(context["site"].language, context["site"].language)[0]'),
        ("render.py", 'return record.names.get(context["page_language"], record.name)', "return record.name"),
        ("render.py", "return escape(record.names[language])", "return Markup(record.names[language])"),
        ("render.py", "        return escape(record.name)\n", "        return Markup(record.name)\n"),
        ("render.py", '{escape(record.name)}</span>")', '{record.name}</span>")'),
        ("render.py", 'written = record.language or context["site"].language', "written = record.language"),
        ("render.py", "target if isinstance(target, str) else path_of(target), anchor)",
         "target if isinstance(target, str) else path_of(target))"),
        ("render.py", "relative(localised(here, prefix), page), prefix == own)",
         "relative(localised(here, prefix), page), prefix != own)"),
        ("render.py", "if base_url\n", "if not base_url\n"),
        ("render.py", 'localised(here, "x/") == here', 'localised(here, "x/") != here'),
        ("render.py", "            return escape(text)\n", "            return Markup(text)\n"),
        ("render.py", "}>{escape(text)}</span> '", "}>{text}</span> '"),
        ("render.py", 'text, other = claim.assertion_in(context["page_language"], context["site"].language)',
         'text, other = claim.assertion_in(context["site"].language, context["site"].language)'),
        ("render.py", "return _name_of(context, context[\"outlets\"][article.outlet])",
         "return escape(context[\"outlets\"][article.outlet].name)"),
        ("render.py", '"title": _in_language(context, article.title, article.language)}',
         '"title": Markup(article.title)}'),
        ("render.py", 'return Markup(", ").join(source(context, a) for a in appearances)',
         'return Markup(", ").join(source(context, a) for a in appearances[:1])'),
    ],
    "claims": [
        ("model.py", "pool = given or dates", "pool = dates"),
        ("model.py", "key=lambda d: (d.precision, d))", "key=lambda d: d)"),
        ("model.py", "any(not a.date_inferred for a in sources)", "all(not a.date_inferred for a in sources)"),
        ("model.py", "        return sources[0].date_inferred", '        return ""'),
        ("model.py", "if a.date == self.date]", "if a.date_given]"),
    ],
    "dates": [
        ("dates.py", "return 3 if self.day else 2 if self.month else 1", "return 3 if self.day else 1"),
        ("dates.py", "return 3 if self.day else 2 if self.month else 1", "return 2 if self.month else 1"),
    ],
}
PLANTED: list[tuple[str, str, str, str, list[str]]] = [
    ("quotes accepted in the wrong case", "quotes.py",
     'return " ".join(fold(text).split())', 'return " ".join(fold(text).casefold().split())',
     ["tests/test_quotes.py", "tests/test_body.py"]),
    ("the 'inferred' label dropped from dates taken from the publication date", "claims.py",
     "if date is None and fallback is not None:", "if False:", ["tests/test_claims.py", "tests/test_exports.py"]),
    ("a highlighted quote left unescaped", "body.py",
     '<mark{attrs}>{html.escape(text[start:stop], quote=False)}</mark>', "<mark{attrs}>{text[start:stop]}</mark>",
     ["tests/test_body.py"]),
    ("'=' no longer guarded in the CSV", "exports.py", '("=", "+", "-", "@", "\\t", "\\r")',
     '("+", "-", "@", "\\t", "\\r")', ["tests/test_exports.py"]),
    ("slugs losing their digits", "schema.py", 'r"[a-z0-9]+"', 'r"[a-z]+"', ["tests/test_slugs.py"]),
]


def run(name: str, scratch_root: Path) -> tuple[int, int, list[str]]:
    modules, patterns, tests = TARGETS[name]
    scratch = scratch_root / name
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    for item in COPIED:
        source = REPO / item
        if source.is_dir():
            shutil.copytree(source, scratch / item,
                            ignore=shutil.ignore_patterns("__pycache__", "screenshots"))
        else:
            shutil.copy2(source, scratch / item)
    lines = lambda key, values: f"{key} =\n" + "".join(f"    {v}\n" for v in values)  # noqa: E731
    (scratch / "setup.cfg").write_text(
        "[mutmut]\nsource_paths = src\n"
        + lines("only_mutate", [f"src/claimsite/{module}" for module in modules])
        + lines("pytest_add_cli_args_test_selection", tests)
        + lines("pytest_add_cli_args", ["-p", "no:cacheprovider", "-q"])
        + lines("also_copy", [item for item in COPIED if item not in ("src", "tests")]),
        encoding="utf-8")
    mutmut = str(Path(sys.executable).parent / "mutmut")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # mutmut puts mutants/src first
    ran = subprocess.run([mutmut, "run", "--max-children", "2", *patterns], cwd=scratch, env=env,
                         stdout=subprocess.DEVNULL, check=False)
    if ran.returncode:  # the tests fail without a mutant (or mutmut could not start)
        raise SystemExit(f"{name}: mutmut run failed ({ran.returncode}); run it in {scratch} to see why")
    listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=scratch, env=env,
                             capture_output=True, text=True, check=True).stdout
    results = dict(re.findall(r"^\s+(\S+): (.+)$", listing, re.MULTILINE))
    chosen = {key: status for key, status in results.items()
              if any(re.fullmatch(pattern.replace(".", r"\.").replace("*", ".*"), key)
                     for pattern in patterns)}
    survivors = sorted(key for key, status in chosen.items() if status not in KILLED)
    return len(chosen), len(chosen) - len(survivors), [f"{key}: {chosen[key]}" for key in survivors]


def by_hand(file: str, text: str, mutated: str, tests: list[str], scratch_root: Path) -> list[str]:
    """Run `tests` on the code with `text` in src/claimsite/`file` made `mutated`: the tests
    that fail ([] if the mutant survives)."""
    scratch = scratch_root / "by-hand"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(REPO / "src", scratch / "src", ignore=shutil.ignore_patterns("__pycache__"))
    path = scratch / "src" / "claimsite" / file
    source = path.read_text(encoding="utf-8")
    if source.count(text) != 1:
        raise SystemExit(f"{file}: {text!r} is there {source.count(text)} times, not once; update BY_HAND")
    path.write_text(source.replace(text, mutated), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(scratch / "src")}
    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", *tests],
                         cwd=REPO, env=env, capture_output=True, text=True, check=False)
    return re.findall(r"^FAILED (\S+)", ran.stdout, re.MULTILINE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help=", ".join(TARGETS))
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--by-hand", action="store_true",
                        help="only the mutants of decorated functions and the planted mistakes")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "claimsite-mutation")
    args = parser.parse_args()
    if args.list:
        for name, (modules, patterns, tests) in TARGETS.items():
            print(f"{name}: {' '.join(patterns)} <- {' '.join(tests)}")
        return 0
    unknown = set(args.targets) - set(TARGETS)
    if unknown:
        parser.error(f"no target {', '.join(sorted(unknown))}; the targets: {', '.join(TARGETS)}")
    failed = False
    if args.by_hand:
        for name in args.targets or BY_HAND:
            for file, text, mutated in BY_HAND.get(name, []):
                failing = by_hand(file, text, mutated, TARGETS[name][2], args.scratch)
                print(f"{name}: {file}: {text.strip()!r} -> {mutated.strip()!r}: "
                      + (f"killed by {len(failing)} tests" if failing else "SURVIVED"))
                failed |= not failing
        for mistake, file, text, mutated, tests in PLANTED if not args.targets else ():
            failing = by_hand(file, text, mutated, tests, args.scratch)
            caught = sorted({test.partition("[")[0] for test in failing})
            print(f"planted: {mistake} ({file}): " + (", ".join(caught) if caught else "NOT CAUGHT"))
            failed |= not failing
        return 1 if failed else 0
    for name in args.targets or TARGETS:
        total, killed, survivors = run(name, args.scratch)
        score = killed / total if total else 0
        print(f"{name}: {total} mutants, {killed} killed, {score:.0%}   ({args.scratch / name})")
        for line in survivors:
            print(f"    {line}")
        failed |= score < 0.9
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
