"""The state of the demo repository as it is generated, and the emitting of one commit."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import datetime, timezone
from random import Random

from .fastimport import FastImport, Op
from .people import AuthorPicker, Person, make_people, profile_yaml, split_identities
from .text import Page, Writer, slugify
from .vocabulary import DAY, END, LARGE_SITE, OBJECTS, RELEASES, SUBFOLDERS, TAGS, TOPICS


@dataclass
class Stats:
    docs_commits: int = 0
    merges: int = 0
    renames: int = 0
    deletions: int = 0
    reverts: int = 0
    reformats: int = 0
    trailers: dict[str, int] = field(default_factory=dict)


class Builder:
    """The repository being generated: its people, pages, tree and tip, and how one commit is
    emitted. The kinds of commits and the plan that orders them are ``plan.Generator``."""

    def __init__(self, args: argparse.Namespace, fi: FastImport) -> None:
        self.rng = Random(args.seed)
        self.fi = fi
        self.n_commits: int = args.commits
        self.n_pages: int = args.pages
        self.start = END - int(args.years * 365 * DAY)
        self.people = make_people(self.rng, max(3, args.people), self.start, END - self.start)
        self.picker = AuthorPicker(self.rng, self.people)
        self.writer = Writer(self.rng)
        self.times = self._times(self.n_commits)
        self.pages: list[Page] = []
        self.paths: set[str] = set()
        self.pool: list[int] = []  # page indices, repeated by popularity
        self.topic_pool: dict[str, list[int]] = {t: [] for t in TOPICS}
        self.tip = 0
        self.pr = 100
        self.stats = Stats()
        self.owners = [p.slug for p in self.people if p.profile_file]
        self.joined: set[str] = set()
        self.ignore_revs: list[str] = []
        self.schedule: list[int] = []  # commit indices at which a page is created
        # Adopters: the folders the pages live in before docs/ (each moved into the next), the
        # commit indices of those moves, and every file under the docs folder (as docs/ paths).
        self.folders = ([""] if args.start_outside else []) + (["_pages/"] if args.renamed_docs_folder else [])
        self.move_at = [int(self.n_commits * (0.45 + 0.2 * k)) for k in range(len(self.folders))]
        self.tree: set[str] = set()
        self.import_at = int(self.n_commits * 0.72) if args.import_commit else -1
        self.code_share: float = args.code_share
        if args.split_identities:
            split_identities(self.rng, self.people)
        self.requirements = {name: 0 for name in RELEASES}  # package -> index of its pinned release

    # -- time and identity ---------------------------------------------------------------------

    def _times(self, n: int) -> list[int]:
        span, out = END - self.start, []
        while len(out) < n:
            t = self.start + int(self.rng.random() * span)
            if datetime.fromtimestamp(t, timezone.utc).weekday() < 5 or self.rng.random() < 0.15:
                out.append(t)
        return sorted(out)

    def now(self) -> int:
        return self.times[min(self.fi.commits, len(self.times) - 1)]

    def left(self) -> int:
        return self.n_commits - self.fi.commits

    @staticmethod
    def day(t: int) -> str:
        return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%d")

    def trailer(self, key: str, person: Person) -> str:
        self.stats.trailers[key] = self.stats.trailers.get(key, 0) + 1
        if key == "Learned-from" and self.rng.random() < 0.2:
            return f"{key}: {person.alias_name or person.name}"  # a bare name
        return f"{key}: {person.contact(self.rng)}"

    def others(self, author: Person, k: int) -> list[Person]:
        out: list[Person] = []
        for _ in range(k):
            p = self.picker.pick(self.now(), exclude=author)
            if p not in out:
                out.append(p)
        return out

    # -- emitting -------------------------------------------------------------------------------

    def placed(self, path: str) -> str:
        """Where a docs/ path is in the repository now: before the moves, in an earlier folder."""
        if self.folders and path.startswith("docs/"):
            return self.folders[0] + path.removeprefix("docs/")
        return path

    def emit(self, author: str, tz: str, message: str, ops: list[Op], *, when: int | None = None,
             committer: str | None = None, ref: str = "refs/heads/main", parent: int | None = None,
             merge: int | None = None, authored: int | None = None) -> int:
        t = when if when is not None else self.now()
        touches = merge is not None or any(op[1].startswith("docs/") for op in ops)
        for op in ops:
            if op[0] == "M" and op[1].startswith("docs/"):
                self.tree.add(op[1])
            elif op[0] == "D":
                self.tree.discard(op[1])
            elif op[0] == "R":
                self.tree.discard(op[1])
                self.tree.add(op[2])
        if self.folders:
            ops = [("R", self.placed(op[1]), self.placed(op[2])) if op[0] == "R"  # type: ignore[misc]
                   else (op[0], self.placed(op[1]), *op[2:]) for op in ops]
        mark = self.fi.commit(ref, author, (authored or t, tz), message, ops, committer=committer,
                              committed=(t, tz if committer is None else "+0000"),
                              parent=self.tip if parent is None and self.tip else parent, merge=merge)
        self.stats.docs_commits += touches
        if ref == "refs/heads/main":
            self.tip = mark
        return mark

    def pick_page(self, author: Person | None = None) -> Page:
        pool = self.topic_pool[author.topic] if author and self.rng.random() < 0.6 else self.pool
        pool = pool or self.pool
        while True:
            page = self.pages[self.rng.choice(pool)]
            if page.alive:
                return page

    def new_page(self, author: Person, topic: str | None = None, path: str | None = None,
                 title: str | None = None) -> Page:
        r = self.rng
        topic = topic or (author.topic if r.random() < 0.5 else r.choice(TOPICS))
        for attempt in range(50):
            title = title or self.writer.title(topic)
            if path is None:
                folder = self.folder_for(topic)
                slug = slugify(title) + (f"-{attempt}" if attempt > 10 else "")
                candidate = f"{folder}{slug}.md"
            else:
                candidate = path
            if candidate not in self.paths:
                break
            title = None
        page = Page(candidate, title or "", topic, tuple(sorted(r.sample(TAGS, r.randint(1, 3)))),
                    r.choice(self.owners) if r.random() < 0.3 or not author.profile_file else author.slug,
                    self.day(self.now()), self.writer.page_blocks(topic), loose=r.random() < 0.3,
                    creator=author.slug)
        self.paths.add(page.path)
        index = len(self.pages)
        self.pages.append(page)
        weight = 1 + int(r.paretovariate(1.3)) if r.random() < 0.5 else 1
        self.pool.extend([index] * min(weight, 12))
        self.topic_pool[topic].extend([index] * min(weight, 12))
        return page

    def folder_for(self, topic: str) -> str:
        """Where a new page goes: mostly the topic's folder, a quarter in its subfolders. A large
        site (more than LARGE_SITE pages) nests as real ones do, nearly every page in a folder per
        subject (``engineering/code-review/``), so no folder holds more than a few hundred pages
        (git rewrites a folder's whole tree on every commit that touches it)."""
        r = self.rng
        if self.n_pages <= LARGE_SITE:
            return f"docs/{topic}/" + (f"{r.choice(SUBFOLDERS[topic])}/" if r.random() < 0.25 else "")
        if r.random() < 0.05:
            return f"docs/{topic}/"
        return f"docs/{topic}/{r.choice([*SUBFOLDERS[topic], *map(slugify, OBJECTS[topic])])}/"

    def join_ops(self, person: Person) -> list[Op]:
        """A person's profile file goes in with their first commit (as `committed join` does)."""
        if not person.profile_file or person.slug in self.joined:
            return []
        self.joined.add(person.slug)
        return [("M", f"contributors/{person.slug}.yml", profile_yaml(person, self.rng))]

    def edit_ops(self, author: Person, pages: list[Page]) -> tuple[list[Op], str]:
        verb = ""
        for page in pages:
            verb = self.writer.edit(page, self.day(self.now()))
        subject = f"{verb} {pages[0].title}" + (f" and {len(pages) - 1} more" if len(pages) > 1 else "")
        return [("M", p.path, p.render()) for p in pages], subject

    def trailers_for(self, author: Person, keys: dict[str, float]) -> list[str]:
        lines = []
        for key, chance in keys.items():
            if self.rng.random() < chance:
                lines += [self.trailer(key, p) for p in self.others(author, 1 + (self.rng.random() < 0.2))]
        return lines

    def message(self, subject: str, trailers: list[str], body: str = "") -> str:
        parts = [subject] + ([body] if body else []) + (["\n".join(trailers)] if trailers else [])
        return "\n\n".join(parts) + "\n"
