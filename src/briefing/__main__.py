"""`python -m briefing …` runs the command line, as build.py does."""

import sys

from briefing.cli import main

sys.exit(main())
