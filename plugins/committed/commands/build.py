"""``committed build``: the complete site with any site generator, in one command.

``--engine mkdocs`` (the default) and ``--engine properdocs`` run that generator's ``build``, whose
Committed plugins do the work; ``--engine zensical`` stages a build copy of the docs folder with
Committed's pages in it and runs ``zensical build`` on it (``committed.engines.zensical``). All three
read the same ``mkdocs.yml`` and share the cache in ``.cache/committed/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..engines import ENGINES
from ..engines.siteconfig import find_config, load_site_config

HELP = "build the complete site with MkDocs, ProperDocs or Zensical"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs", help="the site generator (default: mkdocs)")
    parser.add_argument("-f", "--config-file", help="the site's configuration (default: ./mkdocs.yml)")
    parser.add_argument("-d", "--site-dir", help="where the site goes (default: the configuration's site_dir)")
    parser.add_argument("--strict", action="store_true", help="stop on the generator's warnings")


def run(args: argparse.Namespace) -> int:
    site = load_site_config(Path(args.config_file) if args.config_file else find_config(Path.cwd()))
    out = Path(args.site_dir) if args.site_dir else None
    if args.engine == "zensical":
        from ..engines import zensical

        result = zensical.build(site, out, strict=args.strict)
        times = ", ".join(f"{k} {v:.2f} s" for k, v in result.seconds.items())
        source = "from the cache" if result.reused else "made now"
        print(f"committed build: zensical built {result.pages} pages into {result.site} "
              f"(Committed's pages {source}; {result.written} staged files changed; {times})")
        return 0
    from ..engines import mkdocs

    seconds = mkdocs.build(site, args.engine, out, strict=args.strict)
    print(f"committed build: {args.engine} built {out or site.site_dir} in {seconds[args.engine]:.2f} s")
    return 0
