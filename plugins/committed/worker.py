"""``python -m committed.worker``: run ``committed.site.make`` in its own process.

A site generator starts it, goes on with its own work (MkDocs renders the site's Markdown
meanwhile, on the other core) and collects the result when it needs it. The protocol is one
pickled ``(site.Request, fingerprint)`` on standard input and one pickled reply on standard output:
``("saved", (timings, rendered))`` when the outputs are kept in the cache under the fingerprint (``site.save``:
the site generator reads them from there a piece at a time, as the next build of the same inputs
will), ``("ok", Outputs)`` when they could not be kept, or ``("error", message)`` for a
CommittedError. Anything else is a bug, reported on standard error with its traceback.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys

from .errors import CommittedError
from .knowledge import forget
from .outwrite import Writer
from .site import make, save


def main() -> int:
    request, fingerprint = pickle.load(sys.stdin.buffer)
    if hasattr(os, "nice"):
        # Yield to the site generator: it is the build's critical path, this work has time to spare
        # (MkDocs renders the site's own pages for longer than this takes). git inherits it.
        with contextlib.suppress(OSError):
            os.nice(10)
    try:
        # The pieces go to the cache's pack as they are made (never all held at once), and
        # MkDocs reads them from there.
        writer = Writer.open(request.settings.cache_path, fingerprint)
        outputs = make(request, writer, remember=False)  # this process builds once
        # Nothing here builds again: the knowledge base goes before the index is written.
        forget()
        kept = save(request.settings.cache_path, fingerprint, outputs, writer)  # while MkDocs is still busy
        reply: tuple[str, object] = ("saved", (outputs.timings, outputs.rendered)) if kept else ("ok", outputs)
    except CommittedError as exc:
        reply = ("error", str(exc))
    pickle.dump(reply, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
