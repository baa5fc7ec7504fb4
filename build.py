#!/usr/bin/env python3
"""Build the site: `python3 build.py` (into _site/), `python3 build.py check`, `--help`.

On a fresh checkout the first run sets up .venv/ with the packages in pyproject.toml.
"""

import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
runpy.run_path(str(ROOT / "src" / "claimsite" / "bootstrap.py"))["run_with_requirements"](
    ROOT, (), [str(ROOT / "build.py"), *sys.argv[1:]])
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout even where it is not installed

from claimsite.cli import main  # noqa: E402

if __name__ == "__main__":
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        pass
    # Everything is written and closed: skip the interpreter's teardown of the build's
    # records, hundreds of thousands of objects (0.07 s after an edit at 4,000 articles).
    os._exit(code or 0)
