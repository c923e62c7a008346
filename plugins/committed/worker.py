"""``python -m committed.worker``: run ``committed.site.make`` in its own process.

A site generator starts it, goes on with its own work (MkDocs renders the site's Markdown
meanwhile, on the other core) and collects the result when it needs it. The protocol is one
pickled ``site.Request`` on standard input and one pickled reply on standard output: ``("ok",
Outputs)`` or ``("error", message)`` for a CommittedError. Anything else is a bug, reported on
standard error with its traceback.
"""

from __future__ import annotations

import pickle
import sys

from .errors import CommittedError
from .site import make


def main() -> int:
    request = pickle.load(sys.stdin.buffer)
    try:
        reply: tuple[str, object] = ("ok", make(request))
    except CommittedError as exc:
        reply = ("error", str(exc))
    pickle.dump(reply, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
