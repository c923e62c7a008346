"""Which git identities are one person: merged the way git shortlog and the forges do it.

An identity whose e-mail a contributor file lists is that contributor (so is a name or alias of
the file, for a trailer that names a person without an e-mail). Every other identity is one
person with every identity it shares an e-mail key or a name key with (names.py), transitively.
A name alone never joins an identity to a contributor file: an author called ``Ana Lima`` whose
e-mail ``contributors/ana.yml`` does not list is somebody else until the file lists it (the doctor
says so). Bots join only bots.

Where a merge would be a guess (the same e-mail local part on two domains, one name the first
words of another, a contributor's name on an e-mail the file does not list), nothing is merged:
``suspects`` lists them for ``committed doctor``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..records import Identity
from .names import email_key, email_local, name_key


@dataclass
class Seen:
    """How an identity appears in the history: commits authored (or co-authored), trailer mentions,
    and where it first and last appeared (positions in the history, oldest first)."""

    authored: int = 0
    mentioned: int = 0
    first_authored: int | None = None
    first: int = 0
    last: int = 0


@dataclass
class Group:
    """One person's identities (in the order they first appeared) and why they are one."""

    identities: list[Identity]
    contributor: str | None = None  # the contributor file's slug, when one claims them
    bot: bool = False
    seen: dict[Identity, Seen] = field(default_factory=dict)
    reasons: list[tuple[Identity, Identity, str]] = field(default_factory=list)  # (a, b, "e-mail"/"name")

    @property
    def authored(self) -> int:
        return sum(s.authored for s in self.seen.values())

    @property
    def first_authored(self) -> int | None:
        firsts = [s.first_authored for s in self.seen.values() if s.first_authored is not None]
        return min(firsts) if firsts else None

    @property
    def first(self) -> int:
        return min((s.first for s in self.seen.values()), default=0)

    @property
    def anchor(self) -> Identity:
        """The identity of the person's first authored commit (else first mention): what their
        slug is made from, so later commits, new spellings included, never change it."""
        def key(ident: Identity) -> tuple[int, int]:
            s = self.seen.get(ident, Seen())
            return (s.first_authored if s.first_authored is not None else 1 << 60, s.first)
        return min(self.identities, key=key)

    @property
    def display_name(self) -> str:
        """The most used spelling (commits and mentions); a tie goes to the most recent."""
        uses: Counter[str] = Counter()
        last: dict[str, int] = {}
        for ident in self.identities:
            s = self.seen.get(ident, Seen())
            uses[ident.name] += s.authored + s.mentioned
            last[ident.name] = max(last.get(ident.name, -1), s.last)
        names = [n for n in uses if n.strip()]
        if not names:
            return ""
        return max(names, key=lambda n: (uses[n], last[n]))

    def rank(self) -> tuple[int, int]:
        """Who gets a contested clean slug first: the earliest author; people only named in
        trailers after every author."""
        first = self.first_authored
        return (first if first is not None else 1 << 60, self.first)


class _Union:
    def __init__(self) -> None:
        self.parent: dict[Identity, Identity] = {}

    def find(self, x: Identity) -> Identity:
        root = x
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, a: Identity, b: Identity) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[rb] = ra
        return True


def claimant(identity: Identity, by_email: Mapping[str, str], by_name: Mapping[str, set[str]]) -> str | None:
    """The contributor slug an identity belongs to: by e-mail; by name or alias only without one."""
    key = email_key(identity.email) or identity.email.strip().lower()
    if "@" in identity.email:  # not an address at all (a trailer's stray <...>): as good as none
        return by_email.get(key)
    names = by_name.get(name_key(identity.name)) or by_name.get(identity.name.strip().casefold(), set())
    return next(iter(names)) if len(names) == 1 else None


def group(seen: Mapping[Identity, Seen], by_email: Mapping[str, str], by_name: Mapping[str, set[str]],
          bot: Callable[[Identity], bool]) -> list[Group]:
    """The identities in ``seen`` (first-appearance order) as groups, in first-appearance order."""
    union = _Union()
    reasons: list[tuple[Identity, Identity, str]] = []
    owners: dict[str, Identity] = {}  # "kind:key" -> the first identity that had it
    claimed: dict[Identity, str] = {}
    bots: dict[Identity, bool] = {}
    for ident in seen:
        union.find(ident)
        slug = claimant(ident, by_email, by_name)
        if slug is not None:
            claimed[ident] = slug
            first = owners.setdefault(f"contributor:{slug}", ident)
            if union.join(first, ident):
                reasons.append((first, ident, "contributor file"))
            continue
        bots[ident] = bot(ident)
        side = "bot" if bots[ident] else "human"
        for kind, key in (("e-mail", email_key(ident.email)), ("name", name_key(ident.name))):
            if not key:
                continue
            first = owners.setdefault(f"{side}:{kind}:{key}", ident)
            if union.join(first, ident):
                reasons.append((first, ident, kind))
    groups: dict[Identity, Group] = {}
    for ident in seen:
        root = union.find(ident)
        g = groups.get(root)
        if g is None:
            g = groups[root] = Group([], contributor=claimed.get(ident))
        g.identities.append(ident)
        g.seen[ident] = seen[ident]
        g.bot = g.bot or bots.get(ident, False)
    for a, b, why in reasons:
        groups[union.find(a)].reasons.append((a, b, why))
    return list(groups.values())


@dataclass(frozen=True)
class Suspect:
    """Two people who may be one, and why Committed did not merge them."""

    first: Group
    second: Group
    reason: str


def suspects(groups: Iterable[Group], contributor_names: Mapping[str, str]) -> list[Suspect]:
    """Likely duplicates Committed does not merge on its own (bots left out).

    ``contributor_names``: name key -> contributor slug, for "a contributor's name on an e-mail
    their file does not list".
    """
    people = [g for g in groups if not g.bot]
    known = {g.contributor: g for g in people if g.contributor}
    out: list[Suspect] = []
    seen_pairs: set[tuple[int, int]] = set()

    def add(a: Group, b: Group, reason: str) -> None:
        pair = (min(id(a), id(b)), max(id(a), id(b)))
        if a is not b and pair not in seen_pairs:
            seen_pairs.add(pair)
            out.append(Suspect(a, b, reason))

    by_local: dict[str, list[Group]] = {}
    by_word: dict[str, list[tuple[str, Group]]] = {}
    for g in people:
        for ident in g.identities:
            local = email_local(ident.email)
            if len(local) >= 3 and email_key(ident.email) and not local.isdigit():
                bucket = by_local.setdefault(local, [])
                if g not in bucket:
                    bucket.append(g)
            key = name_key(ident.name)
            if key:
                by_word.setdefault(key.split()[0], []).append((key, g))
                slug = contributor_names.get(key)
                if slug and g.contributor is None and slug in known:
                    add(known[slug], g, f"has the name of contributor `{slug}` on an e-mail their file does not list")
    for local, bucket in by_local.items():
        for other in bucket[1:]:
            add(bucket[0], other, f"the same e-mail name `{local}@` on two domains")
    for entries in by_word.values():
        for key, g in entries:
            if any(own.startswith(key + " ") for own, same in entries if same is g):
                continue  # g's own fuller name says which person the short one is (Amara Gagnon, not Amara Chen)
            longer = {id(other): (other_key, other) for other_key, other in entries
                      if other is not g and other_key.startswith(key + " ")}
            if len(longer) == 1:  # a short name that fits several people says nothing about which one
                other_key, other = next(iter(longer.values()))
                add(g, other, f"one name is the start of the other (`{key}`, `{other_key}`)")
    return out
