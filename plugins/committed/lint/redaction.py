"""Everything the lint shows of a page goes through its ``Masks``: the page's sensitive spans.

Detectors mark what they match as secrets or personal data (``Match.sensitive``), including what
they find but do not report (out of the rule's scopes, numbers reserved for fiction). From those
spans, sorted and merged once per page, the engine builds every excerpt, scrubs every message,
fix and inline-exception reason that overlaps one, and hashes each line for fingerprints. Each
operation looks only at the spans it touches (by bisection), so a page of a million matches on one
line costs the same per finding as a page with one.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from .document import Document
from .findings import Match, redact

EXCERPT_WIDTH = 160
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Masks:
    def __init__(self, doc: Document, matches: Iterable[Match]) -> None:
        self.doc = doc
        starts: list[int] = []
        ends: list[int] = []
        keeps: list[int] = []
        keys: list[tuple[str, ...]] = []
        for m in sorted((m for m in matches if m.sensitive and m.end > m.start), key=lambda m: (m.start, -m.end)):
            if ends and m.start < ends[-1]:  # overlaps the previous span: one mask over both
                ends[-1] = max(ends[-1], m.end)
                keys[-1] += (m.key,)
                continue
            starts.append(m.start)
            ends.append(m.end)
            keeps.append(min(m.keep, m.end - m.start))
            keys.append((m.key,))
        self.starts, self.ends, self.keeps, self.keys = starts, ends, keeps, keys
        self._digests: dict[int, str] = {}

    def _touching(self, start: int, end: int) -> range:
        """Indexes of the spans that intersect ``[start, end)`` (or contain ``start`` when it is empty)."""
        return range(bisect_right(self.ends, start), bisect_left(self.starts, max(end, start + 1)))

    def show(self, start: int, end: int, at: int | None = None) -> tuple[str, int]:
        """The page text from ``start`` to ``end`` with every sensitive span masked, and the position in
        it of page offset ``at`` (0 when not given)."""
        text = self.doc.text
        out: list[str] = []
        pos, shown, where = start, 0, 0
        for i in self._touching(start, end):
            s, e = self.starts[i], self.ends[i]
            if s >= start:
                piece = text[pos:s]
                masked = redact(text[s:e], self.keeps[i])
            else:  # begins before the window: nothing of it is shown
                piece, masked = "", "*" * 4
            if at is not None and at < e:  # in the text before this mask, or in the mask: at its start
                where = shown + min(at - pos, len(piece))
                at = None
            out.append(piece)
            out.append(masked)
            shown += len(piece) + len(masked)
            pos = min(max(e, pos), end)
        if at is not None:
            where = shown + max(0, min(at - pos, end - pos))
        out.append(text[pos:end])
        return "".join(out), where

    def scrub(self, message: str, start: int, end: int) -> str:
        """``message`` with the text of every sensitive span over ``[start, end)`` masked, in every form
        a detector normalised it to (an address in lowercase, a number without its spaces)."""
        text = self.doc.text
        for i in self._touching(start, end):
            s, e = self.starts[i], self.ends[i]
            for value in sorted({text[s:e], *self.keys[i]}, key=len, reverse=True):
                if len(value) >= 3 and value.lower() in message.lower():
                    message = re.sub(re.escape(value), redact(value, self.keeps[i]), message, flags=re.IGNORECASE)
        return message

    def excerpt(self, line: int, col: int) -> tuple[str, int]:
        """The masked text of ``line``, cut to about ``EXCERPT_WIDTH`` characters around ``col``, and the
        position of ``col`` in it."""
        doc = self.doc
        first = doc.line_starts[line - 1]
        last = doc.line_starts[line] - 1 if line < len(doc.line_starts) else len(doc.text)
        length = last - first
        left = max(0, min(col - 1 - EXCERPT_WIDTH // 3, length - EXCERPT_WIDTH)) if length > EXCERPT_WIDTH else 0
        right = min(length, left + EXCERPT_WIDTH)
        a, b = first + left, first + right
        at = min(max(first + col - 1, a), b)
        prefix = "…" if left else ""
        body, caret = self.show(a, b, at)
        caret += len(prefix)
        text = prefix + body + ("…" if right < length else "")
        return _CONTROL.sub("?", text.replace("\t", " ")).rstrip(), caret

    def line_digest(self, line: int) -> str:
        """A hash of ``line``'s text with sensitive spans masked and whitespace collapsed (fingerprints)."""
        found = self._digests.get(line)
        if found is None:
            doc = self.doc
            first = doc.line_starts[line - 1]
            last = doc.line_starts[line] - 1 if line < len(doc.line_starts) else len(doc.text)
            found = hashlib.sha256(" ".join(self.show(first, last)[0].split()).encode("utf-8", "replace")).hexdigest()
            self._digests[line] = found
        return found
