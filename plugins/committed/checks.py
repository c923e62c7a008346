"""The input checks a build runs first, kept under the files' stamps: a build checks again only
what changed.

* **Pages** (readable, UTF-8): a page that passed is not read again while its stamp (size,
  modification and change times, inode) is the one it passed with.
* **Contributor files**: validated again, all of them together (a slug or an e-mail is checked
  against the other files), whenever any of them changed, came or went; otherwise the profiles
  they give are the ones they gave.

A file that failed is never kept, so it stops every build until it is fixed; a stamp that changed
means reading the file again. As git does for its index ("racily clean" files), a stamp too close
to the moment it was kept (within ``RACY_NS``, more than any file system's time resolution) is
not trusted: a file written twice within one tick of a coarse clock keeps its stamp. Kept in the
cache folder (kept.py's JSON files), under the code that checks: a new rule checks everything
again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import frontmatter, kept

RACY_NS = 2_000_000_000  # FAT and HFS+ keep modification times to 1 or 2 s
PAGES = "checked-pages.json"
CONTRIBUTORS = "checked-contributors.json"
_CODE = [Path(frontmatter.__file__), Path(__file__).with_name("yamlfile.py"),
         Path(__file__).parent / "people" / "contributors.py", Path(__file__)]


def stamp(path: str | Path) -> str | None:
    """What identifies a version of a file without reading it (None: it cannot be stat'ed)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def _trusted(value: str | None, before: int) -> bool:
    """Whether a stamp is older than ``before`` (ns): a later change cannot leave it as it is."""
    if value is None:
        return False
    _, mtime, ctime, _ = value.split(":")
    return max(int(mtime), int(ctime)) < before


def page_problems(docs: Path, pages: Sequence[str], shown: str, cache: Path | None) -> list[str]:
    """``"<shown>/<page>: <problem>"`` for each page a site generator cannot read, reading only
    the pages that changed since they last passed."""
    key = _key(docs)
    passed = kept.read(cache, PAGES, key)
    if not isinstance(passed, dict):
        passed = {}
    now = time.time_ns()
    problems: list[str] = []
    keep: dict[str, str] = {}
    base = os.path.join(docs, "")  # strings, not Paths: 10,000 joins cost more than the stats
    for rel in pages:
        current = stamp(base + rel)
        if current is not None and passed.get(rel) == current:
            keep[rel] = current
            continue
        problem = frontmatter.problem(docs / rel)
        if problem:
            problems.append(f"{shown}/{rel}: {problem}")
        elif current is not None and _trusted(current, now - RACY_NS):
            keep[rel] = current
    if keep != passed:
        kept.write(cache, PAGES, key, keep)
    return problems


def contributors(folder: Path, validate: Callable[[], list[str]], cache: Path | None) -> list[str]:
    """What ``validate`` (which reads and checks every contributor file in ``folder``) returns:
    kept from a build that saw the same files, else computed now (raising on a broken file)."""
    key = _key(folder)
    stamps = _folder_stamps(folder)
    saved = kept.read(cache, CONTRIBUTORS, key)
    if isinstance(saved, dict) and saved.get("stamps") == stamps and isinstance(saved.get("value"), list):
        return [str(v) for v in saved["value"]]
    value = validate()
    before = time.time_ns() - RACY_NS
    if all(_trusted(s, before) for _, s in stamps):
        kept.write(cache, CONTRIBUTORS, key, {"stamps": stamps, "value": value})
    return value


def _folder_stamps(folder: Path) -> list[list[str | None]]:
    """[name, stamp] of every entry of ``folder`` (the folder itself first): a file that came,
    went or changed changes them."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return [["", None]]
    return [["", stamp(folder)], *([name, stamp(folder / name)] for name in names)]


def _key(folder: Path) -> list[object]:
    return [str(folder), kept.stamp_files(_CODE)]
