"""Fixtures for the browser tests: a demo site built once, served on 127.0.0.1, driven in Chromium.

Chromium is Debian's (``/usr/bin/chromium``, or ``COMMITTED_CHROMIUM``); Playwright's own browser
download is never used. Without Chromium the tests skip with the reason, unless
``COMMITTED_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns the skip into a failure.
Screenshots go to ``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}
DEMO_ARGS = ["--pages", "40", "--commits", "400", "--people", "15", "--seed", "7"]


def plugin_missing(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except ModuleNotFoundError:
        return True


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["SOURCE_DATE_EPOCH"] = "1780000000"
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def _need_browser(reason: str) -> None:
    if os.environ.get("COMMITTED_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (COMMITTED_REQUIRE_BROWSER=1, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("COMMITTED_CHROMIUM", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        _need_browser(f"Chromium not found at {path}: install Debian's package (`apt-get install chromium`) "
                      "or set COMMITTED_CHROMIUM to a Chromium binary")
    if importlib.util.find_spec("playwright") is None:
        _need_browser("the playwright Python package is not installed: pip install -e '.[test]'")
    return path


def build_demo(root: Path, args: Sequence[str] = DEMO_ARGS, config: Callable[[str], str] | None = None) -> Path:
    """The demo knowledge base (make_demo.py ``args``) in ``root``, its mkdocs.yml changed by
    ``config``, built with `mkdocs build` into ``root/site``."""
    env = _clean_env()
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_demo.py"), str(root), *args, "--force"],
                   check=True, env=env, capture_output=True)
    if config is not None:
        yml = root / "mkdocs.yml"
        yml.write_text(config(yml.read_text("utf-8")), "utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"),
                           "-d", str(root / "site")], env=env, capture_output=True, text=True, cwd=root)
    if proc.returncode != 0:
        raise AssertionError(f"mkdocs build of the demo failed:\n{proc.stdout}\n{proc.stderr}")
    return root


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo knowledge base (make_demo.py) built with `mkdocs build` once per session."""
    return build_demo(tmp_path_factory.mktemp("demo") / "kb")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def zensical_site(demo_site: Path) -> Path:
    """The same demo built by ``committed build --engine zensical`` (after MkDocs: its cache is reused)."""
    out = demo_site.parent / "site-zensical"
    proc = subprocess.run([sys.executable, "-m", "committed.cli", "build", "--engine", "zensical", "-d", str(out)],
                          env=_clean_env(), capture_output=True, text=True, cwd=demo_site)
    if proc.returncode != 0:
        raise AssertionError(f"committed build --engine zensical of the demo failed:\n{proc.stdout}\n{proc.stderr}")
    return out


def serve(folder: Path) -> Iterator[str]:
    """The files of ``folder`` served on 127.0.0.1 while the generator runs: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serve-{folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(demo_site: Path) -> Iterator[str]:
    yield from serve(demo_site / "site")


@pytest.fixture(scope="session")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    yield from serve(zensical_site)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# Waits (at most 3 s) for every finite CSS transition and animation to end. Material fades its tabs
# out when the page scrolls and its links' colours ease in: axe-core measured mid-fade sees a half
# transparent link and reports a contrast no reader ever sees once the page is still.
_SETTLE_ANIMATIONS = """() => Promise.race([
    Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
        .map(a => a.finished.catch(() => null))),
    new Promise(done => setTimeout(done, 3000))])"""


def axe_violations(page: object, options: dict[str, object] | None = None) -> list[dict[str, object]]:
    """axe-core's violations on ``page`` once it has stopped moving, at every severity."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(_SETTLE_ANIMATIONS)  # type: ignore[attr-defined]
    return list(Axe().run(page, options=options).response["violations"])


@dataclass
class Tab:
    """A page in a fresh browser context that records console errors and foreign requests."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every request the page made, own host included

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path.lstrip("/"), wait_until="load")  # type: ignore[attr-defined]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=False)  # type: ignore[attr-defined]
        return target


def open_tab(browser: object, base_url: str, viewport: dict[str, int], scheme: str = "light") -> Iterator[Tab]:
    """A fresh browser context at ``viewport`` preferring the ``scheme`` ("light" or "dark") colour
    scheme, every request intercepted: counted, and those for another host aborted."""
    context = browser.new_context(viewport=viewport, service_workers="block",  # type: ignore[attr-defined]
                                  color_scheme=scheme)
    own = urlsplit(base_url).netloc
    page = context.new_page()
    tab = Tab(page=page, base_url=base_url)

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        tab.requests.append(url)
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != own:
            tab.foreign_requests.append(url)
            route.abort()  # type: ignore[attr-defined]  # never leave the machine, but remember it
        else:
            route.continue_()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page.on("console", lambda msg: tab.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: tab.console_errors.append(f"uncaught: {exc}"))
    page.set_default_timeout(15_000)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def desktop(browser: object, base_url: str) -> Iterator[Tab]:
    yield from open_tab(browser, base_url, DESKTOP)


@pytest.fixture
def mobile(browser: object, base_url: str) -> Iterator[Tab]:
    yield from open_tab(browser, base_url, MOBILE)


@pytest.fixture
def zensical_desktop(browser: object, zensical_url: str) -> Iterator[Tab]:
    yield from open_tab(browser, zensical_url, DESKTOP)


@pytest.fixture
def zensical_mobile(browser: object, zensical_url: str) -> Iterator[Tab]:
    yield from open_tab(browser, zensical_url, MOBILE)
