"""How the user runs this tool's commands: the words a message tells them to type."""

from __future__ import annotations

import os
import sys

# The program as each way of starting the tool names it; the installed `briefing` command otherwise.
_PROGRAMS = {"build.py": "python build.py", "__main__.py": "python -m briefing"}


def command(words: str) -> str:
    """The command line for `words` ('review accept ID…') as the user started this tool: `python build.py review`
    from the repository's script, `python -m briefing review`, else `briefing review` (a briefing started with
    `briefing new` has no build.py)."""
    started = os.path.basename(sys.argv[0]) if sys.argv else ""
    return f"{_PROGRAMS.get(started, 'briefing')} {words}"
