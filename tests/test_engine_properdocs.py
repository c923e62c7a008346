"""ProperDocs (the continuation of MkDocs 1.6) as a first-class host: it finds the plugins under its
own entry points and builds the demo into the same site as MkDocs does, byte for byte but for the
generator's name."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from gitrepo import clean_env
from sitebuild import built, digest, make_demo
from sitecheck import assert_same_knowledge_base

pytestmark = pytest.mark.slow
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def properdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "properdocs", "build", "-q", "--strict", "-d", str(site)], cwd=root,
                          env=clean_env(NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"),
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The demo built by ProperDocs first (so it makes Committed's pages itself, not from the cache
    MkDocs would leave), then by MkDocs."""
    parent = tmp_path_factory.mktemp("properdocs")
    root = make_demo(parent / "kb")
    proc = properdocs_build(root, parent / "site-properdocs")
    assert proc.returncode == 0, proc.stderr
    return root, built(root, parent), parent / "site-properdocs"


def test_the_plugins_are_registered_for_properdocs_as_for_mkdocs() -> None:
    def group(name: str) -> dict[str, str]:
        return {e.name: e.value for e in entry_points(group=name) if e.value.startswith("committed.")}

    assert group("properdocs.plugins") == group("mkdocs.plugins")
    assert set(group("properdocs.plugins")) == {"committed/profiles", "committed/leaderboard",
                                                "committed/guidelines", "committed/authoring"}


def test_properdocs_builds_the_same_site_as_mkdocs(demo: tuple[Path, Path, Path]) -> None:
    _, mkdocs_site, properdocs_site = demo
    assert digest(properdocs_site).keys() == digest(mkdocs_site).keys()
    differ = [rel for rel, sha in digest(properdocs_site).items() if sha != digest(mkdocs_site)[rel]]
    for rel in differ:  # only the <meta name="generator"> line may differ
        ours, theirs = (site / rel for site in (properdocs_site, mkdocs_site))
        assert GENERATOR.sub(b"", ours.read_bytes()) == GENERATOR.sub(b"", theirs.read_bytes()), rel
    assert b"ProperDocs" in (properdocs_site / "index.html").read_bytes()  # it really was ProperDocs


def test_properdocs_site_has_everything_committed_adds(demo: tuple[Path, Path, Path]) -> None:
    root, mkdocs_site, properdocs_site = demo
    assert_same_knowledge_base(mkdocs_site, properdocs_site, root)


def test_installing_properdocs_keeps_mkdocs_1_and_its_own_plugins() -> None:
    from importlib.metadata import version

    assert version("mkdocs").startswith("1.6.")  # `mkdocs<2` stays: MkDocs 2 runs no plugins
    mkdocs_plugins = {e.name: e.value for e in entry_points(group="mkdocs.plugins")}
    assert mkdocs_plugins["search"].startswith("mkdocs.")  # ProperDocs did not take MkDocs' place


def test_committed_build_with_properdocs_gives_the_same_site(demo: tuple[Path, Path, Path], tmp_path: Path) -> None:
    root, _, properdocs_site = demo
    proc = subprocess.run([sys.executable, "-m", "committed.cli", "build", "--engine", "properdocs", "--strict",
                           "-d", str(tmp_path / "site")], cwd=root, capture_output=True, text=True, check=False,
                          env=clean_env(NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"))
    assert proc.returncode == 0, proc.stderr
    assert f"committed build: properdocs built {tmp_path / 'site'}" in proc.stdout
    assert digest(tmp_path / "site") == digest(properdocs_site)
