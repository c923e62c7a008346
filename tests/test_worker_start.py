"""MkDocs' process starts the worker and goes on at once: it never waits for the worker to start.

The request for a site of a few thousand pages is more than a pipe holds (64 KiB on Linux), and
the worker reads it only once Python and Committed are imported (a third of a second on a busy
machine): written into a pipe, MkDocs' build stood still that long in its "check" stage.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from mkdocs.config import load_config

from committed.mkdocs import shared
from gitrepo import Repo
from sitebuild import mkdocs_yml

# The worker, as it starts (before reading anything): wait until the test says go (it does once
# MkDocs' process has its job), or for 10 s and say it was late; then stop without an answer.
HOOK = """\
import os, sys, time
if "committed.worker" in sys.orig_argv:
    go = os.environ["COMMITTED_TEST_GO"]
    for _ in range(200):
        if os.path.exists(go):
            break
        time.sleep(0.05)
    else:
        open(go + ".late", "w").close()
    os._exit(0)
"""


def test_mkdocs_goes_on_while_the_worker_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml("committed/profiles"))
    for i in range(2000):
        repo.write(f"docs/topic-{i % 20}/a-page-whose-name-is-as-long-as-real-page-names-get-{i:04}.md", f"# Page {i}\n")
    repo.commit("Two thousand pages")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK, "utf-8")
    go = tmp_path / "go"
    monkeypatch.setenv("PYTHONPATH", str(hook))
    monkeypatch.setenv("COMMITTED_TEST_GO", str(go))
    monkeypatch.delenv("COMMITTED_WORKER", raising=False)
    monkeypatch.chdir(repo.root)
    config = load_config(str(repo.root / "mkdocs.yml"))
    try:
        job = shared.job(config)
        go.touch()
        assert job.proc is not None
        assert len(pickle.dumps((job.request, job.fingerprint))) > 2 * 65536  # twice what a pipe holds
        job.proc.wait(timeout=60)
        assert not Path(f"{go}.late").exists()  # MkDocs had its job before the worker read a byte
    finally:
        shared.abandon()
