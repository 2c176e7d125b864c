"""`python -m briefing …` runs the command line, as build.py does."""

from briefing.cli import run

run()
