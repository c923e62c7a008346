"""The history engine: one streaming ``git log`` pass over the docs folder, parsed into records.

How the history is read
-----------------------
One ``git log --raw --numstat -w -M -z`` process over ``<docs_dir>`` is read as it streams. ``--raw``
lists every changed file with its change kind; ``--numstat -w`` counts the lines added and removed
ignoring white space, and leaves out changes that are white space only. ``-M`` detects renames, so
a moved page keeps its whole history under its current path.

With a cache directory, a rebuild reads only the commits since the cached head and extends the
cached state where that provably equals a whole read (``_extend``); cache.py has the format.

Rules
-----
* Credit goes to the author and ``Co-authored-by`` trailers, never the committer, so a web-editor
  commit or a merge by the forge's service account credits the person who wrote the change.
* Merge commits are listed (with their trailers) but carry no page changes: a change is
  attributed to the commit that made it, and a merge's own conflict resolution is ignored.
  A squash merge is an ordinary commit and credits its author and co-authors.
* The log runs with ``--full-history --parents``: parents are rewritten to the nearest commits
  that touched the docs folder, and a pull-request merge is listed even when the main line did not
  change the docs meanwhile (git's default simplification hides it, and with it its reviewers).
  Merges that bring no docs commits (every other parent already on the main line, or all parents
  rewritten to one commit) are then left out, and their children point past them.
* Commits listed in ``.git-blame-ignore-revs`` (git's own convention) earn nothing.
* A commit whose message says ``This reverts commit <sha>`` and the commit it reverts cancel out;
  reverting a revert brings the original back.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any

from .cache import CachedHistory, HistoryCache, gc_paused, to_rows
from .errors import CommittedError, ShallowCloneError
from .gitio import Repository, open_repository
from .records import PERSON_TRAILERS, ChangeKind, Commit, Edit, Identity, PageChange, Trailer, unfrozen, utc

IGNORE_REVS_FILE = ".git-blame-ignore-revs"
_FIELDS = ("%H", "%P", "%aN", "%aE", "%at", "%cN", "%cE", "%ct", "%(trailers:only,unfold,separator=%x1d)", "%B")
LOG_FORMAT = "%x1e" + "%x00".join(_FIELDS)
LOG_ARGS = ("log", "--full-history", "--parents", "--raw", "--numstat", "-w", "-M", "-z", "--no-color",
            "--no-ext-diff", "--no-textconv", "--diff-merges=off", f"--format={LOG_FORMAT}")
_REVERT = re.compile(r"This reverts commit ([0-9a-f]{7,40})")
_CONTACT = re.compile(r"^\s*(?P<name>.*?)\s*(?:<(?P<email>[^<>]*)>)?\s*$")
_KINDS = {"A": ChangeKind.ADDED, "M": ChangeKind.MODIFIED, "T": ChangeKind.MODIFIED,
          "D": ChangeKind.DELETED, "R": ChangeKind.RENAMED, "C": ChangeKind.ADDED}


def parse_contact(value: str) -> Identity:
    """``Name <email>`` (or a bare name) as an Identity."""
    match = _CONTACT.match(value)
    assert match is not None  # the pattern matches any string
    return Identity(match["name"] or (match["email"] or "").strip(), (match["email"] or "").strip())


@dataclass(frozen=True)
class History:
    """The docs folder's history, newest commit first, in a canonical order."""

    commits: tuple[Commit, ...]
    head: str | None
    docs_dir: str
    shallow: bool = False
    ignored: frozenset[str] = frozenset()  # shas from .git-blame-ignore-revs
    cancelled: frozenset[str] = frozenset()  # reverts and the commits they revert
    edits: tuple[Edit, ...] = field(default=(), repr=False)  # newest first

    @property
    def now(self) -> datetime | None:
        """The date of the newest commit: "now" for every score, never the wall clock."""
        return max((c.committed_at for c in self.commits), default=None)

    def merged_branches(self) -> dict[str, tuple[str, ...]]:
        """For each merge on the mainline, the commits its second parent brought in.

        The mainline is HEAD's first-parent chain; a merge's branch is its second parent's
        first-parent chain down to the mainline. Reviewers named on a pull-request merge commit
        thereby reviewed the commits of the branch. Computed once per History.
        """
        return self._branches

    @cached_property
    def _branches(self) -> dict[str, tuple[str, ...]]:
        return merged_branches(self.commits, self.head)

    def by_page(self) -> dict[str, list[Edit]]:
        pages: dict[str, list[Edit]] = {}
        for edit in self.edits:
            if edit.page is not None:
                pages.setdefault(edit.page, []).append(edit)
        return pages


