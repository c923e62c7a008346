"""The ``committed`` command line: a thin dispatcher over one module per subcommand.

Each subcommand module exposes ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Exit codes: 0 success, 1 findings (e.g. lint errors), 2 a user error the
message explains how to fix, 3 a bug (with a pointer to report it).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback
from collections.abc import Sequence

from .errors import CommittedError

COMMANDS = {
    "stats": "committed.commands.stats",
    "lint": "committed.lint.cli",
    "new": "committed.commands.new",
    "join": "committed.commands.join",
    "pages": "committed.commands.pages",
    "doctor": "committed.commands.doctor",
    "forge": "committed.commands.forge",
    "build": "committed.commands.build",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand's module is imported (a command starts
    faster than ``committed --help``, which imports them all)."""
    parser = argparse.ArgumentParser(prog="committed", description="Committed: a knowledge base people teach each other in.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        if only is not None and name != only:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("committed"):
                continue  # a subcommand not built yet
            raise
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(command).parse_args(argv)
    try:
        return int(args._run(args))
    except CommittedError as exc:
        print(f"committed {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception:  # pragma: no cover - a bug, not a user error
        traceback.print_exc()
        print("committed: internal error (exit 3). Please report it with the traceback above.", file=sys.stderr)
        return 3


def _version() -> str:
    from . import __version__
    return __version__


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
