"""Rendered fragments kept between builds, keyed by exactly what they read.

After one new commit almost every credits block, profile and topic listing is the same text as
in the previous build. ``Memo.text(kind, key, make)`` returns the text kept under ``key`` when
the previous build made one, else calls ``make`` and keeps its result. A key holds what the
fragment reads (a page's front matter and history fields and the names of the people it names,
or a template's whole context), or a string its fragment's code made of it (the ``repr`` of plain
values, render/keys.py), digested as it is; every key is salted with Committed's own code and templates (by
content, so a fresh clone in CI still matches), the site's template overrides, the settings and
the versions of the libraries that render. The same key therefore means the same bytes: a build
with a warm memo is byte for byte the build without one.

The memo is a folder of the cache, ``rendered/``: segments of the fragments' text and an index of
where each is (fragstore.py), so a lookup reads that fragment's bytes alone and a build writes
only the fragments it made. Only strings are kept, never pickle, so a cache restored in CI can
never run code; a damaged or foreign file is a miss. A fragment is found by the digest of what it
reads, so it is the right text wherever it is kept. It holds only the fragments of the last build,
so stale entries never pile up; a build that took whole pages from the last build's outputs
(outpack.py), and so looked up none of their fragments, keeps them (``keep``) unread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from operator import attrgetter
from pathlib import Path
from typing import Any

from .. import kept
from ..config import Settings
from .fragstore import Pending, Store

NAME = "rendered"  # the folder of the memo, in the cache folder
FORMAT = 4  # 4: segments and an index (fragstore.py), not shards
_OLD = "rendered.marshal"  # the one file of every fragment Committed kept before the shards: removed
_LIBRARIES = ("jinja2", "markupsafe", "python-slugify")


class Memo:
    """The fragments one build renders or reuses, and the previous build's."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self._store = Store(folder / NAME if folder is not None else None, [FORMAT, salt])
        self._made = Pending(self._store.folder)  # this build's new fragments, written as they are made
        self._used: set[str] = set()  # every fragment this build looked up
        self._kept: set[str] = set()  # fragments of pages taken whole from the last build: kept, not read
        self._trace: list[str] | None = None  # the digests looked up, while ``tracing``
        self.rendered: Counter[str] = Counter()  # kind -> fragments rendered in this build
        self.reused: Counter[str] = Counter()  # kind -> fragments taken from the previous build

    @classmethod
    def for_settings(cls, settings: Settings) -> Memo:
        """The memo of a site built with ``settings``, read from its cache folder (none: empty)."""
        return cls(settings.cache_path, salt(settings))

    def __len__(self) -> int:
        """How many fragments the previous build kept."""
        return len(self._store)

    @property
    def kept_in(self) -> Path | None:
        """The folder of the memo's files (None: no cache), for what is kept beside them."""
        return self._store.folder

    def text(self, kind: str, key: object, make: Callable[[], str]) -> str:
        """The fragment of kind ``kind`` read from ``key``: kept, or made by ``make`` now."""
        digest = _digest(kind, key)
        if self._trace is not None:
            self._trace.append(digest)
        again = digest in self._used
        text = self._made.get(digest) if digest in self._made else self._store.get(digest)
        if text is None:
            text = make()
            self.rendered[kind] += 1
            self._made.add(digest, text)
        elif not again:
            self.reused[kind] += 1
        self._used.add(digest)
        return text

    @contextmanager
    def tracing(self) -> Iterator[list[str]]:
        """The digests of the fragments looked up inside the block (``keep`` takes them)."""
        outer, self._trace = self._trace, []
        try:
            yield self._trace
        finally:
            inner, self._trace = self._trace, outer
            if outer is not None:
                outer.extend(inner)

    def keep(self, digests: Iterable[str]) -> None:
        """Keep the last build's fragments ``digests`` for the next build, unread (what pages
        taken whole from the last build were made of)."""
        self._kept.update(digests)

    def save(self) -> None:
        """Keep this build's fragments (only those, and those ``keep`` names) for the next build."""
        if self.folder is None:
            return
        self._store.save({*self._used, *self._kept}, self._made)
        with contextlib.suppress(OSError):
            (self.folder / _OLD).unlink(missing_ok=True)


def salt(settings: Settings) -> str:
    """What every fragment depends on besides its key: Committed's code and templates, the site's
    template overrides, the settings and the rendering libraries."""
    overrides = (Path(settings.custom_dir) / "committed",) if settings.custom_dir else ()
    libraries = [(name, _version(name)) for name in _LIBRARIES]
    # Where the checkout, its cache and its overrides folder are shapes no fragment (the overrides'
    # files are digested above): a cache restored into a clone at another path, as CI does, is used.
    # The docs folder counts only where it is in the checkout (MkDocs' settings give it absolute).
    shaping = dataclasses.replace(settings, root=Path(), cache_dir=None, docs_dir=_in_checkout(settings),
                                  custom_dir="" if settings.custom_dir else None)
    return hashlib.sha1(repr((kept.code_digest(), kept.digest_tree(*overrides), shaping, libraries,
                               sys.version_info[:2])).encode()).hexdigest()


def _in_checkout(settings: Settings) -> str:
    """The docs folder relative to the checkout (absolute only when it is outside it)."""
    docs = settings.path(settings.docs_dir)
    try:
        return docs.relative_to(settings.root).as_posix()
    except ValueError:
        return str(docs)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def _digest(kind: str, key: object) -> str:
    if type(key) is str:  # a key made by its fragment's own code (a repr, a digest): no JSON of it
        return hashlib.blake2b(f"{kind}\0{key}".encode(), digest_size=20).hexdigest()
    text = json.dumps([kind, key], default=_plain, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


@lru_cache(maxsize=64)
def fields_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """Every field of the dataclass ``cls``, read at once (a dataclass with __slots__ has no vars())."""
    names = [f.name for f in dataclasses.fields(cls)]
    getter = attrgetter(*names)
    return getter if len(names) > 1 else lambda value: (getter(value),)


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it, every field included: a key that left out a field a
    template reads could give two different fragments the same key."""
    if isinstance(value, datetime | date):
        return ["date", value.isoformat()]
    if isinstance(value, enum.Enum):
        return [type(value).__qualname__, value.value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "__dict__"):  # every field, and anything set beside them
            return [type(value).__qualname__, vars(value)]
        return [type(value).__qualname__, fields_of(type(value))(value)]
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"a memo key cannot hold {type(value).__qualname__}")
