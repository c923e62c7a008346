"""Where the worker process keeps Python's compiled modules when none may be written beside them.

CI images and many machines set ``PYTHONDONTWRITEBYTECODE`` so that no ``__pycache__`` appears
in the source tree (this project's CI does). Then every worker a build starts compiles Committed,
Jinja2 and the rest from source again: about 0.2 s of every build, warm or cold, out of the
0.5 s a warm build may take. The worker is Committed's own process, so it keeps them elsewhere
instead, in a folder of this user's alone in the temporary directory (``PYTHONPYCACHEPREFIX``:
Python writes nothing beside the sources, and checks each compiled module against its source's
size and time as it does in ``__pycache__``). The folder is used only while it is a real folder
(no symbolic link) owned by this user with no access for anyone else, since a compiled module is
code; otherwise, and where the user chose a prefix of their own, the environment stays as it is.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path


def worker_env(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` for the worker: compiled modules kept in a private folder (the module's doc),
    when ``environ`` asks for none beside the sources and names no prefix of its own."""
    env = dict(environ)
    if not env.get("PYTHONDONTWRITEBYTECODE") or env.get("PYTHONPYCACHEPREFIX"):
        return env
    folder = private_folder(Path(tempfile.gettempdir()) / f"committed-pycache-{_uid()}")
    if folder is not None:
        del env["PYTHONDONTWRITEBYTECODE"]
        env["PYTHONPYCACHEPREFIX"] = str(folder)
    return env


def private_folder(folder: Path) -> Path | None:
    """``folder``, made if missing, when it is a real folder of this user's that nobody else
    can reach; else None."""
    if not hasattr(os, "getuid"):  # no owners to check (Windows): compile as asked
        return None
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
        return None
    return folder


def _uid() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else "user"
