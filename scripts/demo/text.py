"""Page text: slugs and ASCII folding, word wrap, the ``Page`` record as it is rendered to
Markdown, the ``Writer`` that assembles prose from the word lists, and the demo's PNG."""

from __future__ import annotations

import json
import struct
import unicodedata
import zlib
from dataclasses import dataclass, field
from random import Random

from .vocabulary import (
    ACTORS,
    ADVERBS,
    BENEFITS,
    CHANNELS,
    CODENAMES,
    COMMANDS,
    FREQ,
    OBJECTS,
    OFFICES,
    PERIODS,
    PRECONDITIONS,
    SECTIONS,
    SENTENCES,
    SERVICES,
    TEAMS,
    TITLE_TEMPLATES,
    TOOLS,
    VERBS,
    WHEN,
)

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "đ": "d", "ı": "i"})


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()
    out = "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower())
    return "-".join(part for part in out.split("-") if part)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()


def wrap(text: str, width: int = 88) -> str:
    """Greedy word wrap (textwrap.fill is the generator's hot spot)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Page:
    path: str  # repository path, docs/...
    title: str
    topic: str
    tags: tuple[str, ...]
    owner: str
    reviewed: str
    blocks: list[str] = field(default_factory=list)
    loose: bool = False  # two spaces after full stops: fixed by a whitespace-only reformat
    alive: bool = True
    creator: str = ""  # the slug of the person who wrote it (--truth)

    def render(self) -> bytes:
        head = ["---", f"title: {json.dumps(self.title, ensure_ascii=False)}", f"topic: {self.topic}",
                f"tags: [{', '.join(self.tags)}]", f"owner: {self.owner}", f"last_reviewed: {self.reviewed}",
                "---", "", f"# {self.title}", ""]
        body = "\n\n".join(self.blocks)
        if self.loose:
            body = body.replace(". ", ".  ")
        return ("\n".join(head) + body + "\n").encode()


class Writer:
    """Assembles prose from the word lists."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng

    def fill(self, template: str, topic: str, office: str | None = None) -> str:
        r = self.rng
        obj = r.choice(OBJECTS[topic])
        office = office or r.choice(sorted(OFFICES))
        actor = r.choice(ACTORS)
        values = {"obj": obj, "Obj": cap(obj), "verb": r.choice(VERBS), "office": office,
                  "Office": office, "actor": actor, "Actor": cap(actor), "when": r.choice(WHEN),
                  "freq": r.choice(FREQ), "benefit": r.choice(BENEFITS),
                  "precondition": r.choice(PRECONDITIONS), "Adverb": r.choice(ADVERBS),
                  "period": r.choice(PERIODS), "channel": r.choice(CHANNELS),
                  "codename": r.choice(CODENAMES), "tool": r.choice(TOOLS[topic]),
                  "team": r.choice(sorted(TEAMS))}
        return template.format(**values)

    def title(self, topic: str) -> str:
        return self.fill(self.rng.choice(TITLE_TEMPLATES), topic)

    def paragraph(self, topic: str) -> str:
        text = " ".join(self.fill(self.rng.choice(SENTENCES), topic) for _ in range(self.rng.randint(2, 5)))
        return wrap(text, 88)

    def block(self, topic: str) -> str:
        r = self.rng
        kind = r.random()
        if kind < 0.55:
            return self.paragraph(topic)
        if kind < 0.7:
            return f"## {r.choice(SECTIONS)}"
        if kind < 0.88:
            items = [self.fill(r.choice(SENTENCES), topic) for _ in range(r.randint(3, 6))]
            marker = r.choice(("-", "1.", "- [ ]"))
            return "\n".join(f"{marker} {item}" for item in items)
        if topic in ("engineering", "data", "tools", "security") or kind < 0.9:
            svc = r.choice(SERVICES)
            lines = [r.choice(COMMANDS).format(svc=svc) for _ in range(r.randint(1, 3))]
            return "```bash\n" + "\n".join(lines) + "\n```"
        return f"!!! tip\n    {self.fill(r.choice(SENTENCES), topic)}"

    def page_blocks(self, topic: str) -> list[str]:
        return [self.paragraph(topic)] + [self.block(topic) for _ in range(self.rng.randint(2, 6))]

    def edit(self, page: Page, day: str) -> str:
        """Change a page in place; returns a verb phrase for the commit subject."""
        r = self.rng
        choice = r.random()
        if choice < 0.35 or len(page.blocks) < 2:
            if len(page.blocks) >= 12:
                del page.blocks[r.randrange(1, len(page.blocks))]
            page.blocks.insert(r.randint(1, len(page.blocks)), self.block(page.topic))
            return r.choice(("Expand", "Add a section to", "Add notes to"))
        if choice < 0.75:
            page.blocks[r.randrange(len(page.blocks))] = self.paragraph(page.topic)
            return r.choice(("Clarify", "Rewrite part of", "Update", "Improve wording in"))
        if choice < 0.9:
            i = r.randrange(len(page.blocks))
            page.blocks[i] = page.blocks[i] + f"\n- {self.fill(r.choice(SENTENCES), page.topic)}"
            return r.choice(("Add a tip to", "Extend the list in"))
        page.reviewed = day
        page.blocks[-1] = self.paragraph(page.topic)
        return r.choice(("Review", "Refresh"))


def png_bytes(seed: int) -> bytes:
    """A small deterministic 16x16 PNG (stored zlib blocks: identical bytes on every machine)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(v for x in range(16) for v in ((x * 16 + seed) % 256, y * 16, 160))
                    for y in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b""))
