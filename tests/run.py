#!/usr/bin/env python3
"""Run the whole test suite: `python3 tests/run.py` (arguments go to pytest).

On a fresh checkout it first sets up .venv/ with the packages in pyproject.toml and its
`test` extra; the browser tests install Debian's Chromium themselves when it is missing.
"""

import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
runpy.run_path(str(ROOT / "src" / "claimsite" / "bootstrap.py"))["run_with_requirements"](
    ROOT, ("test",), [str(Path(__file__).resolve()), *sys.argv[1:]])

os.chdir(ROOT)
sys.exit(subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]]))
