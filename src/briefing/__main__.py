"""`python -m briefing …` runs the command line, as build.py does."""

import sys

from .cli import main

sys.exit(main())
