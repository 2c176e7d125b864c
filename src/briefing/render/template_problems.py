"""A briefing's own templates that fail, as problems naming the template, its line and the fix.

The built-in theme is tested; a template of the briefing's own (`templates/`) is the user's
text, and its mistakes (a syntax error, a variable no page has, an include of a missing file)
are bad input like any other, not a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound, TemplateSyntaxError, UndefinedError

from briefing.content.files import shown_path
from briefing.model import Location
from briefing.problems import ContentError, Problem
from briefing.render.theme import DEFAULT_THEME

_OR_DELETE = "or delete it to use the built-in theme's"


class ThemeLoader(FileSystemLoader):
    """Jinja's loader from the theme's folders, naming a template that is not UTF-8 text."""

    def get_source(self, environment: Any, template: str) -> Any:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            path = next(Path(folder) / template for folder in self.searchpath if (Path(folder) / template).is_file())
            raise ContentError(
                [
                    Problem(
                        Location(shown_path(str(path))),
                        "this template is not UTF-8 text",
                        f"save it as UTF-8 (any editor's 'Save as…' offers it), {_OR_DELETE}",
                    )
                ]
            ) from None


@contextlib.contextmanager
def own_templates_reported(own: Path | None) -> Iterator[None]:
    """Turn an error raised in one of the briefing's own templates into a problem; any other goes on as it is."""
    try:
        yield
    except ContentError:
        raise
    except (Exception, RecursionError) as error:
        problem = _problem(error, own)
        if problem is None:
            raise
        raise ContentError([problem]) from error


def _problem(error: BaseException, own: Path | None) -> Problem | None:
    if own is None or own.resolve() == DEFAULT_THEME:
        return None
    if isinstance(error, TemplateSyntaxError) and error.filename and _inside(error.filename, own):
        return Problem(
            Location(shown_path(error.filename), error.lineno),
            f"the template does not compile: {error.message}",
            f"correct it at that line (the built-in theme's template of the same name shows the syntax), {_OR_DELETE}",
        )
    where = _innermost_own_line(error, own)
    if where is None:
        return None
    return Problem(Location(shown_path(where[0]), where[1]), *_what_failed(error, own))


def _what_failed(error: BaseException, own: Path) -> tuple[str, str]:
    """The message and the fix for an error raised while an own template was rendered."""
    if isinstance(error, TemplateNotFound):
        return (
            f"it includes or extends '{error.name}', which is neither in {shown_path(str(own))}/ nor in the built-in theme",
            f"create that template in {shown_path(str(own))}/, or correct its name",
        )
    if isinstance(error, UndefinedError):
        return (
            f"{error.message}: the page is given no such value",
            "use a value the page is given (the built-in theme's template of the same name uses them), "
            "or set it first with {% set %}",
        )
    if isinstance(error, RecursionError):
        return (
            "the template includes or extends itself, without end",
            "take out the include or extends that leads back to it (the built-in theme's is reached "
            "only where this folder has no template of that name)",
        )
    return f"the template stopped with {type(error).__name__}: {error}", f"correct it at that line, {_OR_DELETE}"


def _innermost_own_line(error: BaseException, own: Path) -> tuple[str, int] | None:
    """The own template and line being rendered when `error` was raised (Jinja's traceback names both)."""
    found = None
    frame = error.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if _inside(filename, own):
            found = (filename, frame.tb_lineno)
        frame = frame.tb_next
    return found


def _inside(filename: str, own: Path) -> bool:
    return Path(filename).resolve().is_relative_to(own.resolve())
