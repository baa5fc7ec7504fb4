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
    "escaping": (["render.py"], [f"claimsite.render.x_{name}__*" for name in (
        "json_ld", "inferred_mark", "typeset", "_in_language", "_name_of", "_lang")],
        ["tests/test_escaping.py"]),
}
KILLED = {"killed", "timeout"}  # a mutant that makes a test hang is caught too


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help=", ".join(TARGETS))
    parser.add_argument("--list", action="store_true")
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
