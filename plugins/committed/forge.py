"""Links into the forge (GitHub or GitLab) that hosts the knowledge base.

Builds the URLs behind a page's "edit" and "view source" buttons and behind a topic's "add a page
here" link, which opens the forge's web editor on a new file with its content already filled in,
and behind "Request a page", which opens the forge's new-issue form with the page-request template:

- GitHub: ``<repo>/new/<branch>/<folder>?filename=<name>&value=<content>``
- GitLab: ``<repo>/-/new/<branch>/<folder>?file_name=<name>&content=<content>``

Everything is derived from MkDocs' ``repo_url`` and ``edit_uri`` (for example
``https://github.com/acme/kb`` and ``edit/main/docs/``). No MkDocs import here.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode, urlsplit

from .errors import CommittedError

ForgeKind = Literal["github", "gitlab"]
KINDS: tuple[ForgeKind, ...] = ("github", "gitlab")

# Verbs that start an edit_uri, per forge: GitHub "edit/<branch>/docs/", GitLab "-/edit/<branch>/docs/".
_GITHUB_VERBS = ("edit", "blob", "tree", "raw")
_GITLAB_VERBS = ("-/edit", "-/blob", "-/tree", "-/raw", "edit", "blob", "tree", "raw")


def _quote_path(path: str) -> str:
    return quote(path, safe="/")


@dataclass(frozen=True)
class Forge:
    """Where the knowledge base's files live: a repository, a branch and the docs folder in it."""

    kind: ForgeKind
    repo_url: str  # no trailing slash
    branch: str
    docs_path: str  # folder of the docs inside the repository, "" or ending with "/"

    def _prefix(self) -> str:
        return f"{self.repo_url}/-" if self.kind == "gitlab" else self.repo_url

    def _repo_path(self, src_uri: str) -> str:
        return self.docs_path + src_uri.lstrip("/")

    def edit_url(self, src_uri: str) -> str:
        """The web editor on an existing docs file (``src_uri`` is relative to the docs folder)."""
        return f"{self._prefix()}/edit/{_quote_path(self.branch)}/{_quote_path(self._repo_path(src_uri))}"

    def view_url(self, src_uri: str) -> str:
        """The forge's page showing the file's source."""
        return f"{self._prefix()}/blob/{_quote_path(self.branch)}/{_quote_path(self._repo_path(src_uri))}"

    def new_file_url(self, folder: str, filename: str, content: str) -> str:
        """The web editor on a new file ``filename`` in docs folder ``folder``, prefilled with ``content``."""
        if "/" in filename or filename in ("", ".", ".."):
            raise CommittedError(f"A new file's name must be a plain file name, not {filename!r}.")
        target = posixpath.join(self.docs_path, folder.strip("/"))
        target = target.strip("/")
        base = f"{self._prefix()}/new/{_quote_path(self.branch)}/{_quote_path(target)}"
        if self.kind == "gitlab":
            query = {"file_name": filename, "content": content}
        else:
            query = {"filename": filename, "value": content}
        return f"{base}?{urlencode(query, quote_via=quote, safe='')}"

    def new_issue_url(self, template: str, *, title: str, fields: dict[str, str] | None = None) -> str:
        """The forge's new-issue form with ``template`` (a file in ``.github/ISSUE_TEMPLATE/`` on
        GitHub, named without ``.md`` in ``.gitlab/issue_templates/`` on GitLab), the title and the
        template's fields prefilled (GitHub issue forms take a field's id as a query parameter;
        GitLab gets them as the first lines of the description)."""
        fields = fields or {}
        if self.kind == "gitlab":
            stem = template.rsplit(".", 1)[0]
            description = "".join(f"{key.capitalize()}: {value}\n" for key, value in fields.items())
            query = {"issuable_template": stem, "issue[title]": title,
                     **({"issue[description]": description} if description else {})}
            return f"{self._prefix()}/issues/new?{urlencode(query, quote_via=quote, safe='')}"
        query = {"template": template, "title": title, **fields}
        return f"{self.repo_url}/issues/new?{urlencode(query, quote_via=quote, safe='')}"

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None, *, branch: str | None = None,
                    kind: str | None = None, docs_path: str | None = None) -> Forge:
        """Read the forge from MkDocs' ``repo_url`` and ``edit_uri``.

        ``kind``, ``branch`` and ``docs_path`` override what is guessed: the kind from the host
        name (``github`` or ``gitlab`` in it) or from the ``edit_uri`` (``-/edit/`` is GitLab's);
        the branch and docs folder from the ``edit_uri`` (``edit/<branch>/<docs_path>``).
        """
        if not repo_url:
            raise CommittedError("`repo_url` is not set in mkdocs.yml, so there is no forge to link to.",
                                 hint="Set `repo_url: https://github.com/<org>/<repo>` (or your GitLab project's URL).")
        parts = urlsplit(repo_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommittedError(f"`repo_url` must be an http(s) URL, not {repo_url!r}.")
        repo_url = repo_url.rstrip("/")
        uri = (edit_uri or "").strip()
        if uri.startswith(("http://", "https://")):
            if not uri.startswith(repo_url + "/"):
                raise CommittedError(f"`edit_uri` {uri!r} is a URL outside `repo_url` {repo_url!r}.",
                                     hint="Use a path relative to repo_url, such as `edit/main/docs/`.")
            uri = uri[len(repo_url) + 1:]
        uri = uri.lstrip("/")

        guessed = kind
        if guessed is None:
            host = parts.netloc.lower()
            if uri.startswith("-/") or "gitlab" in host:
                guessed = "gitlab"
            else:
                guessed = "github"  # github.com, GitHub Enterprise and look-alikes (Gitea, Forgejo)
        if guessed not in KINDS:
            raise CommittedError(f"Unknown forge {guessed!r}.", hint=f"Use one of: {', '.join(KINDS)}.")

        verbs = _GITLAB_VERBS if guessed == "gitlab" else _GITHUB_VERBS
        rest = ""
        guessed_branch = None
        for verb in verbs:
            if uri == verb or uri.startswith(verb + "/"):
                rest = uri[len(verb) + 1:]
                guessed_branch, _, rest = rest.partition("/")
                break
        if branch is None:
            branch = guessed_branch or "main"
        elif guessed_branch and rest and uri.startswith(tuple(v + "/" + branch + "/" for v in verbs)):
            # A branch with slashes given explicitly: what follows it is the docs folder.
            rest = uri.split(f"/{branch}/", 1)[1]
        if docs_path is None:
            docs_path = rest if guessed_branch is not None else "docs/"
        docs_path = docs_path.strip("/")
        docs_path = f"{docs_path}/" if docs_path else ""
        return cls(kind=guessed, repo_url=repo_url, branch=branch, docs_path=docs_path)
