"""The history engine: one streaming ``git log`` pass over the docs folder, parsed into records.

How the history is read
-----------------------
One ``git log --raw --numstat -w --ignore-blank-lines -C -z`` process over ``<docs_dir>`` is read as
it streams. ``--raw`` lists every changed file with its change kind; ``--numstat -w
--ignore-blank-lines`` counts the lines added and removed ignoring white space and blank lines
(``-w`` alone counts an added blank line), and leaves out changes that are only those. ``-C``
detects renames, so a moved page keeps its whole history under its current path, and copies
(git's rule: a file added from one the same commit changed, as when a page is split in two), so
a page made from another credits the people who wrote the text it took (``History.copies``).

With a cache directory, a rebuild reads only the commits since the cached head and extends the
cached state where that provably equals a whole read (incremental.py; cache.py has the format),
and extends what was derived from it the same way (derived.py).

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

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from .cache import CachedHistory, HistoryCache
from .cache import forget as forget_states
from .cachefile import gc_paused
from .derived import DerivedStore, derive
from .errors import CommittedError, ShallowCloneError
from .gitio import Repository, open_repository
from .gitlog import LOG_ARGS, parse_contact, parse_log
from .graph import canonical_order, first_parent_chain, merged_branches
from .incremental import load_state
from .moves import EarlyProbe
from .placement import place
from .records import ChangeKind, Commit, Edit

__all__ = ["LOG_ARGS", "History", "canonical_order", "check_repository", "first_parent_chain", "merged_branches",
           "parse_contact", "parse_log", "read_history"]

IGNORE_REVS_FILE = ".git-blame-ignore-revs"


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
    moves: tuple[tuple[str, str, str], ...] = ()  # (sha, old path, new path): moves in that were followed
    copies: tuple[tuple[str, str, str], ...] = ()  # (sha, source file, copy file), docs-relative, newest first
    # What shaped the records besides their shas (the history cache's digest: docs folder, .mailmap,
    # format), so that equal shas under an equal ``source`` are equal records; '' without a cache.
    source: str = field(default="", compare=False)
    # (count, token): the earlier Histories whose oldest ``count`` commits are this one's, exactly
    # (records, order, placed edits, copies, ignored, cancelled, merged branches: derived.py).
    lineage: tuple[tuple[int, str], ...] = field(default=(), compare=False, repr=False)

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

    @cached_property
    def changed_files(self) -> dict[str, frozenset[str]]:
        """The files (docs-relative, as placed) each commit created or changed, renames and white
        space alone left out: an import, a port or a reorganisation changes many at once
        (``committed doctor`` lists them; scoring gives them diminishing returns)."""
        files: dict[str, set[str]] = {}
        for e in self.edits:
            ch = e.change
            if ch.kind is ChangeKind.DELETED or (ch.added == 0 and ch.removed == 0 and not ch.binary):
                continue
            files.setdefault(e.commit.sha, set()).add(e.file)
        return {sha: frozenset(found) for sha, found in files.items()}

    @cached_property
    def files_per_commit(self) -> dict[str, int]:
        """``len(changed_files[sha])`` for each commit."""
        return {sha: len(found) for sha, found in self.changed_files.items()}

    @cached_property
    def copied_from(self) -> dict[str, str]:
        """For each file that began as a copy of another, the file it was copied from."""
        return {copy: source for _, source, copy in self.copies}

    def by_page(self) -> dict[str, list[Edit]]:
        pages: dict[str, list[Edit]] = {}
        for edit in self.edits:
            if edit.page is not None:
                pages.setdefault(edit.page, []).append(edit)
        return pages


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
    head, shallow = repo.found_head or repo.head_and_shallow()
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
    # A shallow clone's history is a part of the whole one at the same HEAD (`git fetch --unshallow`
    # keeps HEAD): it has a cache of its own.
    key = (docs, repo.file_digest(".mailmap"), *(("shallow",) if shallow else ()))
    cache = HistoryCache(cache_dir, key=key) if cache_dir else None
    ignore_text = _read_ignore_revs(repo)
    # tens of thousands of acyclic records: the collector would only rescan them. The moves probe
    # runs beside the docs pass (EarlyProbe).
    with gc_paused(), EarlyProbe(repo) as probe:
        state = load_state(repo, head, docs, cache, probe.offer if docs else None)
        memo = _HISTORIES.get(cache.path) if cache else None
        if memo is not None and memo[0] is state and memo[1] == (ignore_text, shallow):
            return memo[2]  # a rebuild in the same process (mkdocs serve) with nothing changed
        store = DerivedStore(cache.path.parent, cache.digest) if cache else None
        derivation = derive(repo, state, docs, ignore_text, shallow, store, probe)
        kept, commits = derivation.kept, derivation.commits
        filed, copies = place(commits, docs, kept.ignored | kept.cancelled, kept.renames)
        edits = tuple(filed)
        if derivation.moves.before:  # the old paths' commits that filed no page change are not part of the docs' history
            docs_pass = {c.sha for c in state.commits}
            placed = {e.commit.sha for e in edits}
            commits = tuple(c for c in commits if c.sha in docs_pass or c.sha in placed)
    history = History(commits, head, docs, shallow, kept.ignored, kept.cancelled, edits,
                      tuple(derivation.moves.moved()), tuple(copies), cache.digest if cache else "",
                      kept.lineage if cache else ())
    history.__dict__["_branches"] = kept.branches  # derived already (cached_property slot)
    if cache:
        _HISTORIES[cache.path] = (state, (ignore_text, shallow), history)
    return history


# The last History read through each cache file in this process, with the state and the
# .git-blame-ignore-revs text it was derived from: the same state and text give the same History.


_HISTORIES: dict[Path, tuple[CachedHistory, tuple[str | None, bool], History]] = {}


def forget() -> None:
    """Drop the histories and cache states kept for the next read in this process."""
    _HISTORIES.clear()
    forget_states()


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


def _read_ignore_revs(repo: Repository) -> str | None:
    try:
        return (repo.root / IGNORE_REVS_FILE).read_text("utf-8", "replace")
    except OSError:
        return None
