"""A forge API on 127.0.0.1 for tests: replays answers in the shapes GitHub and GitLab give.

    server = ForgeServer()            # started in a thread, stopped by close()
    server.pages("/repos/acme/kb/pulls", items, per_page=2, style="github")
    server.add("/repos/acme/kb/pulls/1/reviews", Reply(502), Reply(200, [...]))

A path's replies are given in turn; the last one repeats. Lists are paginated the forge's way:
GitHub with a ``Link`` header (``rel="next"``, ``rel="last"``), GitLab with ``Link`` and
``X-Next-Page`` / ``X-Page`` / ``X-Total`` (or ``X-Next-Page`` alone with ``link=False``). Every
answer carries rate-limit headers and a fixed ``Date``. ``server.seen`` lists the requests
(path with query, and the auth headers) in order.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

DATE = "Mon, 30 Nov 2026 12:00:00 GMT"
RESET = 1_796_040_000  # X-RateLimit-Reset of every answer (epoch seconds)


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    path: str  # with the query
    auth: dict[str, str]


class ForgeServer:
    def __init__(self, token: str | None = None, token_header: str = "Authorization") -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.seen: list[Seen] = []
        self.token, self.token_header = token, token_header
        self.remaining = 4999
        handler = type("Handler", (_Handler,), {"forge": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add(self, path: str, *replies: Reply, page: str = "1") -> None:
        self.routes[(path, page)] = list(replies)

    def pages(self, path: str, items: list[Any], *, per_page: int = 100, style: str = "github",
              link: bool = True, first: tuple[Reply, ...] = ()) -> None:
        """``items`` served ``per_page`` at a time; ``first``: replies given before page 1's."""
        chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
        for n, chunk in enumerate(chunks, 1):
            self.routes[(path, str(n))] = [*(first if n == 1 else ()), Reply(200, chunk, {"_page": str(n),
                                           "_last": str(len(chunks)), "_style": style, "_link": str(link),
                                           "_total": str(len(items)), "_per": str(per_page)})]

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]


class _Handler(BaseHTTPRequestHandler):
    forge: ForgeServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def date_time_string(self, timestamp: float | None = None) -> str:
        return DATE

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        forge = self.forge
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query))
        auth = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "private-token", "job-token")}
        forge.seen.append(Seen(self.path, auth))
        if forge.token is not None and self.headers.get(forge.token_header) != forge.token:
            self._send(Reply(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}))
            return
        replies = forge.routes.get((parts.path, query.get("page", "1")))
        if not replies:
            self._send(Reply(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}))
            return
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        self._send(reply, parts.path, query)

    def _send(self, reply: Reply, path: str = "", query: dict[str, str] | None = None) -> None:
        headers = {k: v for k, v in reply.headers.items() if not k.startswith("_")}
        meta = {k: v for k, v in reply.headers.items() if k.startswith("_")}
        if meta and query is not None:
            headers.update(_pagination(self.forge.url + path, query, meta))
        body = json.dumps(reply.body).encode() if reply.body is not None else b""
        # One answer says the window is used up, then a new window starts (the client waited).
        self.forge.remaining = self.forge.remaining - 1 if self.forge.remaining > 0 else 4999
        self.send_response(reply.status)
        base = {"Content-Type": "application/json; charset=utf-8", "Content-Length": str(len(body)),
                "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": str(self.forge.remaining),
                "X-RateLimit-Reset": str(RESET), "X-RateLimit-Used": str(5000 - self.forge.remaining),
                "X-RateLimit-Resource": "core"}
        for key, value in {**base, **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


def _pagination(base: str, query: dict[str, str], meta: dict[str, str]) -> dict[str, str]:
    page, last = int(meta["_page"]), int(meta["_last"])

    def url(n: int) -> str:
        return f"{base}?{urlencode({**query, 'page': str(n)})}"

    links = []
    if page < last:
        links.append(f'<{url(page + 1)}>; rel="next"')
    if page > 1:
        links.append(f'<{url(page - 1)}>; rel="prev"')
    links += [f'<{url(1)}>; rel="first"', f'<{url(last)}>; rel="last"']
    out: dict[str, str] = {}
    if meta["_link"] == "True" and (meta["_style"] == "gitlab" or page < last or page > 1):
        out["Link"] = ", ".join(links)
    if meta["_style"] == "gitlab":
        out.update({"X-Page": str(page), "X-Per-Page": meta["_per"], "X-Next-Page": str(page + 1) if page < last else "",
                    "X-Prev-Page": str(page - 1) if page > 1 else "", "X-Total": meta["_total"],
                    "X-Total-Pages": str(last)})
    return out
