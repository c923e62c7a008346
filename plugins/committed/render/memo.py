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

The memo is a folder of the cache, ``rendered/``, of up to 4,096 shards, ``<xxx>.marshal``: the
fragments whose digest starts with the three hex digits ``xxx``, each a JSON line (format, salt,
checksum), then a marshal of {digest: text}, which loads ten times faster than JSON; never
pickle, and only a dict of strings is accepted, so a cache restored in CI can never run code. A
shard is read the first time a build looks a fragment up in it, and written again only when this
build's fragments in it are not the previous build's (after one new commit, a few dozen of the
4,096: not the 14 MB of the 2,000-page demo; a profile made again reads five shards of 4 kB, not
five of 60), atomically through ``kept``; a damaged or foreign
shard is a miss. A fragment is found by the digest of what it reads, so shards written by two
builds (one stopped while saving) still give the right bytes. It holds only the fragments of the
last build (a shard left with none is removed), so stale entries never pile up. Which those
are is kept beside them (``LIVE``: the digests each shard holds), so a build that took whole
pages from the last build's outputs (outpack.py), and so looked up none of their fragments,
keeps them (``keep``) and reads and writes only the shards whose fragments changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import json
import marshal
import os
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

NAME = "rendered"  # the folder of shards, in the cache folder
SUFFIX = ".marshal"
SHARD = 3  # hex digits of a fragment's digest that name its shard
LIVE = "live.marshal"  # in the folder: shard -> the digests it holds, as the last build wrote it
FORMAT = 3  # 3: shards named by three hex digits, not two
_OLD = "rendered.marshal"  # the one file of every fragment Committed kept before the shards: removed
_LIBRARIES = ("jinja2", "markupsafe", "python-slugify")


class Memo:
    """The fragments one build renders or reuses, and the previous build's."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self._old: dict[str, dict[str, str]] = {}  # shard -> the previous build's fragments in it, once read
        self._new: dict[str, str] = {}
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
        return sum(len(self._shard(shard)) for shard in self._kept_shards())

    def _shard(self, shard: str) -> dict[str, str]:
        """The previous build's fragments in ``shard`` (read once)."""
        old = self._old.get(shard)
        if old is None:
            old = self._old[shard] = {} if self.folder is None else _fragments(
                kept.read_marshal(self.folder / NAME, shard + SUFFIX, [FORMAT, self.salt]))
        return old

    def _kept_shards(self) -> set[str]:
        """The shards the previous build wrote."""
        try:
            names = os.listdir(self.folder / NAME) if self.folder is not None else []
        except OSError:
            return set()
        return {name[:SHARD] for name in names if len(name) == SHARD + len(SUFFIX) and name.endswith(SUFFIX)
                and _hex(name[:SHARD])}

    def text(self, kind: str, key: object, make: Callable[[], str]) -> str:
        """The fragment of kind ``kind`` read from ``key``: kept, or made by ``make`` now."""
        digest = _digest(kind, key)
        if self._trace is not None:
            self._trace.append(digest)
        text = self._new.get(digest)
        if text is None:
            text = self._shard(digest[:SHARD]).get(digest)
            if text is not None:
                self.reused[kind] += 1
            else:
                text = make()
                self.rendered[kind] += 1
            self._new[digest] = text
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
        """Keep this build's fragments (only those, and those ``keep`` names) for the next build:
        the shards they changed, read only where the digests they hold change (``LIVE``)."""
        if self.folder is None:
            return
        wanted: dict[str, set[str]] = {}
        for digest in (*self._new, *self._kept):
            wanted.setdefault(digest[:SHARD], set()).add(digest)
        folder = self.folder / NAME
        held = _live(kept.read_marshal(folder, LIVE, [FORMAT, self.salt]))
        live: dict[str, tuple[str, ...]] = {}
        for shard in sorted(self._kept_shards() | wanted.keys()):
            digests = wanted.get(shard)
            if digests is None:  # none of this build's fragments: the shard goes
                with contextlib.suppress(OSError):
                    (folder / (shard + SUFFIX)).unlink()
                continue
            if shard not in self._old and held is not None and set(held.get(shard, ())) == digests:
                live[shard] = held[shard]  # the same fragments, so the same texts: written already
                continue
            old = self._shard(shard)
            new = {d: text for d in sorted(digests) if (text := self._new.get(d) or old.get(d)) is not None}
            if new != old:
                kept.write_bytes(folder, shard + SUFFIX, [FORMAT, self.salt], marshal.dumps(new, 2))
            live[shard] = tuple(new)
        if live != held:
            kept.write_bytes(folder, LIVE, [FORMAT, self.salt], marshal.dumps(live, 2))
        with contextlib.suppress(OSError):
            (self.folder / _OLD).unlink(missing_ok=True)
            for name in os.listdir(folder):  # shards of another width (an older Committed's)
                if name.endswith(SUFFIX) and len(name) != SHARD + len(SUFFIX) and _hex(name[:-len(SUFFIX)]):
                    (folder / name).unlink()


def _hex(name: str) -> bool:
    return bool(name) and all(c in "0123456789abcdef" for c in name)


def _fragments(entries: object) -> dict[str, str]:
    """The fragments of a memo file; none when it holds anything but strings by digest."""
    if not isinstance(entries, dict) or not all(type(k) is str and type(v) is str for k, v in entries.items()):
        return {}
    return entries


def _live(found: object) -> dict[str, tuple[str, ...]] | None:
    """The digests each shard holds, as ``save`` kept them; None when unknown."""
    if not isinstance(found, dict) or not all(type(v) is tuple for v in found.values()):
        return None
    return found


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
