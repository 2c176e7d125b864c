"""Problems found in the content: values first, turned into a message at the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model import Location


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}\n    fix: {self.fix}"


class ContentError(Exception):
    """The content cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems
