"""Results kept in the cache under a fingerprint of their inputs.

A run whose inputs did not change (no new commit, no page, contributor file, option or line of
Committed touched) reads its result back from one file instead of reading the history again.
The fingerprint is cheap: git's HEAD and the size and modification time of every input file,
never their contents. A kept file is JSON whose first line is the fingerprint alone, so a miss
is told without parsing the rest; JSON, not pickle: a cache restored in CI must never be able
to run code. Written atomically (a temporary file, then a rename), so a reader never sees half
a file, and a damaged one is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import marshal
import os
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

log = logging.getLogger("committed")
PACKAGE = Path(__file__).resolve().parent  # Committed's own code and templates are inputs too
SOURCES = {".py", ".j2", ".css", ".svg", ".js", ".yml", ".yaml", ".png", ".jpg", ".jpeg", ".gif", ".webp"}


def code_key(parts: object, code: Iterable[str]) -> str:
    """A digest of ``parts`` (their repr) and of the named files of Committed's own code, for the
    key of a file made by that code ('' if one cannot be read: no file is then kept)."""
    digest = hashlib.sha1(repr(parts).encode())
    try:
        for name in code:
            digest.update((PACKAGE / name).read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def stamp_tree(*folders: Path, suffixes: Iterable[str] | None = SOURCES) -> list[str]:
    """The stamp (path, size, modification time) of every file under ``folders`` with one of
    ``suffixes`` (None: any file), sorted by path."""
    wanted = None if suffixes is None else set(suffixes)
    found: list[str] = []
    todo = [str(folder) for folder in folders]
    while todo:
        try:
            with os.scandir(todo.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        todo.append(entry.path)
                    elif wanted is None or os.path.splitext(entry.name)[1].lower() in wanted:
                        with contextlib.suppress(OSError):
                            st = entry.stat()
                            found.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            continue
    return sorted(found)


def stamp_files(paths: Iterable[str | Path]) -> list[str]:
    """The stamps of those of ``paths`` that exist, in their order."""
    found = []
    for path in paths:
        with contextlib.suppress(OSError):
            st = os.stat(path)
            found.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
    return found


def fingerprint(key: str, *stamps: list[str]) -> str:
    """A digest of ``key`` (what the result depends on besides files: options, git's HEAD) and of
    the stamps of its input files: the same fingerprint, the same result."""
    digest = hashlib.sha1(key.encode())
    for group in stamps:
        digest.update("\n".join(group).encode())
        digest.update(b"\n\1\n")
    return digest.hexdigest()


def write(folder: Path | None, name: str, fingerprint: Any, data: Any) -> None:
    """Keep ``data`` (anything JSON can hold) as ``folder/name`` under ``fingerprint``."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}-{os.getpid()}.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps(fingerprint) + "\n")
            _dump(data, fh)
        os.replace(tmp, folder / name)
    except OSError as exc:  # a cache is an optimisation: say so, go on
        log.info("committed: cannot keep %s in %s (%s).", name, folder, exc.strerror)


def _dump(value: Any, fh: IO[str], depth: int = 2) -> None:
    """``json.dump(value, fh, ensure_ascii=False)``'s text, written a dict item at a time down to
    ``depth`` levels, each item by the C encoder (``json.dump`` itself runs the pure-Python one).

    One string of the whole text, as ``json.dumps`` makes, is what a build's outputs weighed most
    at the end: the 10,000-page company's are 134 MB of JSON, a string of 260 MB (its pages are
    not Latin-1), made twice over with the fingerprint's line, then encoded at once."""
    if depth and isinstance(value, dict) and value and all(type(k) is str for k in value):
        sep = "{"
        for key, item in value.items():
            fh.write(f"{sep}{json.dumps(key, ensure_ascii=False)}: ")
            _dump(item, fh, depth - 1)
            sep = ", "
        fh.write("}")
    else:
        fh.write(json.dumps(value, ensure_ascii=False))


def read(folder: Path | None, name: str, fingerprint: Any) -> Any | None:
    """What ``write`` kept as ``folder/name`` under ``fingerprint``; None when there is nothing, it
    was kept for other inputs, or it is damaged."""
    if folder is None:
        return None
    try:
        with (folder / name).open(encoding="utf-8") as fh:
            if json.loads(fh.readline()) != fingerprint:
                return None
            return json.loads(fh.read())
    except (OSError, ValueError):
        return None


def write_bytes(folder: Path | None, name: str, fingerprint: Any, data: bytes) -> None:
    """Keep ``data`` as ``folder/name`` under ``fingerprint`` (a JSON first line, then the bytes,
    with their CRC-32 in that line so a damaged file is told from a good one)."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}-{os.getpid()}.tmp"
        tmp.write_bytes(json.dumps([fingerprint, zlib.crc32(data)]).encode() + b"\n" + data)
        os.replace(tmp, folder / name)
    except OSError as exc:
        log.info("committed: cannot keep %s in %s (%s).", name, folder, exc.strerror)


def read_bytes(folder: Path | None, name: str, fingerprint: Any) -> bytes | None:
    """What ``write_bytes`` kept as ``folder/name`` under ``fingerprint``; None when there is
    nothing, it was kept for other inputs, or it is damaged."""
    if folder is None:
        return None
    try:
        with (folder / name).open("rb") as fh:
            line = json.loads(fh.readline())
            if not isinstance(line, list) or len(line) != 2 or line[0] != fingerprint:
                return None
            data = fh.read()
    except (OSError, ValueError):
        return None
    return data if zlib.crc32(data) == line[1] else None


def read_marshal(folder: Path | None, name: str, fingerprint: Any) -> object | None:
    """The value of a marshal that ``write_bytes`` kept (plain values: marshal builds them, never
    runs code), or None as ``read_bytes``; the caller checks its shape."""
    data = read_bytes(folder, name, fingerprint)
    if data is None:
        return None
    try:
        value: object = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return value


def header(folder: Path | None, name: str) -> Any | None:
    """The first line of ``folder/name`` (what it was kept under), without reading the rest."""
    if folder is None:
        return None
    try:
        with (folder / name).open("rb") as fh:  # bytes: what follows the line may not be text (write_bytes)
            return json.loads(fh.readline())
    except (OSError, ValueError):
        return None


def prune(folder: Path | None, pattern: str, keep: int) -> None:
    """Remove all but the ``keep`` most recently written files matching ``pattern``."""
    if folder is None:
        return
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in found[keep:]:
            old.unlink()
    except OSError:
        pass


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Committed's own code and templates, by content (read once a process)."""
    return digest_tree(PACKAGE)


def digest_tree(*folders: Path, suffixes: Iterable[str] = SOURCES) -> str:
    """A digest of the contents of every file under ``folders`` with one of ``suffixes``, by path
    relative to its folder: unlike ``stamp_tree``, the same in any clone or checkout."""
    digest = hashlib.sha1()
    for folder in folders:
        digest.update(b"\2")
        for stamp in stamp_tree(folder, suffixes=suffixes):
            path = stamp.split("\0", 1)[0]
            with contextlib.suppress(OSError):
                data = Path(path).read_bytes()
                digest.update(f"{Path(path).relative_to(folder).as_posix()}\0{len(data)}\0".encode())
                digest.update(data)
    return digest.hexdigest()
