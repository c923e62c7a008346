"""The one ``git fast-import`` process the whole history is written through."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import BinaryIO

Op = tuple  # ("M", path, data) | ("D", path) | ("R", old, new)


def quote(path: str) -> bytes:
    return b'"' + path.encode().replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


class FastImport:
    """One ``git fast-import`` process; commits are numbered by marks; shas via get-mark."""

    def __init__(self, repo: Path) -> None:
        self.proc = subprocess.Popen(["git", "-c", "core.compression=1", "fast-import", "--quiet", "--done"], cwd=repo,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin: BinaryIO = self.proc.stdin
        self.stdout: BinaryIO = self.proc.stdout
        self.buf: list[bytes] = [b"feature done\nfeature get-mark\n"]
        self.size = 0
        self.marks = 0
        self.commits = 0

    def _put(self, data: bytes) -> None:
        self.buf.append(data)
        self.size += len(data)
        if self.size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        self.stdin.write(b"".join(self.buf))
        self.stdin.flush()
        self.buf, self.size = [], 0

    def commit(self, ref: str, author: str, when: tuple[int, str], message: str, ops: list[Op], *,
               committer: str | None = None, committed: tuple[int, str] | None = None,
               parent: int | None = None, merge: int | None = None) -> int:
        self.marks += 1
        self.commits += 1
        msg = message.encode()
        out = [f"commit {ref}\nmark :{self.marks}\n".encode(),
               f"author {author} {when[0]} {when[1]}\n".encode(),
               f"committer {committer or author} {(committed or when)[0]} {(committed or when)[1]}\n".encode(),
               b"data %d\n%s\n" % (len(msg), msg)]
        if parent is not None:
            out.append(b"from :%d\n" % parent)
        if merge is not None:
            out.append(b"merge :%d\n" % merge)
        for op in ops:
            if op[0] == "M":
                out.append(b"M 100644 inline %s\ndata %d\n%s\n" % (quote(op[1]), len(op[2]), op[2]))
            elif op[0] == "D":
                out.append(b"D %s\n" % quote(op[1]))
            else:
                out.append(b"R %s %s\n" % (quote(op[1]), quote(op[2])))
        self._put(b"".join(out) + b"\n")
        return self.marks

    def sha(self, mark: int) -> str:
        self._put(b"get-mark :%d\n" % mark)
        self.flush()
        return self.stdout.readline().decode().strip()

    def close(self) -> None:
        self._put(b"done\n")
        self.flush()
        self.stdin.close()
        if self.proc.wait() != 0:
            raise RuntimeError("git fast-import failed")