def first_parent_chain(start: str | None, by_sha: Mapping[str, Commit]) -> tuple[set[str], str | None]:
    """The shas on ``start``'s first-parent chain (its mainline) among ``by_sha``, and the sha
    the chain stopped at (outside ``by_sha``, or None at a root)."""
    chain: set[str] = set()
    sha = start
    while sha is not None and sha in by_sha and sha not in chain:
        chain.add(sha)
        parents = by_sha[sha].parents
        sha = parents[0] if parents else None
    return chain, sha


def merged_branches(commits: tuple[Commit, ...], head: str | None) -> dict[str, tuple[str, ...]]:
    """See ``History.merged_branches``. Merges in canonical order (newest first)."""
    by_sha = {c.sha: c for c in commits}
    mainline, _ = first_parent_chain(head if head in by_sha else (commits[0].sha if commits else None), by_sha)
    out: dict[str, tuple[str, ...]] = {}
    for merge in commits:
        if len(merge.parents) < 2 or merge.sha not in mainline:
            continue
        branch: list[str] = []
        sha: str | None = merge.parents[1]
        while sha in by_sha and sha not in mainline and len(branch) < 10_000:
            branch.append(sha)
            up = by_sha[sha].parents
            sha = up[0] if up else None
        out[merge.sha] = tuple(branch)
    return out


def check_repository(path: str | Path, docs_dir: str = "docs", allow_shallow: bool = False) -> str | None:
    """The sha of HEAD in the repository containing ``path`` (None: no repository, or no commits),
    after the checks ``read_history`` would fail on: a shallow clone (ShallowCloneError unless
    ``allow_shallow``), a docs folder outside the repository."""
    repo = open_repository(path)
    if repo is None:
        return None
    head = _head(repo, allow_shallow)[0]
    if head is not None:
        _docs_pathspec(repo, Path(path), docs_dir)
    return head


def _head(repo: Repository, allow_shallow: bool) -> tuple[str | None, bool]:
    head, shallow = repo.head_and_shallow()
    if head is not None and shallow and not allow_shallow:
        raise ShallowCloneError(
            "this repository is a shallow clone, so its history (and every score) would be partial.",
            hint=("fetch the whole history: on GitHub Actions set `fetch-depth: 0` on "
                  "actions/checkout; on GitLab CI set `GIT_DEPTH: 0`; elsewhere run "
                  "`git fetch --unshallow`. Or set `allow_shallow: true` to build with partial figures."))
    return head, shallow


