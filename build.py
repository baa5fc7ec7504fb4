#!/usr/bin/env python3
"""Build the site: `python3 build.py` (into _site/), `python3 build.py check`, `--help`.

On a fresh checkout the first run sets up .venv/ with the packages in pyproject.toml.
"""

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
runpy.run_path(str(ROOT / "src" / "claimsite" / "bootstrap.py"))["run_with_requirements"](
    ROOT, (), [str(ROOT / "build.py"), *sys.argv[1:]])
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout even where it is not installed

from claimsite.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
