"""What the memo keys of a build's fragments read of its pages and people, made once a build.

Two thousand credits blocks, a dozen topic listings and hundreds of profiles each name pages and
people; a key that serialized every ``PageInfo`` it names, field by field, would cost more than
the fragments it saves. ``Marks`` gives each page and person a string, made once: the ``repr`` of
a plain value (strings, numbers, dates, tuples: the same ``repr`` for the same value in any
process, never a newline, so marks joined by newlines stay apart). A key is marks joined, or
their digest.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Iterable
from functools import lru_cache

from .. import kept
from ..knowledge import KnowledgeBase, PageInfo
from .memo import FORMAT, Memo, fields_of

ABSENT = "-"  # the mark of a page the knowledge base does not have (no repr is "-")
MASK_BITS = 512  # the bits of a ``link_mask``
KEPT = "marks.marshal"  # in the memo's folder: every mark of the last build whose names changed, digested


class Marks:
    """The marks of ``kb``'s pages and people, each made when first asked for."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._pages: dict[str, str] = {}
        self._shown: dict[str, str] | None = None  # every page's, made at once
        self._people: dict[str, str] = {}
        self._fields = fields_of(PageInfo)
        self._names: str | None = None
        self._changed: dict[str, int | None] = {}  # names -> the bits of what changed since (``changed_since``)

    def page(self, path: str) -> str:
        """Every field of the page ``path`` (what its credits block and listing row read)."""
        found = self._pages.get(path)
        if found is None:
            info = self.kb.pages.get(path)
            found = self._pages[path] = ABSENT if info is None else repr(self._fields(info))
        return found

    def shown(self, paths: Iterable[str]) -> list[str]:
        """What a link to each of ``paths`` and a list of topics read of it: its title, topic and tags."""
        if self._shown is None:
            self._shown = {path: repr((info.title, info.topic, info.tags)) for path, info in self.kb.pages.items()}
        get = self._shown.get
        return [get(path, ABSENT) for path in paths]

    def person(self, slug: str) -> str:
        """What ``Links.person`` and ``Links.owner`` read of ``slug``: the slug, the person's name
        and whether they have a profile."""
        found = self._people.get(slug)
        if found is None:
            person = self.kb.person(slug)
            found = self._people[slug] = repr((slug,) if person is None else (slug, person.name, person.profile))
        return found

    def names(self) -> str:
        """One digest of what every link reads (``shown`` of every page, ``person`` of everyone):
        the same digest, the same marks for any pages and people, so whatever was made of them
        alone can be kept under it instead of their marks."""
        if self._names is None:
            self.shown(())
            assert self._shown is not None
            self._names = joined([*(f"{path}\0{mark}" for path, mark in self._shown.items()),
                                  *self.people(self.kb.people)])
        return self._names

    def digested(self) -> dict[str, bytes]:
        """Every page's and person's mark, digested, by the key ``link_mask`` names it by."""
        self.shown(())
        assert self._shown is not None
        out = {f"p\0{path}": _short(mark) for path, mark in self._shown.items()}
        out.update((f"@\0{slug}", _short(self.person(slug))) for slug in self.kb.people)
        return out

    def changed_since(self, names: str, memo: Memo) -> int | None:
        """The bits (``link_mask``) of every page and person whose mark is not what it was when
        the marks digested as ``names`` (``names()``) were kept (``keep``); None when they were not.
        A fragment whose mask has none of them links to nothing whose mark changed."""
        if names not in self._changed:
            old = kept.read_marshal(memo.kept_in, KEPT, [FORMAT, memo.salt, names])
            if not (isinstance(old, dict) and all(type(k) is str and type(v) is bytes for k, v in old.items())):
                self._changed[names] = None
            else:
                now = self.digested()
                self._changed[names] = link_bits(k for k in old.keys() | now.keys() if old.get(k) != now.get(k))
        return self._changed[names]

    def keep(self, memo: Memo) -> None:
        """Keep the marks of this build for ``changed_since``, when they are not kept already."""
        folder = memo.kept_in
        fingerprint = [FORMAT, memo.salt, self.names()]
        found = kept.header(folder, KEPT)
        if folder is not None and not (isinstance(found, list) and found[:1] == [fingerprint]):
            kept.write_bytes(folder, KEPT, fingerprint, marshal.dumps(self.digested(), 2))

    def people(self, slugs: Iterable[str]) -> list[str]:
        """The marks of the people ``slugs``, each once, by slug."""
        known = self._people
        return [known.get(slug) or self.person(slug) for slug in sorted(set(slugs))]


def joined(marks: Iterable[str]) -> str:
    """One digest of ``marks``, in order."""
    return hashlib.blake2b("\n".join(marks).encode(), digest_size=20).hexdigest()


def link_mask(pages: Iterable[str], people: Iterable[str]) -> int:
    """A bit for each of ``pages`` and ``people`` (of ``MASK_BITS``, by a digest of its key):
    a fragment whose mask shares no bit with ``Marks.changed_since`` links to nothing that changed."""
    return link_bits([*(f"p\0{path}" for path in pages), *(f"@\0{slug}" for slug in people)])


def link_bits(keys: Iterable[str]) -> int:
    mask = 0
    for key in keys:
        mask |= _bit(key)
    return mask


@lru_cache(maxsize=1 << 16)
def _bit(key: str) -> int:
    """The bit of ``key`` (a page or person most profiles that link to it share: digested once)."""
    return 1 << (int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % MASK_BITS)


def _short(mark: str) -> bytes:
    return hashlib.blake2b(mark.encode(), digest_size=12).digest()
