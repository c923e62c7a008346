"""Real `mkdocs build` runs for end-to-end tests, in a clean environment."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from gitrepo import clean_env

Plugin = str | tuple[str, Mapping[str, object]]  # a plugin's name, or its name and options


def mkdocs_yml(*plugins: Plugin, site_name: str = "Fixture KB", repo_url: str | None = "https://github.com/acme/kb",
               edit_uri: str = "edit/main/docs/", features: Sequence[str] = (), custom_dir: str | None = None,
               extensions: Sequence[str] = ("attr_list", "md_in_html", "tables"), extra: str = "",
               schemes: bool = False) -> str:
    """A test site's ``mkdocs.yml``: Material without web fonts, ``plugins`` in order and by default
    the Markdown extensions Committed's pages use (none: MkDocs' own). With a ``repo_url``, the
    site's address (https://kb.example.com/) and edit links too; ``extra``: more top-level lines;
    ``schemes``: light or dark as the reader's system prefers, as the demo's site does."""
    lines = [f"site_name: {site_name}"]
    if repo_url is not None:
        lines += ["site_url: https://kb.example.com/", f"repo_url: {repo_url}", f"edit_uri: {edit_uri}"]
    lines += ["theme:", "  name: material", "  font: false"]
    if custom_dir is not None:
        lines.append(f"  custom_dir: {custom_dir}")
    if schemes:
        lines += ["  palette:", '    - media: "(prefers-color-scheme: light)"', "      scheme: default",
                  '    - media: "(prefers-color-scheme: dark)"', "      scheme: slate"]
    if features:
        lines.append(f"  features: [{', '.join(features)}]")
    lines.append("plugins:")
    for plugin in plugins:
        name, options = (plugin, {}) if isinstance(plugin, str) else plugin
        lines.append(f"  - {name}:" if options else f"  - {name}")
        lines += [f"      {key}: {value}" for key, value in options.items()]
    if extensions:
        lines.append(f"markdown_extensions: [{', '.join(extensions)}]")
    return "\n".join(lines) + "\n" + extra


def build(root: Path, site: Path, *extra: str, strict: bool = True,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of the site in ``root`` into ``site``; the caller checks the result."""
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site), *(["--strict"] if strict else []), *extra]
    return subprocess.run(args, cwd=root, env=clean_env(NO_MKDOCS_2_WARNING="1", **(env or {})),
                          capture_output=True, text=True, check=False)


def built(root: Path, parent: Path) -> Path:
    """A successful ``mkdocs build`` of ``root`` into ``parent/site``: a module's shared fixture."""
    out = parent / "site"
    proc = build(root, out)
    assert proc.returncode == 0, proc.stderr
    return out


def digest(root: Path) -> dict[str, str]:
    """Every file of a built site with its SHA-256, to compare two builds byte for byte."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


DEMO_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_demo.py"
SMALL_DEMO = ("--pages", "40", "--commits", "400", "--people", "15", "--seed", "7")


def make_demo(root: Path, *args: str) -> Path:
    """The seeded demo knowledge base (scripts/make_demo.py) in ``root``: a small one by default."""
    subprocess.run([sys.executable, str(DEMO_SCRIPT), str(root), *(args or SMALL_DEMO), "--force"],
                   check=True, env=clean_env(), capture_output=True)
    return root


def known_emails(root: Path) -> set[str]:
    """Every e-mail address the knowledge base in ``root`` knows: its history's and its contributor files'."""
    log = subprocess.run(["git", "log", "--all", "--format=%ae%n%ce%n%b"], cwd=root, env=clean_env(),
                         capture_output=True, text=True, check=True).stdout
    files = "\n".join(p.read_text("utf-8") for p in sorted((root / "contributors").glob("*.yml")))
    return set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", log + "\n" + files))
