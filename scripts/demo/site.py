"""The files a demo takes from this repository: its mkdocs.yml (or a minimal one), guidelines, and
the "About this knowledge base" pages."""

from __future__ import annotations

from pathlib import Path

from .fastimport import Op

REPO_ROOT = Path(__file__).resolve().parents[2]

MINIMAL_MKDOCS = """site_name: {name}
docs_dir: docs
theme:
  name: material
  features:
    - navigation.sections
    - search.suggest
plugins:
  - search
markdown_extensions:
  - admonition
  - toc:
      permalink: true
"""


def config_files(site_name: str) -> list[Op]:
    src = REPO_ROOT / "mkdocs.yml"
    if src.is_file():
        lines = src.read_text("utf-8").splitlines(keepends=True)
        text = "".join(f"site_name: {site_name}\n" if ln.startswith("site_name:") else ln for ln in lines)
    else:
        text = MINIMAL_MKDOCS.format(name=site_name)
    ops: list[Op] = [("M", "mkdocs.yml", text.encode()),
                     ("M", ".gitignore", b"site/\n.cache/\n__pycache__/\n")]
    guidelines = REPO_ROOT / "guidelines.yml"
    if guidelines.is_file():
        ops.append(("M", "guidelines.yml", guidelines.read_bytes()))
    return ops


# The "About this knowledge base" section the README points to (how to contribute, how scores
# work, the configuration) and the pages it links to: this repository's own pages (not the topic
# indexes, which the demo has), owned by the demo's founder. The guidelines' topic `committed` and
# its exception are for these pages.
ABOUT_PAGES = tuple(sorted(p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "docs").glob("*/*.md")
                           if p.name != "index.md" or p.parent.name == "committed"))
ISSUE_TEMPLATE = ".github/ISSUE_TEMPLATE/page-request.yml"


def about_pages(owner: str) -> list[Op]:
    ops: list[Op] = []
    for rel in ABOUT_PAGES:
        src = REPO_ROOT / rel
        if src.is_file():
            text = src.read_text("utf-8")
            head, sep, body = text.partition("\n---\n")
            head = "\n".join(f"owner: {owner}" if ln.startswith("owner:") else ln for ln in head.splitlines())
            ops.append(("M", rel, (head + sep + body).encode()))
    if (REPO_ROOT / ISSUE_TEMPLATE).is_file():
        ops.append(("M", ISSUE_TEMPLATE, (REPO_ROOT / ISSUE_TEMPLATE).read_bytes()))
    return ops
