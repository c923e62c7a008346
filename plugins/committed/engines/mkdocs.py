"""The MkDocs and ProperDocs adapter: their own ``build`` command, which runs the Committed plugins
(``committed.mkdocs``) itself. Nothing to stage: the plugins add every page as a generated file."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from ..errors import CommittedError
from .siteconfig import SiteConfig


def build(site: SiteConfig, engine: str, out: Path | None = None, *, strict: bool = False) -> dict[str, float]:
    """``mkdocs build`` (or ``properdocs build``) of ``site`` into ``out`` (its ``site_dir`` by default)."""
    started = time.perf_counter()
    args = [sys.executable, "-m", engine, "build", "-q", "-f", str(site.file), "-d", str((out or site.site_dir).resolve()),
            *(["--strict"] if strict else [])]
    proc = subprocess.run(args, cwd=site.root, check=False)
    if proc.returncode != 0:
        raise CommittedError(f"{engine} build failed (exit code {proc.returncode}); its messages are above.")
    return {engine: time.perf_counter() - started}
