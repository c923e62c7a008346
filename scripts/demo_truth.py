"""How true Committed's reading of a generated demo is: people against humans, creators against truth.

    python scripts/make_demo.py /tmp/kb --adopter --truth /tmp/kb.truth.json
    python scripts/demo_truth.py /tmp/kb /tmp/kb.truth.json

``make_demo.py --truth`` writes what the generator knows (every human's identities, every page's
true creator); this reads the demo as a build does and prints: humans who appear in the history,
the people Committed shows for them, humans split into several people, people who are several
humans, the share of pages whose credits name their true creator, and what ``committed doctor``
reports as likely duplicates.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from committed.config import Settings
from committed.history import parse_contact
from committed.knowledge import load


def measure(repo: Path, truth_file: Path) -> dict[str, float]:
    truth = json.loads(truth_file.read_text("utf-8"))
    kb = load(Settings(root=repo, cache_dir=None))
    directory = kb.directory
    seen = {i for g in directory.groups for i in g.identities}
    slugs_of: dict[str, set[str]] = {}
    owner_of: dict[str, set[str]] = {}
    for human in truth["humans"]:
        idents = [parse_contact(c) for c in human["identities"]]
        present = [i for i in idents if i in seen]
        if not present:
            continue
        slugs = {directory.person(i).slug for i in present}
        slugs_of[human["slug"]] = slugs
        for slug in slugs:
            owner_of.setdefault(slug, set()).add(human["slug"])
    main_slug = {h["slug"]: directory.person(parse_contact(f"{h['name']} <{h['email']}>")).slug
                 for h in truth["humans"]}
    pages = [(path, creator) for path, creator in truth["pages"].items() if path in kb.pages]
    right = sum(1 for path, creator in pages if main_slug[creator] in kb.pages[path].created_by)
    return {
        "humans in the history": len(slugs_of),
        "people Committed shows for them": len({s for slugs in slugs_of.values() for s in slugs}),
        "humans split into several people": sum(1 for slugs in slugs_of.values() if len(slugs) > 1),
        "people who are several humans": sum(1 for humans in owner_of.values() if len(humans) > 1),
        "pages": len(pages),
        "pages crediting their true creator": right,
        "share crediting their true creator": right / len(pages) if pages else 1.0,
        "likely duplicates committed doctor lists": len(directory.suspects()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    for key, value in measure(Path(args[0]), Path(args[1])).items():
        print(f"{key:<44} {value:.3f}" if isinstance(value, float) else f"{key:<44} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
