"""YAML reading that remembers line numbers, so every problem can name its line.

Only plain data is read (safe loading: no tags that build objects). Anchors and
aliases are refused, and so is nesting deeper than any content file needs: an
"alias bomb" or a document nested thousands deep would otherwise cost minutes of
CPU and gigabytes of memory, or crash the parser.
"""

from __future__ import annotations

from typing import Any

import yaml

from briefing.model import Location
from briefing.problems import ContentError, Problem


class Mapping(dict):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


# libyaml's parser when PyYAML was built with it: ten times faster than the pure-Python one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """SafeLoader (no arbitrary objects) whose mappings carry line numbers."""

    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping(node.start_mark.line + 1 + loader.line_offset)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise _DuplicateKey(
                problem=f"the key '{key}' appears twice in one mapping",
                problem_mark=key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _NotADay(yaml.MarkedYAMLError):
    pass


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A date as YAML reads it ('2024-06-13'); one shaped like a date but not on the calendar ('2024-02-30',
    '2024-13-01') is a problem on its line, where PyYAML raised a bare ValueError."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        raise _NotADay(problem=f"'{node.value}' is not a real date", problem_mark=node.start_mark)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


MAX_DEPTH = 20


class _Refused(yaml.MarkedYAMLError):
    pass


def _refuse_aliases_and_depth(text: str) -> None:
    """Walk the YAML events (cheap, no objects built) before anything is constructed.

    libyaml scans flow collections ahead of its events and may stop at its own nesting
    limit before our walk sees depth 21; the pure-Python parser then walks again, lazily,
    so the message is ours whichever layer noticed first.
    """
    try:
        _walk_events(text, _SafeLoader)
    except _Refused:
        raise
    except yaml.YAMLError as libyaml_error:
        if _SafeLoader is yaml.SafeLoader:
            raise
        try:
            _walk_events(text, yaml.SafeLoader)
        except _Refused:
            raise
        except yaml.YAMLError:
            pass  # not a limit of ours: report libyaml's own finding, below
        raise libyaml_error


def _walk_events(text: str, loader: type) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                problem="anchors and aliases (&name, *name) are not allowed in content files",
                problem_mark=event.start_mark,
                note="write each value out in full where it is used",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(
                    problem=f"the YAML is nested more than {MAX_DEPTH} levels deep",
                    problem_mark=event.start_mark,
                    note="content files need only a few levels (see the README's content model); check the indentation",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# What the parser was inside when it met the end of the text, or something that cannot go there: what opened
# it was never closed.
_UNCLOSED = {
    "while scanning a quoted scalar": (
        "this is not valid YAML: the quote that opens on this line is never closed",
        "end the text with the same quote mark; inside \"…\" write \\\" for a quote, inside '…' write ''",
    ),
    "while parsing a flow sequence": (
        "this is not valid YAML: the list that opens with '[' on this line is never closed",
        "end it with ']' (and separate its items with commas)",
    ),
    "while parsing a flow mapping": (
        "this is not valid YAML: the mapping that opens with '{' on this line is never closed",
        "end it with '}' (and separate its fields with commas)",
    ),
}


def _tab_indented_line(text: str, index: int) -> int | None:
    """The line (0-based) among the one a parser stopped at and the one before it whose indentation holds
    a tab (editors insert them; YAML refuses them, with messages that do not say so), or None."""
    lines = text.split("\n")
    for candidate in (index, index - 1):
        if 0 <= candidate < len(lines):
            line = lines[candidate]
            if "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
                return candidate
    return None


def parse(text: str, file: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error becomes a ContentError naming the line.

    `first_line` is the line of `text` within `file` (front matter starts on 2).
    """
    loader = _LineLoader(text)
    loader.line_offset = first_line - 1
    try:
        _refuse_aliases_and_depth(text)
        return loader.get_single_data()
    except _Refused as error:
        line = error.problem_mark.line + first_line
        raise ContentError([Problem(Location(file, line), error.problem, error.note)])
    except _NotADay as error:
        line = error.problem_mark.line + first_line
        fix = "write a real day as YYYY-MM-DD: the month 01 to 12, a day that month has"
        raise ContentError([Problem(Location(file, line), error.problem, fix)])
    except _DuplicateKey as error:
        line = error.problem_mark.line + first_line
        raise ContentError([Problem(Location(file, line), error.problem, "remove or rename one of the two keys")])
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        tab_line = _tab_indented_line(text, mark.line) if mark else None
        line = (tab_line if tab_line is not None else mark.line) + first_line if mark else None
        message = f"this is not valid YAML: {error.problem or error.context}"
        fix = "check the indentation and quoting on this line and the one before it; quote text that contains ': ' or starts with a special character"
        if tab_line is not None:
            message = "this line is indented with a tab; YAML allows only spaces there"
            fix = "indent it with spaces (as the lines around it are); set your editor to insert spaces for Tab in YAML"
        elif unclosed := _UNCLOSED.get(error.context or ""):
            # The parser stops where it gave up looking for the end (often the file's last line): name the opening.
            line = error.context_mark.line + first_line if error.context_mark else line
            message, fix = unclosed
        raise ContentError([Problem(Location(file, line), message, fix)])
    except yaml.YAMLError as error:
        raise ContentError([Problem(Location(file), f"this is not valid YAML: {error}", "fix the YAML syntax")])
    finally:
        loader.dispose()
