"""The CI templates' lint steps, run as the CI runs them (bash, a real clone): the baseline is used
when the file exists, and only then."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, TODAY

FRONT = f"---\ntitle: T\ntopic: engineering\nowner: ada\nlast_reviewed: {TODAY}\n---\n"


def _github_step() -> str:
    workflow = yaml.safe_load((REPO / "scripts/ci/github/pull-request.yml").read_text())
    step = next(s for s in workflow["jobs"]["check"]["steps"] if s.get("name") == "Contribution guidelines")
    return str(step["run"]).replace("${{ github.base_ref }}", "main")


def _gitlab_script() -> str:
    pipeline = yaml.safe_load((REPO / "scripts/ci/gitlab/.gitlab-ci.yml").read_text())
    lines = [ln for ln in pipeline["guidelines"]["script"] if not ln.startswith("git fetch")]
    return "\n".join(lines).replace("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")


@pytest.fixture
def clone(git_repo):
    """A merge request that edits a page with a finding from before: a broken link (checked on the whole page)."""
    repo = git_repo("kb")
    shutil.copy(REPO / "guidelines.yml", repo.root / "guidelines.yml")
    repo.commit("Base", files={"contributors/ada.yml": "name: Ada\nteam: platform\n",
                               "docs/engineering/old.md": FRONT + "See [the plan](plan.md).\n"})
    repo.git("update-ref", "refs/remotes/origin/main", "main")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("Edit", files={"docs/engineering/old.md": FRONT + "See [the plan](plan.md).\n\nA new line.\n"})
    return repo


def _run(script: str, root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=root, env=env, capture_output=True,
                          text=True, check=False)


@pytest.mark.parametrize("script", [_github_step(), _gitlab_script()], ids=["github", "gitlab"])
def test_ci_lint_step_uses_the_baseline_when_it_exists(clone, script: str) -> None:
    without = _run(script, clone.root)
    assert without.returncode == 1, without.stdout + without.stderr
    assert "broken-link" in without.stdout or "broken-link" in (clone.root / "gl-code-quality-report.json").read_text()
    clone.git("checkout", "-q", "main")
    made = _run("python -m committed.lint.cli --baseline guidelines-baseline.json --update-baseline", clone.root)
    assert made.returncode == 0, made.stderr
    clone.commit("Accept today's findings", files={
        "guidelines-baseline.json": (clone.root / "guidelines-baseline.json").read_text()})
    clone.git("update-ref", "refs/remotes/origin/main", "main")
    clone.git("checkout", "-q", "feature")
    clone.git("merge", "-q", "--no-edit", "main")
    known = _run(script, clone.root)
    assert known.returncode == 0, known.stdout + known.stderr
