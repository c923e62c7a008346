"""What was parsed of small input files (pages' front matter, contributor files), kept in the cache
under each file's content digest, so a build parses only the files that changed since the last one.

A warm build of 2,000 pages spent 0.34 s of CPU parsing every page's YAML front matter, and 0.1 s
the 400 contributor files, though one commit changes a file or two. Reading a file and hashing it
costs a tenth of parsing it: a file is read every build, and parsed again only when its bytes
(SHA-1, with its name) are not the ones kept. Never a file's size or modification time: those can
stay the same when the bytes change (a rewrite within the file system's clock tick, a copy that
keeps dates), and the result must be the one parsing gives.

One file per kind: ``<name>-<key>.kept`` in cachefile.py's format (a header with the CRC-32 of a
``marshal`` body: no pickle, so a restored cache never runs code), a dict of file name ->
(digest, value). ``key`` covers what else shaped the values (the Committed code that parses them,
Python's and marshal's versions). Values are plain tuples of strings, numbers, booleans and None.
The file is written again only when something was parsed or a file went away, and then holds
only the files of this build. A missing, damaged or foreign file is a miss, never an error, and a
cache folder that cannot be written only costs the next build the parsing.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

from . import cachefile, kept

FORMAT = 1
MAGIC = b"committed-parsed"


def key(parts: object, code: tuple[str, ...]) -> str:
    """The key for values made by Committed's files ``code`` (package-relative) from ``parts``."""
    return kept.code_key((FORMAT, sys.version_info[:2], marshal.version, parts), code)


class Parsed:
    """The values kept for one kind of file, and those of this build (``get``, ``put``, ``save``)."""

    def __init__(self, folder: Path | None, name: str, key: str) -> None:
        self.path = folder / f"{name}-{key[:16]}.kept" if folder is not None and key else None
        self.key = key
        found = cachefile.read(self.path, FORMAT, key, MAGIC) if self.path is not None else None
        self._kept: dict[str, tuple[bytes, Any]] = found if isinstance(found, dict) else {}
        self._now: dict[str, tuple[bytes, Any]] = {}
        self.parsed = 0  # files whose value was not kept (put this build)

    def get(self, name: str, data: bytes) -> Any | None:  # noqa: ANN401 - any marshal value
        """The value kept for the file ``name`` with these bytes, or None."""
        digest = hashlib.sha1(data).digest()
        entry = self._kept.get(name)
        if entry is None or not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != digest:
            self._now[name] = (digest, None)  # put() fills the value
            return None
        self._now[name] = entry
        return entry[1]

    def put(self, name: str, value: Any) -> None:  # noqa: ANN401 - any marshal value
        """Keep ``value`` for the file ``name`` whose bytes ``get`` was just given."""
        self._now[name] = (self._now[name][0], value)
        self.parsed += 1

    def save(self) -> None:
        """Write the values of this build, if they differ from those kept."""
        if self.path is None or (not self.parsed and self._now.keys() == self._kept.keys()):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            cachefile.write(self.path, FORMAT, self.key, self._now, MAGIC)
        except (OSError, ValueError):  # ValueError: a value marshal cannot write (a bug, not the user's)
            return
        kept.prune(self.path.parent, f"{self.path.name.rsplit('-', 1)[0]}-*.kept", 2)
