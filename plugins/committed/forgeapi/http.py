"""A small JSON-over-HTTPS client for forge APIs, on the standard library's urllib.

- Pagination: the ``Link: <...>; rel="next"`` header (GitHub and GitLab), else GitLab's
  ``X-Next-Page``.
- Transient failures (500, 502, 503, 504, a dropped connection) are retried with exponential
  backoff, honouring ``Retry-After`` when the server sends one.
- Rate limits: a 429, or a 403 that says so (``Retry-After``, ``X-RateLimit-Remaining: 0`` or
  GitHub's "secondary rate limit" message), waits as long as the server asks (``Retry-After``,
  else until ``X-RateLimit-Reset`` / ``RateLimit-Reset``, else a minute) and tries again. A
  response that leaves no requests in the window makes the next request wait for the reset.
  A wait longer than ``max_wait`` stops with an error saying when to run again.
- The token goes in a header only, never in a URL or a message, and is not sent on a redirect
  to another host. Errors say what to fix (token refused, no access, not found).

``sleep`` and ``clock`` are injectable, so tests replay rate limits without waiting.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from ..errors import CommittedError

TRANSIENT = (500, 502, 503, 504)
_LINK_NEXT = re.compile(r'<([^>]+)>\s*;[^,]*\brel="?next"?')


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]  # lower-cased names
    data: Any
    url: str


class RateLimited(CommittedError):
    """The forge asks for a longer wait than allowed: run again later (the ledger is kept)."""


@dataclass
class Client:
    """GET requests against ``base_url`` (e.g. ``https://api.github.com``)."""

    base_url: str
    auth: tuple[str, str] | None = None  # (header, value): ("Authorization", "Bearer ...")
    token_env: str = ""  # the environment variable the token came from, for messages
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    max_wait: float = 900.0  # seconds: the longest rate-limit wait before giving up
    retries: int = 5  # attempts after the first, for transient failures and rate limits
    timeout: float = 60.0
    on_wait: Callable[[float, str], None] | None = None  # told before each wait (seconds, why)
    waits: list[float] = field(default_factory=list)  # every wait, in seconds
    requests: int = 0
    dates: list[str] = field(default_factory=list)  # the server's Date header of each answer
    _not_before: float = 0.0

    def url(self, path: str, params: Mapping[str, object] | None = None) -> str:
        url = path if path.startswith(("http://", "https://")) else urljoin(self.base_url.rstrip("/") + "/", path.lstrip("/"))
        if params:
            url += ("&" if "?" in url else "?") + urlencode({k: str(v) for k, v in params.items()})
        return url

    def get(self, path: str, params: Mapping[str, object] | None = None) -> Response:
        url = self.url(path, params)
        attempt = 0
        while True:
            self._wait_for_window()
            status, headers, body = self._fetch(url)
            self.requests += 1
            if "date" in headers:
                self.dates.append(headers["date"])
            if 200 <= status < 300:
                self._note_window(headers)
                return Response(status, headers, _json(body, url), url)
            wait = self._retry_after(status, headers, body, attempt)
            if wait is None or attempt >= self.retries:
                raise self._error(status, headers, body, url)
            if wait > self.max_wait:
                raise RateLimited(f"the forge asks to wait {wait:.0f} s before the next request ({_host(url)}), "
                                  f"more than the {self.max_wait:.0f} s allowed.",
                                  hint="run the fetch again later: it goes on where it stopped (or raise --max-wait).")
            self._pause(wait, f"HTTP {status}")
            attempt += 1

    def pages(self, path: str, params: Mapping[str, object] | None = None, *, limit: int = 10_000) -> Iterator[Response]:
        """Every page of a list, following ``Link: rel="next"`` or ``X-Next-Page``."""
        response = self.get(path, params)
        for _ in range(limit):
            yield response
            nxt = _next_url(response)
            if nxt is None:
                return
            response = self.get(nxt)

    def items(self, path: str, params: Mapping[str, object] | None = None) -> Iterator[Any]:
        for response in self.pages(path, params):
            if not isinstance(response.data, list):
                raise CommittedError(f"{_host(response.url)} answered {_path(response.url)} with something "
                                     "other than a list.", hint="check the API URL (--api-url).")
            yield from response.data

    # -- internals ----------------------------------------------------------------------------

    def _fetch(self, url: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "committed-forge-fetch"})
        opener = urllib.request.build_opener(_SameHostAuth(self.auth, urlsplit(url).netloc))
        if self.auth:
            request.add_header(*self.auth)
        try:
            with opener.open(request, timeout=self.timeout) as answer:
                return answer.status, _lower(answer.headers), answer.read()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, _lower(exc.headers), exc.read()
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return 0, {}, str(reason).encode()

    def _retry_after(self, status: int, headers: Mapping[str, str], body: bytes, attempt: int) -> float | None:
        """How long to wait before trying again, or None if trying again cannot help."""
        after = _seconds(headers.get("retry-after"), self.clock())
        if status in TRANSIENT or status == 0:
            return after if after is not None else float(2 ** attempt)
        limited = status == 429 or (status == 403 and (
            after is not None or headers.get("x-ratelimit-remaining") == "0"
            or b"rate limit" in body.lower()))
        if not limited:
            return None
        if after is not None:
            return after
        reset = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
        if reset and reset.isdigit():
            return max(1.0, float(reset) - self.clock() + 1)
        return 60.0 * (attempt + 1)

    def _note_window(self, headers: Mapping[str, str]) -> None:
        remaining = headers.get("x-ratelimit-remaining") or headers.get("ratelimit-remaining")
        reset = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
        if remaining == "0" and reset and reset.isdigit():
            self._not_before = float(reset) + 1

    def _wait_for_window(self) -> None:
        if self._not_before:
            wait, self._not_before = self._not_before - self.clock(), 0.0
            if wait > self.max_wait:
                raise RateLimited(f"the forge's rate limit is used up for the next {wait:.0f} s, more than the "
                                  f"{self.max_wait:.0f} s allowed.",
                                  hint="run the fetch again later: it goes on where it stopped (or raise --max-wait).")
            if wait > 0:
                self._pause(wait, "rate limit used up")

    def _pause(self, seconds: float, why: str) -> None:
        self.waits.append(seconds)
        if self.on_wait is not None:
            self.on_wait(seconds, why)
        self.sleep(seconds)

    def _error(self, status: int, headers: Mapping[str, str], body: bytes, url: str) -> CommittedError:
        host, where = _host(url), _path(url)
        said = self._scrub(_message(body))
        said = f' ("{said}")' if said else ""
        token = f"the token in ${self.token_env}" if self.token_env and self.auth else "an anonymous request"
        if status == 0:
            return CommittedError(f"cannot reach {host}{said}.", hint="check the API URL (--api-url) and the network.")
        if status == 401:
            return CommittedError(f"{host} refused {token} (HTTP 401){said}.",
                                  hint="the token is wrong or expired: give the job a valid one.")
        if status in (403, 404):
            return CommittedError(f"{token} has no access to {where} on {host} (HTTP {status}){said}.",
                                  hint="check the project (--project) and give the token read access to pull "
                                       "requests (GitHub: `pull-requests: read`; GitLab: the `read_api` scope).")
        if status in TRANSIENT or status == 429:
            return CommittedError(f"{host} kept failing (HTTP {status}) on {where}{said}.",
                                  hint="run the fetch again later: it goes on where it stopped.")
        return CommittedError(f"{host} answered HTTP {status} on {where}{said}.")

    def _scrub(self, text: str) -> str:
        if self.auth:
            secret = self.auth[1].split()[-1]
            if secret:
                text = text.replace(secret, "***")
        return text


