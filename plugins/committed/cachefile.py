"""The cache's files: a short header and a ``marshal`` body, written atomically.

The header is one line: magic, format version, the cache's digest (what shaped the contents),
the body's length and its CRC-32. A file that is missing, unreadable, truncated, of another
format or digest, or whose CRC does not match reads as None (a miss, never a crash). Writing
goes to a temporary file in the same folder, then ``os.replace``: a reader sees the old file or
the new one, never half of one.
"""

from __future__ import annotations

import gc
import marshal
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

MAGIC = b"committed-history"


def read(path: Path, version: int, digest: str, magic: bytes = MAGIC) -> object | None:
    """The value stored at ``path``, or None when it is not a sound file of this kind (``magic``),
    format and digest."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = data.find(b"\n")
    fields = data[:end].split(b" ") if end >= 0 else []
    if len(fields) != 5 or fields[0] != magic or fields[1] != str(version).encode() \
            or fields[2] != digest.encode():
        return None
    with memoryview(data) as whole, whole[end + 1:] as body:  # not a copy of the body (20 MB: 13 ms)
        try:
            if int(fields[3]) != len(body) or int(fields[4]) != zlib.crc32(body):
                return None
            value: object = marshal.loads(body)
        except (ValueError, EOFError, TypeError):
            return None
    return value


def write(path: Path, version: int, digest: str, value: Any, magic: bytes = MAGIC) -> None:  # noqa: ANN401 - any marshal value
    """Store ``value`` at ``path`` atomically (OSError when the folder cannot be written)."""
    body = marshal.dumps(value)
    header = b" ".join((magic, str(version).encode(), digest.encode(), str(len(body)).encode(),
                        str(zlib.crc32(body)).encode()))
    tmp = path.parent / f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        with open(tmp, "xb") as fh:
            fh.write(header + b"\n")
            fh.write(body)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


@contextmanager
def gc_paused(*, settle: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many records that hold no cycles.

    On the way out, everything allocated meanwhile is moved to the oldest generation (a freeze
    and unfreeze: a list splice, no scan), where long-lived objects end up anyway; otherwise the
    first allocation after re-enabling scans all of them at once (20 ms at full scale). Nothing
    is collected later than it would have been at the next full collection, and nothing is
    moved if the application froze objects itself (``gc.get_freeze_count()``).

    ``settle=False``: only pause, for code that runs after ``knowledge.load`` froze the knowledge
    base, where nothing would be moved anyway: ``gc.get_freeze_count()`` walks every frozen
    object (10 ms per call after loading the 2,000-page demo).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if settle and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
