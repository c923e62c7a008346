"""YAML loading that remembers the line of every mapping key (for messages that name the line).

Strict where PyYAML is lenient: a key written twice in one mapping is an error at the line of the
second one (PyYAML silently keeps the last value, so a second ``rules:`` would replace every rule
above it). Keys brought in by a ``<<`` merge may be overridden, as YAML says.
"""

from __future__ import annotations

from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class MarkedDict(dict):  # type: ignore[type-arg]
    """A dict whose ``lines[key]`` is the 1-based line of the key, ``line`` that of the mapping."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}
        self.line = 0


class MarkedList(list):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []
        self.line = 0


class _Loader(_Base):  # type: ignore[misc]
    pass


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """The same key twice in one mapping; ``problem_mark`` is the second, ``first_line`` (1-based) the first."""

    def __init__(self, key: Any, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key {key!r}", second)
        self.key = key
        self.first_line = first.line + 1


def _check_duplicates(loader: Any, node: yaml.MappingNode) -> None:
    seen: dict[Any, yaml.Mark] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.setdefault(key, key_node.start_mark)
        except TypeError:
            continue  # unhashable: reported below
        if first is not key_node.start_mark:
            raise DuplicateKeyError(key, first, key_node.start_mark)


def _mapping(loader: Any, node: yaml.MappingNode) -> MarkedDict:
    _check_duplicates(loader, node)
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a plain value",
                                                    key_node.start_mark) from None
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: Any, node: yaml.SequenceNode) -> MarkedList:
    result = MarkedList()
    result.line = node.start_mark.line + 1
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.lines.append(item.start_mark.line + 1)
    return result


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date-looking value that is no date (2025-13-01) stays a string, for a clear message later."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(text: str) -> Any:
    """Parse one YAML document; raises ``yaml.YAMLError`` (with ``problem_mark``) when it is invalid."""
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass


def error_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def error_text(exc: yaml.YAMLError, first_line: int = 1) -> str:
    """The problem in a sentence; ``first_line`` is the file line of the text's first line."""
    if isinstance(exc, DuplicateKeyError):
        return (f"duplicate key `{exc.key}` (first at line {exc.first_line + first_line - 1}); "
                "a second one would silently replace the first: keep one and merge their contents")
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        return f"{context}, {problem}" if context else str(problem)
    return str(exc).splitlines()[0]