def read_history(path: str | Path, docs_dir: str = "docs", *, cache_dir: str | Path | None = None,
                 allow_shallow: bool = False) -> History:
    """Read the history of ``docs_dir`` in the repository containing ``path``.

    Not a git repository, or an empty one: an empty history (the caller warns). A shallow clone
    raises ShallowCloneError unless ``allow_shallow`` (then ``History.shallow`` is true).
    """
    repo = open_repository(path)
    if repo is None:
        return History((), None, docs_dir)
    head, shallow = _head(repo, allow_shallow)
    if head is None:
        return History((), None, docs_dir)
    docs = _docs_pathspec(repo, Path(path), docs_dir)
    cache = HistoryCache(cache_dir, key=(docs, repo.file_digest(".mailmap"))) if cache_dir else None
    ignore_text = _read_ignore_revs(repo)
    with gc_paused():  # tens of thousands of acyclic records: the collector would only rescan them
        state = _load(repo, head, docs, cache)
        memo = _HISTORIES.get(cache.path) if cache else None
        if memo is not None and memo[0] is state and memo[1] == (ignore_text, shallow):
            return memo[2]  # a rebuild in the same process (mkdocs serve) with nothing changed
        commits = state.commits
        ignored = _ignore_revs(ignore_text, commits)
        cancelled = _cancelled(commits)
        branches = merged_branches(commits, head)
        edits = tuple(_place(commits, docs, ignored | cancelled, _branch_renames(commits, branches)))
    history = History(commits, head, docs, shallow, ignored, cancelled, edits)
    history.__dict__["_branches"] = branches  # computed above already (cached_property slot)
    if cache:
        _HISTORIES[cache.path] = (state, (ignore_text, shallow), history)
    return history


# The last History read through each cache file in this process, with the state and the
# .git-blame-ignore-revs text it was derived from: the same state and text give the same History.
_HISTORIES: dict[Path, tuple[CachedHistory, tuple[str | None, bool], History]] = {}


def _docs_pathspec(repo: Repository, base: Path, docs_dir: str) -> str:
    """docs_dir as a path relative to the repository root, with forward slashes."""
    docs = (base.resolve() / docs_dir) if not Path(docs_dir).is_absolute() else Path(docs_dir)
    if base.resolve().is_file():
        docs = base.resolve().parent / docs_dir
    try:
        rel = docs.resolve().relative_to(repo.root)
    except ValueError as exc:
        raise CommittedError(f"docs_dir {docs} is outside the git repository {repo.root}.",
                             hint="keep the docs folder inside the repository.") from exc
    return rel.as_posix() if str(rel) != "." else ""


def _load(repo: Repository, head: str, docs: str, cache: HistoryCache | None) -> CachedHistory:
    """The docs history at ``head``: from the cache, extended by the commits since, or read whole."""
    cached = cache.load() if cache else None
    if cached is not None and cached.head == head:
        return cached
    if cached is not None and repo.is_ancestor(cached.head, head):
        new = _read_log(repo, f"{cached.head}..{head}", docs)
        known = {c.sha for c in cached.commits}
        known.update(cached.dropped)
        tip = {cached.head: cached.tip} if cached.tip else {}
        state = _extend(cached, _reconnect(repo, new, known, docs, tip), head)
    else:
        state = _whole(head, canonical_order(_read_log(repo, head, docs)))
    return cache.save(state, cached) if cache else state


def _whole(head: str, ordered: tuple[Commit, ...], people: tuple[Identity, ...] = ()) -> CachedHistory:
    """The state for every listed commit, in canonical order."""
    kept, dropped, rewired = _drop(ordered)
    table = list(people)
    dropped_rows = to_rows([c for c in ordered if c.sha in dropped], table, {p: i for i, p in enumerate(table)})
    listed = {c.sha: c.parents for c in ordered if c.sha in rewired}
    return CachedHistory(head, kept, tuple(table), dropped, dropped_rows, listed,
                         ordered[0].sha if ordered else None, _top(ordered))


def _top(commits: Iterable[Commit]) -> tuple[int, str] | None:
    """The smallest canonical-order key (minus committer date, sha): the commit that sorts first."""
    return min(((-int(c.committed_at.timestamp()), c.sha) for c in commits), default=None)


