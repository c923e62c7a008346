"""URLs into GitHub and GitLab: edit, view source, and a new file with prefilled content."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from committed.errors import CommittedError
from committed.forge import Forge


def test_github_from_mkdocs_settings() -> None:
    forge = Forge.from_config("https://github.com/acme/kb/", "edit/main/docs/")
    assert forge == Forge(kind="github", repo_url="https://github.com/acme/kb", branch="main", docs_path="docs/")
    assert forge.edit_url("security/handling-secrets.md") == \
        "https://github.com/acme/kb/edit/main/docs/security/handling-secrets.md"
    assert forge.view_url("security/handling-secrets.md") == \
        "https://github.com/acme/kb/blob/main/docs/security/handling-secrets.md"


def test_gitlab_from_host_and_from_edit_uri() -> None:
    by_host = Forge.from_config("https://gitlab.example.com/it/kb", "-/edit/trunk/site/docs/")
    assert (by_host.kind, by_host.branch, by_host.docs_path) == ("gitlab", "trunk", "site/docs/")
    assert by_host.edit_url("a b.md") == "https://gitlab.example.com/it/kb/-/edit/trunk/site/docs/a%20b.md"
    assert by_host.view_url("x/y.md") == "https://gitlab.example.com/it/kb/-/blob/trunk/site/docs/x/y.md"
    # A self-hosted GitLab whose host name does not say so: the "-/edit/" of the edit_uri does.
    by_uri = Forge.from_config("https://code.acme.test/it/kb", "-/edit/main/docs/")
    assert by_uri.kind == "gitlab"


def test_edit_uri_may_be_a_full_url_and_branch_may_contain_slashes() -> None:
    forge = Forge.from_config("https://github.com/acme/kb", "https://github.com/acme/kb/edit/release/2026/docs/",
                              branch="release/2026")
    assert (forge.branch, forge.docs_path) == ("release/2026", "docs/")
    assert forge.edit_url("index.md") == "https://github.com/acme/kb/edit/release/2026/docs/index.md"


def test_docs_at_the_repository_root() -> None:
    forge = Forge.from_config("https://github.com/acme/kb", "edit/main/")
    assert forge.docs_path == ""
    assert forge.new_file_url("tools", "new-page.md", "x").startswith("https://github.com/acme/kb/new/main/tools?")


def test_github_new_file_carries_name_and_content() -> None:
    forge = Forge.from_config("https://github.com/acme/kb", "edit/main/docs/")
    content = "---\ntitle: \"Q&A = 100% <yes>\"\n---\n\nBody with # and ?\n"
    url = forge.new_file_url("customer-support", "new-page.md", content)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/acme/kb/new/main/docs/customer-support"
    assert parse_qs(parts.query, keep_blank_values=True) == {"filename": ["new-page.md"], "value": [content]}
    assert " " not in url and "\n" not in url and "<" not in url


def test_gitlab_new_file_uses_gitlab_parameter_names() -> None:
    forge = Forge.from_config("https://gitlab.com/acme/kb", "-/edit/main/docs/")
    url = forge.new_file_url("data", "new-page.md", "hello\n")
    parts = urlsplit(url)
    assert parts.path == "/acme/kb/-/new/main/docs/data"
    assert parse_qs(parts.query) == {"file_name": ["new-page.md"], "content": ["hello\n"]}


def test_explicit_kind_wins_over_the_guess() -> None:
    forge = Forge.from_config("https://git.acme.test/kb", "edit/main/docs/", kind="gitlab")
    assert forge.kind == "gitlab"
    assert forge.edit_url("a.md") == "https://git.acme.test/kb/-/edit/main/docs/a.md"


@pytest.mark.parametrize(("repo_url", "edit_uri", "message"), [
    (None, "edit/main/docs/", "`repo_url` is not set"),
    ("ftp://example.com/kb", "edit/main/docs/", "must be an http(s) URL"),
    ("https://github.com/acme/kb", "https://other.example.com/edit/main/docs/", "outside `repo_url`"),
])
def test_bad_settings_are_explained(repo_url: str | None, edit_uri: str, message: str) -> None:
    with pytest.raises(CommittedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Forge.from_config(repo_url, edit_uri)


def test_unknown_kind_and_bad_file_names_are_refused() -> None:
    with pytest.raises(CommittedError, match="Unknown forge 'bitbucket'"):
        Forge.from_config("https://github.com/acme/kb", "edit/main/docs/", kind="bitbucket")
    forge = Forge.from_config("https://github.com/acme/kb", "edit/main/docs/")
    for name in ("../evil.md", "a/b.md", ""):
        with pytest.raises(CommittedError, match="plain file name"):
            forge.new_file_url("tools", name, "x")