class _SameHostAuth(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but carry the token only to the host it was meant for."""

    def __init__(self, auth: tuple[str, str] | None, host: str) -> None:
        self.auth, self.host = auth, host

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN201
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and self.auth and urlsplit(newurl).netloc != self.host:
            new.remove_header(self.auth[0].capitalize())
            new.remove_header(self.auth[0])
        return new


def _lower(headers: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()} if headers is not None else {}


def _json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, ValueError) as exc:
        raise CommittedError(f"{_host(url)} answered {_path(url)} with something that is not JSON.",
                             hint="check the API URL (--api-url): it should be the forge's REST API.") from exc


def _message(body: bytes) -> str:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(data, dict):
        return ""
    text = data.get("message") or data.get("error") or ""
    return " ".join(str(text).split())[:200]


def _seconds(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


def _next_url(response: Response) -> str | None:
    match = _LINK_NEXT.search(response.headers.get("link", ""))
    if match:
        return match[1]
    page = response.headers.get("x-next-page", "").strip()
    if page.isdigit():
        parts = urlsplit(response.url)
        query = [q for q in parts.query.split("&") if q and not q.startswith("page=")]
        return parts._replace(query="&".join([*query, f"page={page}"])).geturl()
    return None


def _host(url: str) -> str:
    return urlsplit(url).netloc


def _path(url: str) -> str:
    return urlsplit(url).path
