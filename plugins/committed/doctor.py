"""What ``committed doctor`` finds in a knowledge base's history: the core, free of the command line.

It reads the repository as the build does (``knowledge.load``) and lists what an admin should
look at before trusting the figures: likely duplicate people, people merged automatically,
authors without a contributor file, bulk commits, moves and copies followed, bots and identities that could
not be classified. Each finding carries what fixes it: ``.mailmap`` lines, ``contributors/*.yml``
stubs, ``.git-blame-ignore-revs`` lines. The report is for the admin's terminal only: it names
e-mail addresses (a ``.mailmap`` line needs them) and is never published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import kept
from .history import IGNORE_REVS_FILE
from .knowledge import KnowledgeBase
from .people import Group, Suspect
from .people.names import email_key, name_key
from .records import Identity
from .scoring import is_page

BULK_FILES = 25  # a commit that creates or rewrites this many pages at once is a bulk commit


@dataclass(frozen=True)
class Bulk:
    sha: str
    subject: str
    author: str  # slug
    files: int
    ignored: bool  # already in .git-blame-ignore-revs


@dataclass
class Report:
    duplicates: list[tuple[Suspect, list[str]]] = field(default_factory=list)  # with the .mailmap lines
    merged: list[tuple[str, Group]] = field(default_factory=list)  # (slug, group of 2+ identities)
    unfiled: list[tuple[str, Group, str]] = field(default_factory=list)  # (slug, group, the yml stub)
    bulk: list[Bulk] = field(default_factory=list)
    moves: list[tuple[str, str, str]] = field(default_factory=list)  # (sha, old, new)
    copies: list[tuple[str, str, str]] = field(default_factory=list)  # (sha, source file, copy file)
    bots: list[tuple[str, Group]] = field(default_factory=list)
    unclassified: list[Identity] = field(default_factory=list)

    @property
    def findings(self) -> int:
        """What needs a decision: likely duplicates, unclassified identities, bulk commits still counted."""
        return len(self.duplicates) + len(self.unclassified) + sum(1 for b in self.bulk if not b.ignored)


def examine(kb: KnowledgeBase, bulk_files: int = BULK_FILES) -> Report:
    directory, history = kb.directory, kb.history
    report = Report()
    for suspect in directory.suspects():
        report.duplicates.append((suspect, mailmap_lines(suspect.first, suspect.second, kb)))
    for g in directory.groups:
        slug = directory.slug_of(g)
        if g.bot:
            report.bots.append((slug, g))
            continue
        if g.contributor is None and len(g.identities) > 1:
            report.merged.append((slug, g))
        unclassified = [i for i in g.identities if not name_key(i.name) and not email_key(i.email)]
        report.unclassified.extend(unclassified)
        if g.contributor is None and g.authored and len(unclassified) < len(g.identities):
            report.unfiled.append((slug, g, stub(slug, g)))
    by_sha = {c.sha: c for c in history.commits}
    counts = {sha: sum(1 for f in files if is_page(f)) for sha, files in history.changed_files.items()}
    for sha, files in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if files < bulk_files:
            continue
        commit = by_sha[sha]
        report.bulk.append(Bulk(sha, commit.subject, directory.person(commit.author).slug, files,
                                sha in history.ignored))
    report.moves = list(history.moves)
    report.copies = list(history.copies)
    return report


def _canonical(g: Group, kb: KnowledgeBase) -> Identity:
    """The name and e-mail a .mailmap line maps the other identities to."""
    if g.contributor is not None:
        c = kb.directory.contributors[g.contributor]
        email = c.emails[0] if c.emails else g.anchor.email
        return Identity(c.name, email)
    return Identity(g.display_name or g.anchor.name, g.anchor.email)


def mailmap_lines(keep: Group, other: Group, kb: KnowledgeBase) -> list[str]:
    """``.mailmap`` lines mapping every identity of ``other`` to ``keep``'s (git's own format)."""
    target = _canonical(keep, kb)
    lines = []
    for ident in other.identities:
        if ident.email:
            lines.append(f"{target.name} <{target.email}> {ident.name} <{ident.email}>")
    return lines


def stub(slug: str, g: Group) -> str:
    """A ``contributors/<slug>.yml`` for an author without one (same slug: the URL stays)."""
    emails = sorted({i.email.strip().lower() for i in g.identities if "@" in i.email})
    name = (g.display_name or g.anchor.name).replace('"', '\\"')
    lines = [f"# contributors/{slug}.yml", f'name: "{name}"']
    if emails:
        lines.append("emails:")
        lines.extend(f"  - {e}" for e in emails)
    lines += ["office:", "team:"]
    return "\n".join(lines)


def render(report: Report, kb: KnowledgeBase, limit: int = 20) -> str:
    """The report as text for a terminal."""
    out: list[str] = []
    directory = kb.directory

    def section(title: str, count: int) -> None:
        out.append("")
        out.append(f"{title} ({count})")

    section("Likely duplicates: Committed did not merge them", len(report.duplicates))
    for suspect, lines in report.duplicates:
        one, two = directory.slug_of(suspect.first), directory.slug_of(suspect.second)
        out.append(f"  {one} and {two}: {suspect.reason}")
        out.append("    if they are one person, add to .mailmap:")
        out.extend(f"      {line}" for line in lines)
    section("People merged automatically", len(report.merged))
    for slug, g in report.merged[:limit]:
        out.append(f"  {slug}: " + ", ".join(i.contact for i in g.identities))
        for first, joined, why in g.reasons:
            out.append(f"    {joined.contact} joined {first.contact}: same {why}")
    _more(out, len(report.merged), limit)
    section("Authors without a contributor file", len(report.unfiled))
    for slug, g, text in report.unfiled[:limit]:
        out.append(f"  {slug}: {g.authored} commit{'s' if g.authored != 1 else ''}; a starting point:")
        out.extend(f"    {line}" for line in text.splitlines())
    _more(out, len(report.unfiled), limit)
    section("Bulk commits: one commit creating or rewriting many pages", len(report.bulk))
    for b in report.bulk[:limit]:
        state = "already ignored" if b.ignored else "still counted"
        out.append(f"  {b.sha[:12]} {b.files} pages, by {b.author}: {b.subject} ({state})")
    todo = [b for b in report.bulk if not b.ignored]
    if todo:
        out.append(f"    to stop them counting, add to {IGNORE_REVS_FILE}:")
        out.extend(f"      {b.sha}  # {b.subject[:60]}" for b in todo)
    _more(out, len(report.bulk), limit)
    section("Moves into the docs folder followed", len(report.moves))
    for sha, old, new in report.moves[:limit]:
        out.append(f"  {sha[:12]} {old} -> {new}")
    _more(out, len(report.moves), limit)
    section("Copies and splits followed (credited to their source's writers)", len(report.copies))
    for sha, source, copy in report.copies[:limit]:
        out.append(f"  {sha[:12]} {source} -> {copy}")
    _more(out, len(report.copies), limit)
    section("Bots recognised (no profile, no score)", len(report.bots))
    for slug, g in report.bots[:limit]:
        out.append(f"  {slug}: " + ", ".join(i.contact for i in g.identities))
    _more(out, len(report.bots), limit)
    section("Identities that could not be classified", len(report.unclassified))
    for ident in report.unclassified[:limit]:
        out.append(f"  {ident.contact}: a name and address many people share; map it in .mailmap to the person")
    _more(out, len(report.unclassified), limit)
    out.append("")
    out.append(f"{report.findings} finding{'s' if report.findings != 1 else ''} to look at."
               if report.findings else "Nothing to look at.")
    return "\n".join(out[1:]) + "\n"


def _more(out: list[str], count: int, limit: int) -> None:
    if count > limit:
        out.append(f"  ... and {count - limit} more (--limit to see them)")


SUSPECTS = "suspects.json"  # in the cache folder: how many likely duplicates the last build's people hold
_SUSPECTS_CODE = ("people/groups.py", "people/directory.py", "people/names.py", "doctor.py")


def build_note(kb: KnowledgeBase) -> str | None:
    """The one line a build prints when there is something to look at (never one per person).
    How many people may be duplicates is kept in the cache under everything that says it
    (``Directory.suspects_key``): looking for them takes 0.3-0.5 s at 5,000 people."""
    folder = kb.settings.cache_path
    key = kept.code_key(kb.directory.suspects_key(), _SUSPECTS_CODE) if folder is not None else ""
    found = kept.read(folder, SUSPECTS, key) if key else None
    duplicates = found if type(found) is int else len(kb.directory.suspects())
    if key and found != duplicates:
        kept.write(folder, SUSPECTS, key, duplicates)
    if not duplicates:
        return None
    what = "people may be duplicates" if duplicates != 1 else "person may be a duplicate"
    return f"committed: {duplicates} {what}: run `committed doctor`."
