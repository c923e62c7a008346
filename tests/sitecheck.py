"""What a reader gets from a built site, read back from its HTML: to compare the same knowledge base
built by different site generators (MkDocs, ProperDocs, Zensical) on what Committed adds to it."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

from sitebuild import known_emails

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
MARKER = re.compile(r"<!--\s*committed:")
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".md", ".txt", ".js", ".css"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class _Reader(HTMLParser):
    """One page: its credits block (who, linked where), the text of Committed's own elements, and
    the links of its navigation."""

    credits: list[tuple[str, str]] = field(default_factory=list)  # (name, href) in the credits block
    credits_text: str = ""
    committed_text: list[str] = field(default_factory=list)  # outermost `committed-*` elements' text
    nav_links: list[str] = field(default_factory=list)
    committed_links: list[str] = field(default_factory=list)  # href and src inside `committed-*` elements
    assets: list[str] = field(default_factory=list)  # Committed's stylesheets and scripts the page loads

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[str, bool, bool, bool]] = []  # (tag, in credits, in committed, in nav)
        self._chunks: list[str] = []

    def _inside(self, index: int) -> bool:
        return bool(self._stack) and self._stack[-1][index]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        credits = self._inside(1) or "committed-credits" in classes
        nav = self._inside(3) or (tag == "nav" and "md-nav--primary" in classes)
        # Names for screen readers that the authoring plugin gives Material's own navigation markup
        # are a fix of that theme's HTML, not something Committed adds to the knowledge base.
        committed = self._inside(2) or (any(c.startswith("committed-") for c in classes)
                                        and not (nav and classes == ["committed-sr-only"]))
        if committed and not self._inside(2):
            self._chunks = []
        for key in ("href", "src"):
            if tag in ("link", "script") and "assets/committed/" in a.get(key, ""):
                self.assets.append(a[key].split("assets/committed/")[1].split("?")[0])
        if tag == "a" and credits and "href" in a:
            self.credits.append(("", a["href"]))
        if committed:
            self.committed_links += [a[k] for k in ("href", "src") if k in a]
        if tag == "a" and nav and "href" in a:
            self.nav_links.append(a["href"])
        if tag not in _VOID:
            self._stack.append((tag, credits, committed, nav))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            name, _, committed, _ = self._stack.pop()
            if committed and not self._inside(2):
                self.committed_text.append(" ".join(" ".join(self._chunks).split()))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._inside(1):
            self.credits_text += data
            if self.credits and self.credits[-1][0] == "" and self._stack[-1][0] == "a":
                self.credits[-1] = (data.strip(), self.credits[-1][1])
        if self._inside(2):
            self._chunks.append(data)


@dataclass(frozen=True)
class Page:
    credits: tuple[tuple[str, str], ...]
    credits_text: str
    committed_text: tuple[str, ...]
    nav_links: tuple[str, ...]  # in the order the primary navigation lists them
    committed_links: tuple[str, ...]
    assets: frozenset[str]


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text("utf-8"))
    reader.close()
    return Page(tuple(reader.credits), " ".join(reader.credits_text.split()), tuple(reader.committed_text),
                tuple(reader.nav_links), tuple(reader.committed_links), frozenset(reader.assets))


def html_pages(site: Path) -> list[str]:
    """Every page of the site, as its URL path (``people/ana/``), the 404 page left out."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.parent != site else ""
                  for p in site.rglob("index.html"))


def read_site(site: Path) -> dict[str, Page]:
    return {url: read_page(site / url / "index.html") for url in html_pages(site)}


def profiles(site: Path, prefix: str = "people") -> set[str]:
    return {url for url in html_pages(site) if url.startswith(f"{prefix}/") and url.count("/") == 2}


def emails(site: Path) -> list[str]:
    """Every e-mail address (or what looks like one) in any text file of the site."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            found += [f"{path.relative_to(site)}: {m}" for m in EMAIL.findall(path.read_text("utf-8", "replace"))]
    return found


def markers(site: Path) -> list[str]:
    """Files holding one of Committed's internal ``<!--committed:...-->`` markers."""
    return [path.relative_to(site).as_posix() for path in sorted(site.rglob("*"))
            if path.is_file() and path.suffix in TEXT_SUFFIXES and MARKER.search(path.read_text("utf-8", "replace"))]


def _absolute(url: str, href: str) -> str:
    return urljoin(f"/{url}", href).split("#")[0]


def _targets(url: str, links: tuple[str, ...]) -> list[str]:
    """Links as the browser follows them: ``.././`` and ``../`` from ``people/ana/`` are both ``/``."""
    return [link if link.startswith(("http:", "https:")) else posixpath.normpath(urljoin(f"/{url}", link))
            for link in links]


def nav_targets(pages: dict[str, Page]) -> set[str]:
    """Every page any page's primary navigation links to, as an absolute path (``/people/``)."""
    return {_absolute(url, href) for url, page in pages.items() for href in page.nav_links
            if not href.startswith(("http:", "https:"))}


def assert_same_knowledge_base(reference: Path, other: Path, root: Path) -> None:
    """``other`` shows what Committed adds exactly as ``reference`` (the MkDocs build) does: the same
    profile pages; on every page the same credits (names and links), "Add a page here" links and
    Committed elements; the same leaderboard figures and exports; the guidelines page; profiles out
    of the navigation; and no e-mail address or internal marker anywhere."""
    ref, got = read_site(reference), read_site(other)
    assert profiles(reference) and profiles(other) == profiles(reference)
    credited = {url for url, page in ref.items() if page.credits}
    assert credited and {url for url, page in got.items() if page.credits} == credited
    for url, page in ref.items():
        assert _targets(url, got[url].nav_links) == _targets(url, page.nav_links), f"{url}: not the same navigation"
        assert got[url].assets == page.assets, f"{url}: not the same Committed styles and scripts"
        if not page.committed_text:
            continue
        assert url in got, f"{url} is missing"
        assert got[url].credits == page.credits, url
        assert got[url].credits_text == page.credits_text, url
        assert got[url].committed_text == page.committed_text, url
        assert _targets(url, got[url].committed_links) == _targets(url, page.committed_links), url
    missing = sorted({f"{url} -> {t}" for url, page in got.items() for t in _targets(url, page.committed_links)
                      if t.startswith("/") and not (other / unquote(t).lstrip("/")).exists()})
    assert not missing, missing[:10]
    for export in ("committed/stats.json", "committed/people.csv"):
        assert (other / export).read_bytes() == (reference / export).read_bytes(), export
    assert "committed/guidelines/" in got
    nav = nav_targets(got)
    assert nav and not {t for t in nav if t.count("/") == 3 and t.startswith("/people/")}, "profiles in the navigation"
    assert ("/people/" in nav) == ("/people/" in nav_targets(ref))
    leaked = [f"{p.relative_to(other)}: {e}" for p in sorted(other.rglob("*")) if p.is_file()
              and p.suffix in TEXT_SUFFIXES for e in known_emails(root) if e in p.read_text("utf-8", "replace")]
    assert not leaked, leaked
    assert not markers(other)
