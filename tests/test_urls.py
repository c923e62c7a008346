"""Site URLs and relative links, as MkDocs lays pages out."""

from __future__ import annotations

import pytest

from committed.urls import page_url, relative


@pytest.mark.parametrize(("src", "directory_urls", "url"), [
    ("index.md", True, ""), ("guide/index.md", True, "guide/"), ("guide/a.md", True, "guide/a/"),
    ("guide/a.md", False, "guide/a.html"), ("README.md", True, ""), ("b é.md", True, "b é/"),
])
def test_page_url(src: str, directory_urls: bool, url: str) -> None:
    assert page_url(src, directory_urls) == url


@pytest.mark.parametrize(("src", "dst", "href"), [
    ("people/ana/", "topic/page/", "../../topic/page/"),
    ("people/ana/", "people/bob/", "../bob/"),
    ("", "people/", "people/"),
    ("a/b/", "a/b/", "./"),
    ("x/", "", "../"),
    ("people/ana/", "b é/x/", "../../b%20%C3%A9/x/"),
    ("people/", "people/ana/", "ana/"),
    ("a.html", "b/c.html", "b/c.html"),
    ("x/a.html", "x/b.html", "b.html"),
    ("people/ana/", "people/avatars/ana.png", "../avatars/ana.png"),
    ("", "", "./"),
    ("a b/", "a b/c#d e", "c#d%20e"),
    ("x/y/", "ü/", "../../%C3%BC/"),
])
def test_relative_links(src: str, dst: str, href: str) -> None:
    assert relative(src, dst) == href
