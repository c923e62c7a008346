"""The package stays clean for ruff (the small rule set in pyproject.toml) and strict mypy."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: ./scripts/test.sh installs it with the test extras")
    return [found]


def test_ruff_finds_nothing() -> None:
    done = subprocess.run([*_tool("ruff"), "check", "--no-cache", "plugins", "scripts", "tests"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_finds_nothing() -> None:
    done = subprocess.run([*_tool("mypy"), "--no-incremental", "--cache-dir", "/dev/null"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


GENERATORS = ("mkdocs", "material", "properdocs", "zensical")  # site generators and their themes
ADAPTERS = "committed.mkdocs"  # the MkDocs (and ProperDocs) plugins: the only package that may import them


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file of ``module``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            found += [(node.lineno, f"{name}.{alias.name}" if node.module is None else name) for alias in node.names]
    return found


def test_the_core_imports_no_site_generator() -> None:
    """History, people, scores and page rendering never import a site generator (nor the MkDocs
    plugins): each generator is a thin adapter on top (committed.mkdocs; committed.engines runs
    the others as programs)."""
    package = ROOT / "plugins"
    wrong = []
    for path in sorted((package / "committed").rglob("*.py")):
        module = ".".join(path.relative_to(package).with_suffix("").parts).removesuffix(".__init__")
        if module == ADAPTERS or module.startswith(ADAPTERS + "."):
            continue
        for line, name in _imports(path, module):
            top = name.split(".")[0]
            if top in GENERATORS or name == ADAPTERS or name.startswith(ADAPTERS + "."):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
    assert not wrong, "\n".join(wrong)
