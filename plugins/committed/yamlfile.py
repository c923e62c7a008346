"""Reading the YAML files people write, with errors that name the file and line."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import CommittedError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


@dataclass(frozen=True)
class YamlMapping:
    """A YAML mapping with the line (1-based) of each top-level key."""

    path: Path
    data: dict[str, Any]
    lines: dict[str, int]

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def load_mapping(path: Path, *, display: str | None = None) -> YamlMapping:
    """Parse a YAML file whose top level must be a mapping (an empty file is an empty mapping)."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CommittedError("the file is not valid UTF-8.", path=shown, line=line,
                             hint="save the file with UTF-8 encoding.") from exc
    except OSError as exc:
        raise CommittedError(f"cannot read the file ({exc.strerror}).", path=shown) from exc
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CommittedError(f"invalid YAML: {problem}.", path=shown, line=mark.line + 1 if mark else None,
                             hint="check the indentation and quote values that contain ':' or '#'.") from exc
    if data is None:
        return YamlMapping(path, {}, {})
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise CommittedError("the file must be a mapping of `key: value` lines.", path=shown, line=1)
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return YamlMapping(path, {str(k): v for k, v in data.items()}, lines)


def unknown_key_error(key: str, valid: list[str], path: str, line: int | None) -> CommittedError:
    close = difflib.get_close_matches(key, valid, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"valid fields: {', '.join(valid)}."
    return CommittedError(f"unknown field `{key}`.", path=path, line=line, hint=hint)