def _extend(cached: CachedHistory, new: list[Commit], head: str) -> CachedHistory:
    """``cached`` extended by the commits read since its head, exactly as a whole read would be.

    The new commits are never ancestors of cached ones. When each of them also sorts before every
    cached commit (a newer committer date, or the same and a smaller sha) the canonical order is
    the new commits' own order followed by the cached order: a new commit is always ready before
    any cached one (its children are new), so all of them come first, and the cached commits then
    become ready exactly as they did alone. When, in addition, the new main line (the first-parent
    chain) runs into the cached one at its start, the cached main line is unchanged, so is every
    cached decision to drop an empty merge, and only the new commits need one. Otherwise (a
    branch merged with commits older than the cache's newest) the whole order is recomputed from
    the cached records; git is not read again.
    """
    if not new:
        return replace(cached, head=head)
    ordered = canonical_order(new)
    keys = [(-int(c.committed_at.timestamp()), c.sha) for c in ordered]
    by_sha = {c.sha: c for c in ordered}
    main, sha = first_parent_chain(ordered[0].sha, by_sha)
    if cached.top is None or sha != cached.tip or max(keys) >= cached.top:
        return _rebuild(cached, new, head)
    cached_main: set[str] | None = None

    def on_main(sha: str) -> bool:
        nonlocal cached_main
        if sha in by_sha:
            return sha in main
        if cached_main is None:
            cached_main = _main_line(cached)
        return sha in cached_main

    dropped: dict[str, tuple[str, ...]] = {}
    listed: dict[str, tuple[str, ...]] = {}
    kept: list[Commit] = []
    for c in reversed(ordered):  # parents before children
        parents = tuple(dict.fromkeys(q for p in c.parents for q in _skip(p, dropped, cached.dropped)))
        if not c.changes and (len(c.parents) < 2 or (c.sha in main and all(on_main(p) for p in c.parents[1:]))):
            dropped[c.sha] = parents[:1]  # it brought nothing from its other parents
        elif parents == c.parents:
            kept.append(c)
        else:
            listed[c.sha] = c.parents
            kept.append(replace(c, parents=parents))
    kept.reverse()
    people = list(cached.people)
    dropped_rows = to_rows([c for c in ordered if c.sha in dropped], people, {p: i for i, p in enumerate(people)})
    return replace(cached, head=head, commits=(*kept, *cached.commits), people=tuple(people),
                   dropped={**cached.dropped, **dropped}, dropped_rows=dropped_rows + cached.dropped_rows,
                   listed_parents={**cached.listed_parents, **listed}, tip=ordered[0].sha, top=min(keys))


