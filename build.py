#!/usr/bin/env python3
"""Build the site: `python build.py` (into _site/), `python build.py check`, `--help`."""

import sys
from pathlib import Path

# Run from a plain checkout too: the package lives in src/.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from claimsite.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
