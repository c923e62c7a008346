"""Generate a realistic, seeded synthetic Committed knowledge base as a new git repository.

    python scripts/make_demo.py OUT_DIR [--pages 300] [--commits 4000] [--people 60] [--years 3]
                                        [--seed 7] [--force] [--adopter | --start-outside
                                        --renamed-docs-folder --split-identities --import-commit]
                                        [--truth FILE]

The whole history is written by ONE ``git fast-import`` process fed on stdin, so tens of
thousands of commits take seconds. The output is deterministic: the same arguments give the same
commit shas. Only ``random.Random(seed)`` is used, every date derives from END (never the wall
clock), and nothing depends on dict or set iteration order of unordered data.

What the history contains: pages created, edited, renamed (R) and deleted (D) by people with a
long-tailed activity distribution in six offices; web-editor commits (committer GitHub);
pull-request merge commits (two parents) with Reviewed-by/Approved-by trailers; squash merges
with Co-authored-by trailers; Acked-by and Learned-from trailers (sometimes a bare name);
authors and trailers under .mailmap aliases; two bots; whitespace-only reformat commits listed
in .git-blame-ignore-revs; reverts ("This reverts commit <sha>.", shas read back from
fast-import with ``get-mark``) including one reverted revert; files with spaces and non-ASCII
names; and one binary PNG under docs/.

What an adopter's repository brings (each option off by default; ``--adopter`` turns all on):
``--start-outside``: the pages start at the repository root and a bot moves them into docs/;
``--renamed-docs-folder``: they live in ``_pages/`` first, which is renamed to docs/ (with
``--start-outside`` too: root -> _pages/ -> docs/, a chained move); ``--split-identities``: about
40 % of the people commit under several e-mails and name spellings (case, accents, "(she/her)",
a handle, a personal address) and there is no .mailmap; ``--import-commit``: one commit imports a
tenth of the pages at once; ``--code-share 0.9``: nine commits in ten change code only (src/), as
in a product repository with its docs beside the code. ``--truth FILE`` writes what the generator knows and git may not show
(every page's true creator, every human's identities) as JSON, to measure Committed against.

At company scale (``--pages 10000 --commits 300000 --people 5000`` takes a few minutes, most of
it in git fast-import): more than 1,000 people work in an office per 200 people (25 at 5,000,
a headquarters far larger than the newest office), 1 % of them share a colleague's name (each
with their own e-mail, contributor file and a numbered slug, ``ana-silva-2``), and a site of
more than 2,000 pages nests them in a folder per subject, as large wikis do.

The generator is the package ``scripts/demo/``, one module a responsibility (its ``__init__``
lists them); this file is its entry point and keeps the names tests read (``RELEASES``,
``ABOUT_PAGES``).
"""

from __future__ import annotations

from demo.cli import main
from demo.site import ABOUT_PAGES
from demo.vocabulary import RELEASES

__all__ = ["ABOUT_PAGES", "RELEASES", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
