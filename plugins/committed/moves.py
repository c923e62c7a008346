"""History from before a page was moved into the docs folder, in a bounded number of git passes.

``git log -- docs`` sees a page moved in from anywhere else (``handbook/x.md`` -> ``docs/x.md``,
or a renamed docs folder ``_pages/`` -> ``pages/``) as added by whoever moved it: the rename's
source is outside the paths read. So, after the docs pass:

1. **Probe.** The commits that add a file to the docs folder are diffed whole, in one
   ``git diff-tree --stdin -M`` process: a rename whose target is one of those files and whose
   source is outside the docs folder is a move in. Each commit is probed once (the result is kept
   in the cache: a commit never changes). The docs pass's own additions are sent to that process
   as ``git log`` lists them (``EarlyProbe``), so git probes them on the other core meanwhile.
2. **Old paths.** One more ``git log`` over exactly the sources of those moves, starting at the
   moving commits' parents: the history of those files before they came in, and nothing else of
   the repository. It runs without rename detection (git would pair an old path with another
   file in the same paths when the real other half lies outside them): its additions are probed. Its own additions are probed the same way (a page moved twice, from
   ``drafts/`` to ``handbook/`` to ``docs/``), until no new path appears or after
   ``MAX_PASSES`` passes.

The moving commits' additions become renames from the old path (with the lines the move itself
changed), so placement files the old history under the page's current path: the page's creator
is whoever created the file, wherever that was. Changes of the old paths that do not end up in
the docs folder (a file recreated under an old name and never moved in) are read but file no
page.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import gitlog
from .cache import Row, from_rows, to_rows
from .gitio import Feed, Repository
from .gitlog import path_of, tokens
from .records import ChangeKind, Commit, Identity, PageChange

MAX_PASSES = 4  # extra log passes over old paths: moves chained deeper than this are not followed
RENAME_LIMIT = "-l5000"
COLLAPSE_AT = 8  # followed files in one top-level folder before reading the folder whole is considered  # git's inexact rename detection stops at this many candidates per commit
_FORMAT = 2

# A probed rename: (old path, new path, lines added, lines removed, binary).
Rename = tuple[str, str, int, int, bool]


@dataclass(frozen=True)
class Moves:
    """What following moves found: the renames into the paths read and the history before them."""

    renames: Mapping[str, tuple[Rename, ...]] = field(default_factory=dict)  # sha -> moves it made
    before: tuple[Commit, ...] = ()  # commits of the old paths, not in the docs pass
    paths: tuple[str, ...] = ()  # the old paths followed
    passes: int = 0  # extra git log passes run (0 when every probe came from the cache)

    def moved(self) -> list[tuple[str, str, str]]:
        """(sha, old path, new path) of every move followed, oldest path last."""
        return [(sha, old, new) for sha, renames in self.renames.items() for old, new, *_ in renames]


def follow(repo: Repository, commits: Sequence[Commit], docs: str, store: Path | None = None,
           early: EarlyProbe | None = None) -> Moves:
    """The moves into ``docs`` made by ``commits`` (the docs pass) and the history before them
    (``early``: the commits probed while the pass was read)."""
    if not docs:
        return Moves()  # the whole repository is read: nothing comes from outside
    saved_probed, prior = _load(store)
    probed = dict(saved_probed)
    inside = f"{docs}/"
    renames: dict[str, tuple[Rename, ...]] = {}
    known: set[str] | None = None  # the docs pass's shas, when a pass over old paths needs them
    # A commit whose probe (kept from an earlier build) found no rename moves nothing in: only
    # the others' additions are listed (the listing is most of a warm build's cost here).
    wanted = _additions(c for c in commits if probed.get(c.sha) != ())
    followed: set[str] = set()
    before: dict[str, Commit] = {}
    passes = 0
    used: dict[_Key, _Rows] = {}
    for depth in range(MAX_PASSES + 1):
        _probe(repo, [sha for sha in wanted if sha not in probed], probed, early)
        found: dict[str, tuple[Rename, ...]] = {}
        for sha, added in wanted.items():
            moves = tuple(r for r in probed.get(sha, ()) if r[1] in added and (not depth or r[1] in followed)
                          and not r[0].startswith(inside) and r[0] not in followed and r[0] not in added)
            if moves:
                found[sha] = moves
        new_paths = sorted({r[0] for moves in found.values() for r in moves} - followed)
        for sha, moves in found.items():  # a commit met again by a later pass adds its other moves
            renames[sha] = tuple(dict.fromkeys((*renames.get(sha, ()), *moves)))
        if not new_paths or depth == MAX_PASSES:
            break
        followed.update(new_paths)
        starts = sorted({f"{sha}^@" for sha, moves in found.items() if any(r[0] in new_paths for r in moves)})
        key = (tuple(starts), tuple(new_paths))
        cached = prior.get(key)
        if cached is not None:
            read = from_rows(cached[1], [Identity(n, e) for n, e in cached[0]])
        else:
            specs = pathspecs(repo, starts[0].removesuffix("^@") + "^", new_paths)
            read = gitlog.read_log(repo, starts, specs, renames=False)  # the probe pairs them
            passes += 1
        used[key] = cached if cached is not None else _rows(read)
        for c in read:
            if c.changes and not c.is_merge:
                before[c.sha] = _merge(before.get(c.sha), c)
        if known is None:
            known = {c.sha for c in commits}
        wanted = _additions([c for c in read if c.sha not in known])
    if passes or probed != saved_probed or used != prior:
        _save(store, {"probed": probed, "before": used})
    return Moves(renames, tuple(before.values()), tuple(sorted(followed)), passes)


def pathspecs(repo: Repository, at: str, paths: Sequence[str]) -> list[str]:
    """``paths`` for ``git log``, a folder instead of its files where most of the folder moved.

    git matches every path of every commit against every pathspec: 250 pages moved from the root
    make 250 pathspecs and a slow log. A folder of which at least half the files (at ``at``, the
    moving commit) are followed is read whole instead: its other files file nothing (placement
    keeps only what reaches the docs folder) and their additions are never followed.
    """
    by_folder: dict[str, list[str]] = {}
    for path in paths:
        folder, sep, _ = path.partition("/")
        by_folder.setdefault(folder if sep else "", []).append(path)
    out: list[str] = []
    for folder, inside in sorted(by_folder.items()):
        if folder and len(inside) >= COLLAPSE_AT:
            listed = repo.run("ls-tree", "-r", "--name-only", "-z", at, "--", f"{folder}/", check=False)
            total = listed.count("\0")
            if total and len(inside) * 2 >= total:
                out.append(f"{folder}/")
                continue
        out.extend(inside)
    return out


def _additions(commits: Iterable[Commit]) -> dict[str, set[str]]:
    """sha -> the paths a non-merge commit added (not copies, not renames): where moves land."""
    out: dict[str, set[str]] = {}
    for c in commits:
        added = _added(c)
        if added:
            out[c.sha] = added
    return out


def _added(commit: Commit) -> set[str]:
    return {ch.path for ch in commit.changes if ch.kind is ChangeKind.ADDED and ch.old_path is None} \
        if _adds(commit) else set()


def _adds(commit: Commit) -> bool:
    """Whether a non-merge commit added a file (not a copy, not a rename)."""
    return len(commit.parents) < 2 and any(ch.kind is ChangeKind.ADDED and ch.old_path is None for ch in commit.changes)


def _merge(old: Commit | None, new: Commit) -> Commit:
    """One record of a commit read by two passes (over different paths): its changes joined."""
    if old is None:
        return new
    paths = {ch.path for ch in old.changes}
    return replace(old, changes=(*old.changes, *(ch for ch in new.changes if ch.path not in paths)))


def apply(commits: Sequence[Commit], moves: Moves) -> tuple[list[Commit], dict[str, tuple[str, ...]]]:
    """The docs pass's commits and the old paths' commits as one list, each move an ``R`` change.

    Also the extra ordering edges: a commit both passes read keeps the docs pass's parents (its
    place on the main line) and is ordered after its parents in the old paths' pass as well.
    """
    before = {c.sha: c for c in moves.before}
    out: list[Commit] = []
    extra: dict[str, tuple[str, ...]] = {}
    for c in commits:
        old = before.pop(c.sha, None)
        if old is not None:
            c = _merge(c, old)
            extra[c.sha] = old.parents
        out.append(_renamed(c, moves.renames.get(c.sha, ())))
    out.extend(_renamed(c, moves.renames.get(c.sha, ())) for c in before.values())
    return out, extra


def _renamed(commit: Commit, renames: tuple[Rename, ...]) -> Commit:
    if not renames:
        return commit
    by_new = {r[1]: r for r in renames}
    sources = {r[0] for r in renames}
    changes = []
    for ch in commit.changes:
        if ch.kind is ChangeKind.DELETED and ch.path in sources:
            continue  # the other half of a move, as a pass over the old paths saw it
        r = by_new.get(ch.path)
        if r is not None and ch.kind is ChangeKind.ADDED:
            ch = PageChange(ChangeKind.RENAMED, ch.path, r[0], r[2], r[3], r[4])
        changes.append(ch)
    return replace(commit, changes=tuple(changes))


# -- the probe --------------------------------------------------------------------------------------

_PROBE_ARGS = ("diff-tree", "--stdin", "--root", "-r", "-M", RENAME_LIMIT, "--raw", "--numstat", "-w",
               "--ignore-blank-lines", "-z", "--no-color", "--no-ext-diff", "--no-textconv")


class EarlyProbe:
    """The probe of the docs pass's additions, run while the pass still streams.

    ``offer`` each commit as ``git log`` lists it: a commit that adds a file is sent at once to a
    ``git diff-tree --stdin`` process, which probes it on the other core while Python parses the
    log (a cold read otherwise waited for the whole probe after the log: 0.9 s of 6.4 at 2,000
    pages). ``follow`` then takes these results instead of probing again. Use it as a context
    manager: git is stopped on leaving if the results were never asked for.
    """

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self._feed: Feed | None = None
        self._shas: list[str] = []
        self._ready: dict[str, tuple[Rename, ...]] | None = None

    def offer(self, commit: Commit) -> None:
        if self._ready is None and _adds(commit):
            if self._feed is None:
                self._feed = self._repo.feed(*_PROBE_ARGS)
            self._feed.send(commit.sha)
            self._shas.append(commit.sha)

    def results(self) -> dict[str, tuple[Rename, ...]]:
        """The renames each offered commit made (nothing more is offered afterwards)."""
        if self._ready is None:
            feed, self._feed = self._feed, None
            self._ready = {}
            if feed is not None:
                _parse_probe(feed.close(), self._shas, self._ready)
        return self._ready

    def __enter__(self) -> EarlyProbe:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._feed is not None:
            self._feed.abort()
            self._feed = None


def _probe(repo: Repository, shas: Sequence[str], into: dict[str, tuple[Rename, ...]],
           early: EarlyProbe | None = None) -> None:
    """The renames each commit made, whole-tree, in one ``git diff-tree --stdin`` process (or
    taken from ``early`` for the commits it probed)."""
    if early is not None and shas:
        ready = early.results()
        into.update((sha, ready[sha]) for sha in shas if sha in ready)
        shas = [sha for sha in shas if sha not in ready]
    if shas:
        _parse_probe(repo.run_bytes(*_PROBE_ARGS, stdin=("\n".join(shas) + "\n").encode()), shas, into)


def _parse_probe(out: bytes, shas: Sequence[str], into: dict[str, tuple[Rename, ...]]) -> None:
    """Read the probe's output: each commit's renames whose numstat names both paths."""
    found: dict[str, list[Rename]] = {sha: [] for sha in shas}
    it = tokens([out])
    sha: str | None = None
    pending: dict[str, tuple[str, bool]] = {}  # new path -> (old path, binary?) awaiting numstat
    for tok in it:
        lead = tok.lstrip(b"\n")
        if not lead:
            continue
        if lead.startswith(b":"):
            status = lead.rsplit(b" ", 1)[-1]
            if status[:1] in (b"R", b"C"):
                old, new = path_of(next(it)), path_of(next(it))
                if status[:1] == b"R":
                    pending[new] = (old, False)
            else:
                next(it)
        elif b"\t" in lead:
            added, removed, rest = lead.split(b"\t", 2)
            if rest:
                continue
            old, new = path_of(next(it)), path_of(next(it))
            if new in pending and sha is not None:
                binary = added == b"-"
                found[sha].append((old, new, 0 if binary else int(added), 0 if binary else int(removed), binary))
        else:
            sha = lead.decode()
            pending = {}
            found.setdefault(sha, [])
    for key, value in found.items():
        into[key] = tuple(value)


# -- what is kept between builds ---------------------------------------------------------------------

_Key = tuple[tuple[str, ...], tuple[str, ...]]  # (start revisions, paths) of one pass
_Rows = tuple[tuple[tuple[str, str], ...], tuple[Row, ...]]  # (people table, rows) of what it read


def _load(store: Path | None) -> tuple[dict[str, tuple[Rename, ...]], dict[_Key, _Rows]]:
    """What earlier builds probed and read (nothing when absent, unreadable or of another format)."""
    if store is None:
        return {}, {}
    try:
        value = marshal.loads(store.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}, {}
    if not isinstance(value, dict) or value.get("format") != _FORMAT:
        return {}, {}
    probed, before = value.get("probed"), value.get("before")
    if not isinstance(probed, dict) or not isinstance(before, dict):
        return {}, {}
    return probed, before


def _rows(read: list[Commit]) -> _Rows:
    people: list[Identity] = []
    rows = to_rows(read, people, {})
    return tuple((p.name, p.email) for p in people), rows


def _save(store: Path | None, saved: dict[str, object]) -> None:
    if store is None:
        return
    saved["format"] = _FORMAT  # one process writes it at a time per cache; a torn read is ignored
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        tmp = store.with_name(f".{store.name}.tmp")
        tmp.write_bytes(marshal.dumps(saved))
        tmp.replace(store)
    except (OSError, ValueError):
        pass  # a cache that cannot be written only costs time
