#!/usr/bin/env python3
"""Build the briefing site: `python build.py` (see README.md for the commands)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from briefing.cli import run  # noqa: E402

if __name__ == "__main__":
    run()
