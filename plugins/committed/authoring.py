"""Writing pages: the topics, a new page's file name and its starting text.

Shared by ``committed new`` (which writes the file) and the ``committed/authoring`` MkDocs plugin
(whose "add a page here" link hands the same text to the forge's web editor). No MkDocs import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml
from markupsafe import Markup

from .errors import CommittedError
from .forge import Forge
from .templating import render
from .yamlfile import load_mapping

DEFAULT_TOPICS: tuple[str, ...] = (
    "onboarding", "engineering", "security", "data", "product", "sales", "customer-support",
    "operations", "people-and-culture", "tools", "committed",
)
GUIDELINES_FILE = "guidelines.yml"
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._'()/@+-]*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def load_topics(root: Path) -> tuple[str, ...]:
    """The valid topics: ``topics`` in ``<root>/guidelines.yml`` when it lists them, else the defaults.

    ``topics`` may be a list of names, a list of mappings with a ``slug``/``id``/``name`` key, or a
    mapping whose keys are the names.
    """
    path = root / GUIDELINES_FILE
    if not path.is_file():
        return DEFAULT_TOPICS
    doc = load_mapping(path, display=GUIDELINES_FILE)
    raw = doc.data.get("topics")
    if raw is None:
        return DEFAULT_TOPICS
    names: list[str] = []
    items = list(raw) if isinstance(raw, (list, dict)) else None
    if items is None:
        raise CommittedError("`topics` must be a list of topic names.", path=GUIDELINES_FILE, line=doc.line("topics"))
    for item in items:
        if isinstance(item, dict):
            item = next((item[k] for k in ("slug", "id", "name") if k in item), None)
        if not isinstance(item, str) or not item.strip():
            raise CommittedError("`topics` must be a list of topic names.", path=GUIDELINES_FILE,
                                 line=doc.line("topics"))
        names.append(item.strip())
    return tuple(names) or DEFAULT_TOPICS


def yaml_scalar(value: object) -> Markup:
    """``value`` as a one-line YAML scalar a person can read and edit: plain when that reads back
    as the same text, else double-quoted (non-ASCII letters kept as they are)."""
    text = str(value)
    if _PLAIN.match(text) and not text.endswith(" ") and yaml.safe_load(text) == text:
        return Markup(text)
    dumped = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=float("inf"))
    return Markup(dumped.strip())


def page_slug(title: str) -> str:
    """A file name stem for a page title: lower-case ASCII words joined by dashes."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)[:80].strip("-")
    return slug


def front_matter(text: str) -> dict[str, object]:
    """The YAML front matter of a Markdown page ({} when it has none or it is not a mapping)."""
    match = _FRONT_MATTER.match(text)
    if not match or not match.group(1):
        return {}
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def new_page_text(*, title: str, topic: str, owner: str, tags: Sequence[str], reviewed: date,
                  custom_dir: str | None = None, owner_hint: bool = False) -> str:
    """The starting text of a page: valid front matter and a short outline to write into.

    ``owner_hint`` adds a comment asking the writer to put their own slug (used by the web editor
    link, which cannot know who will click it).
    """
    if not title.strip():
        raise CommittedError("A page needs a title.", hint='Pass one, e.g. committed new "How we deploy" --topic engineering.')
    tag_list = list(dict.fromkeys(t.strip() for t in tags if t.strip())) or [topic]
    return render("authoring/new-page.md", custom_dir, title=yaml_scalar(title.strip()), topic=yaml_scalar(topic),
                  owner=yaml_scalar(owner), tags=[yaml_scalar(t) for t in tag_list],
                  last_reviewed=reviewed.isoformat(), owner_hint=owner_hint)



FORGE_NAMES = {"github": "GitHub", "gitlab": "GitLab"}


def topic_new_page_url(forge: Forge, folder: str, *, owner: str, reviewed: date, file_name: str = "new-page.md",
                       custom_dir: str | None = None) -> str:
    """The forge's editor on a new page in a topic's folder, its front matter filled in. The editor
    cannot know who clicks: ``owner`` is a placeholder the guideline check rejects, saying to put
    the writer's contributor slug there."""
    content = new_page_text(title="New page", topic=folder, owner=owner, tags=[folder], reviewed=reviewed,
                            custom_dir=custom_dir, owner_hint=True)
    return forge.new_file_url(folder, file_name, content)


def actions_bar(forge: Forge, *, add_url: str | None, add_label: str, topic: str | None, folder: str | None,
                request_template: str, custom_dir: str | None = None) -> str:
    """The "Add a page" / "Request a page" bar under a topic index's (or the home's) heading (HTML):
    the same for every site generator's adapter."""
    request = forge.new_issue_url(request_template, title="Page request: ", fields={"topic": topic} if topic else None)
    return render("authoring/add-page.html", custom_dir, add_url=add_url, add_label=add_label,
                  request_url=request, folder=folder, forge_name=FORGE_NAMES[forge.kind])