def _skip(sha: str, *dropped: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What a parent becomes: itself, or the parents of the dropped merge it names."""
    for table in dropped:
        if sha in table:
            return table[sha]
    return (sha,)


def _rebuild(cached: CachedHistory, new: list[Commit], head: str) -> CachedHistory:
    """The whole state recomputed from the cached records and the new commits."""
    return _whole(head, canonical_order([*new, *cached.listed()]), cached.people)


def _main_line(cached: CachedHistory) -> set[str]:
    """The cached main line: the first-parent chain from the tip, as listed."""
    first = {c.sha: c.parents[0] if c.parents else None for c in cached.listed()}
    out: set[str] = set()
    sha = cached.tip
    while sha in first and sha not in out:
        out.add(sha)
        sha = first[sha]
    return out


def _read_log(repo: Repository, revision: str, docs: str) -> list[Commit]:
    raw = list(parse_log(repo.stream(*LOG_ARGS, revision, "--", docs or ".")))
    mapped = repo.check_mailmap({t.contact for c in raw for _, t in c[1] if t.email})
    return [_with_trailers(commit, trailers, mapped) if trailers else commit for commit, trailers in raw]


def _reconnect(repo: Repository, new: list[Commit], old: set[str], docs: str,
               known: dict[str, str]) -> list[Commit]:
    """Point the parents of an incremental read where a whole read would have pointed them.

    ``git log <old>..<head> --parents`` stops rewriting parents at the boundary, so a new commit
    may name a commit outside the docs history (often ``<old>`` itself) as its parent. Map each
    such boundary to the nearest commit that touched the docs, as a whole read does.
    """
    shas = old | {c.sha for c in new}
    mapping = dict(known)
    for sha in sorted({p for c in new for p in c.parents if p not in shas and p not in mapping}):
        mapping[sha] = repo.run("log", "-1", "--full-history", "--parents", "--format=%H", sha, "--",
                                docs or ".").strip()
    out = []
    for c in new:
        parents = tuple(dict.fromkeys(mapping.get(p, p) for p in c.parents if mapping.get(p, p)))
        out.append(c if parents == c.parents else replace(c, parents=parents))
    return out


def _drop_empty_merges(commits: tuple[Commit, ...]) -> tuple[Commit, ...]:
    """Leave out the merges that bring no docs commit, and point their children past them.

    Such a merge is one whose parents were all rewritten to one commit, or a merge on the main line
    (the first-parent chain of the newest commit) whose other parents are on the main line too.
    """
    return _drop(commits)[0]


def _drop(commits: tuple[Commit, ...]) -> tuple[tuple[Commit, ...], dict[str, tuple[str, ...]],
                                                dict[str, tuple[str, ...]]]:
    """``_drop_empty_merges``, with the merges dropped (sha -> the parents their children take
    instead) and the kept commits whose parents changed (sha -> new parents)."""
    if not commits:
        return commits, {}, {}
    by_sha = {c.sha: c for c in commits}
    mainline, _ = first_parent_chain(commits[0].sha, by_sha)
    dropped: dict[str, tuple[str, ...]] = {}
    rewired: dict[str, tuple[str, ...]] = {}
    kept: list[Commit] = []
    for c in reversed(commits):  # parents before children
        if dropped:
            parents = tuple(dict.fromkeys(q for p in c.parents for q in dropped.get(p, (p,))))
        else:  # the same, without a generator per commit
            parents = c.parents if len(c.parents) < 2 else tuple(dict.fromkeys(c.parents))
        empty = not c.changes and (len(c.parents) < 2 or (c.sha in mainline and set(c.parents[1:]) <= mainline))
        if empty:
            dropped[c.sha] = parents[:1]  # it brought nothing from its other parents
        elif parents == c.parents:
            kept.append(c)
        else:
            rewired[c.sha] = parents
            kept.append(replace(c, parents=parents))
    kept.reverse()
    return tuple(kept), dropped, rewired


def _with_trailers(commit: Commit, trailers: list[tuple[str, Identity]], mapped: dict[str, str]) -> Commit:
    resolved: list[Trailer] = []
    for key, ident in trailers:
        if ident.email and ident.contact in mapped:
            ident = parse_contact(mapped[ident.contact])
        trailer = Trailer(key, ident)
        if trailer not in resolved:
            resolved.append(trailer)
    return Commit(commit.sha, commit.parents, commit.author, commit.committer, commit.authored_at,
                  commit.committed_at, commit.subject, tuple(resolved), commit.reverts, commit.changes)


def parse_log(chunks: Iterable[bytes]) -> Iterator[tuple[Commit, list[tuple[str, Identity]]]]:
    """Parse the output of LOG_ARGS as it streams. Yields each commit with its raw trailers."""
    tokens = _tokens(chunks)
    people: dict[tuple[str, str], Identity] = {}  # one record per identity: a smaller, faster cache
    dates: dict[bytes, datetime] = {}  # one datetime per second, shared as the cache shares them
    pending: list[bytes] | None = None
    changes: list[tuple[str, str, str | None]] = []  # (status, path, old_path)
    counts: dict[str, tuple[int, int, bool]] = {}
    for tok in tokens:
        lead = tok.lstrip(b"\n")
        if lead.startswith(b"\x1e"):
            if pending is not None:
                yield _commit(pending, changes, counts, people, dates)
            pending = [lead[1:], *islice(tokens, len(_FIELDS) - 1)]
            changes, counts = [], {}
        elif lead.startswith(b":"):
            status = lead.rsplit(b" ", 1)[-1].decode()
            if status[0] in "RC":
                old, new = _path(next(tokens)), _path(next(tokens))
                changes.append((status[0], new, old))
            else:
                changes.append((status[0], _path(next(tokens)), None))
        elif lead:
            added, removed, rest = lead.split(b"\t", 2)
            if rest:
                path = _path(rest)
            else:
                next(tokens)
                path = _path(next(tokens))
            binary = added == b"-"
            counts[path] = (0 if binary else int(added), 0 if binary else int(removed), binary)
    if pending is not None:
        yield _commit(pending, changes, counts, people, dates)


def _tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


def _path(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _commit(fields: list[bytes], changes: list[tuple[str, str, str | None]],
            counts: dict[str, tuple[int, int, bool]],
            people: dict[tuple[str, str], Identity],
            dates: dict[bytes, datetime]) -> tuple[Commit, list[tuple[str, Identity]]]:
    sha, parents, a_name, a_mail, _, c_name, c_mail, _, trailer_text, body = [
        f.decode("utf-8", "replace") for f in fields]
    authored = dates.get(fields[4]) or dates.setdefault(fields[4], utc(int(fields[4])))
    committed = dates.get(fields[7]) or dates.setdefault(fields[7], utc(int(fields[7])))
    author = people.get((a_name, a_mail)) or people.setdefault((a_name, a_mail), Identity(a_name, a_mail))
    committer = people.get((c_name, c_mail)) or people.setdefault((c_name, c_mail), Identity(c_name, c_mail))
    trailers: list[tuple[str, Identity]] = []
    for line in trailer_text.split("\x1d") if trailer_text else ():
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in PERSON_TRAILERS and value.strip():
            trailers.append((key.strip().lower(), parse_contact(value)))
    reverts = _REVERT.search(body)
    records = []
    for status, path, old in changes:
        added, removed, binary = counts.get(path, (0, 0, False))
        records.append(PageChange(_KINDS.get(status, ChangeKind.MODIFIED), path, old, added, removed, binary))
    commit = Commit(
        sha=sha, parents=tuple(parents.split()), author=author, committer=committer, authored_at=authored, committed_at=committed,
        subject=body.split("\n", 1)[0].strip(), reverts=reverts[1] if reverts else None,
        changes=tuple(records))
    return commit, trailers


def canonical_order(commits: list[Commit]) -> tuple[Commit, ...]:
    """Children before parents; among ready commits the newest (committer date, then sha) first.

    Independent of how the commits were read (whole or incrementally), so the same commit always
    gives the same history.
    """
    by_sha = {c.sha: c for c in commits}
    waiting = dict.fromkeys(by_sha, 0)  # number of children not yet emitted
    for c in commits:
        for p in c.parents:
            if p in waiting:
                waiting[p] += 1
    ready = [(-c.committed_at.timestamp(), c.sha) for c in commits if waiting[c.sha] == 0]
    heapq.heapify(ready)
    ordered: list[Commit] = []
    while ready:
        _, sha = heapq.heappop(ready)
        commit = by_sha[sha]
        ordered.append(commit)
        for p in commit.parents:
            if p in waiting:
                waiting[p] -= 1
                if waiting[p] == 0:
                    parent = by_sha[p]
                    heapq.heappush(ready, (-parent.committed_at.timestamp(), p))
    return tuple(ordered)


def _read_ignore_revs(repo: Repository) -> str | None:
    try:
        return (repo.root / IGNORE_REVS_FILE).read_text("utf-8", "replace")
    except OSError:
        return None


def _ignore_revs(text: str | None, commits: tuple[Commit, ...]) -> frozenset[str]:
    if text is None:
        return frozenset()
    shas = {line.split("#", 1)[0].strip().lower() for line in text.splitlines()}
    shas.discard("")
    known = {c.sha for c in commits}
    full = {s for s in shas if s in known}
    short = shas - full
    if short:
        full |= {c.sha for c in commits if any(c.sha.startswith(s) for s in short if len(s) >= 7)}
    return frozenset(full)


def _cancelled(commits: tuple[Commit, ...]) -> frozenset[str]:
    """Reverts and what they revert. A revert that is itself reverted restores its target."""
    shas = {c.sha for c in commits}
    target: dict[str, str] = {}
    for c in commits:
        if c.reverts:
            full = c.reverts if c.reverts in shas else next((s for s in shas if s.startswith(c.reverts)), None)
            if full:
                target[c.sha] = full
    reverted_by: dict[str, list[str]] = {}
    for revert, victim in target.items():
        reverted_by.setdefault(victim, []).append(revert)
    memo: dict[str, bool] = {}

    def active(sha: str, depth: int = 0) -> bool:
        """A commit stands unless an active revert undoes it."""
        if sha not in memo:
            memo[sha] = depth > 200 or not any(active(r, depth + 1) for r in reverted_by.get(sha, ()))
        return memo[sha]

    out = set(target)  # a revert never earns: it restores, it does not teach
    out |= {victim for victim in reverted_by if not active(victim)}
    return frozenset(out)


_Edit = unfrozen(Edit)


def _branch_renames(commits: tuple[Commit, ...], branches: dict[str, tuple[str, ...]]) -> dict[str, list[tuple[str, str]]]:
    """For each mainline merge, the renames its branch made (newest first): (old path, new path)."""
    by_sha = {c.sha: c for c in commits}
    out: dict[str, list[tuple[str, str]]] = {}
    for merge, branch in branches.items():
        renames = [(ch.old_path, ch.path) for sha in branch for ch in by_sha[sha].changes
                   if ch.old_path is not None and ch.kind is ChangeKind.RENAMED]
        if renames:
            out[merge] = renames
    return out


def _place(commits: tuple[Commit, ...], docs: str, void: frozenset[str],
           branch_renames: dict[str, list[tuple[str, str]]] | None = None) -> list[Edit]:
    """Follow renames newest-first so every change is filed under its file's current path.

    ``alias`` maps a path as older commits name it to (the file's identity, whether it exists at
    HEAD). A deletion starts a lineage that no longer exists; a rename sends the old path to the
    new path's lineage. A path re-created after a deletion is a new file. A merge applies the
    renames its branch made, so the main line's edits made under an old name before the merge
    follow the page too (merges are read without diffs). (The Edits are filled through their
    ``unfrozen`` twin: one per change, 35,000 at full scale.)
    """
    branch_renames = branch_renames or {}
    prefix = f"{docs}/" if docs else ""
    cut = len(prefix)
    alias: dict[str, tuple[str, bool]] = {}
    names: dict[str, str] = {}  # one docs-relative string per file, shared by its edits
    deleted = ChangeKind.DELETED
    new, edit_class = object.__new__, Edit
    out: list[Edit] = []
    append = out.append
    for commit in commits:
        updates: list[tuple[str, tuple[str, bool]]] = []
        counts = commit.sha not in void
        for change in commit.changes:
            path = change.path
            if change.kind is deleted:
                key, exists = f"{path}@{commit.sha[:12]}", False
                updates.append((path, (key, exists)))
            else:
                lineage = alias.get(path)
                key, exists = (path, True) if lineage is None else lineage
                if change.old_path is not None:
                    updates.append((change.old_path, (key, exists)))
            name = names.get(key)
            if name is None:
                name = names[key] = key[cut:] if key.startswith(prefix) else key
            edit: Any = new(_Edit)
            edit.commit = commit
            edit.change = change
            edit.page = name if exists else None
            edit.file = name
            edit.counts = counts
            edit.__class__ = edit_class
            append(edit)
        if updates:
            alias.update(updates)
        for old_path, new_path in branch_renames.get(commit.sha, ()):  # newest first: chains resolve
            alias[old_path] = alias.get(new_path, (new_path, True))
    return out
