"""Contributor files: ``contributors/<slug>.yml``, validated; errors name the file and line."""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from ..errors import CommittedError
from ..parsed import Parsed
from ..parsed import key as parsed_key
from ..yamlfile import load_mapping, unknown_key_error
from .names import RESERVED_SLUGS, WINDOWS_RESERVED, slugify

_CODE = ("people/contributors.py", "yamlfile.py", "people/names.py")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
FIELDS: dict[str, type] = {"name": str, "emails": list, "office": str, "team": str, "role": str, "bio": str,
          "avatar": str, "aliases": list, "leaderboard": bool, "profile": bool,
          "github": list, "gitlab": list}  # forge logins: their pull/merge request reviews are theirs


@dataclass(frozen=True)
class Contributor:
    """A ``contributors/<slug>.yml`` file, validated."""

    slug: str
    name: str
    source: str  # the file, for messages
    emails: tuple[str, ...] = ()
    office: str = ""
    team: str = ""
    role: str = ""
    bio: str = ""
    avatar: str = ""
    aliases: tuple[str, ...] = ()
    leaderboard: bool | None = None  # None: the file does not say (named by default, not under opt-in)
    profile: bool = True
    github: tuple[str, ...] = ()  # GitHub logins
    gitlab: tuple[str, ...] = ()  # GitLab usernames


def load_contributors(folder: Path, *, display_root: Path | None = None, cache: Path | None = None
                      ) -> dict[str, Contributor]:
    """Every ``<slug>.yml`` in ``folder``, validated; errors name the file and line. With a
    ``cache`` folder, a file whose bytes are those of the last build is not parsed again."""
    if not folder.is_dir():
        return {}
    store = Parsed(cache, "contributors", parsed_key("contributors", _CODE))
    contributors: dict[str, Contributor] = {}
    claimed: dict[str, tuple[str, int | None]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        shown = _display(path, display_root)
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None  # load_mapping says why it cannot be read
        found = store.get(shown, raw) if raw is not None else None
        if found is None:
            contributor, emails_line = _contributor(path, shown)
            if raw is not None:
                store.put(shown, (astuple(contributor), emails_line))
        else:
            contributor, emails_line = Contributor(*found[0]), found[1]
        if contributor.slug in contributors:
            raise CommittedError(f"two files define the contributor `{contributor.slug}`.", path=shown,
                                 hint="keep one of them (.yml and .yaml).")
        for email in contributor.emails:
            if email in claimed and claimed[email][0] != shown:
                other, other_line = claimed[email]
                raise CommittedError(
                    f"the email of `{contributor.slug}` at this line is also claimed by {other}"
                    f"{f':{other_line}' if other_line else ''}.", path=shown, line=emails_line,
                    hint="an email belongs to one person: remove it from one of the two files "
                         "(use .mailmap to merge two identities of one person).")
            claimed[email] = (shown, emails_line)
        contributors[contributor.slug] = contributor
    store.save()
    return contributors


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(path)


def _contributor(path: Path, shown: str) -> tuple[Contributor, int | None]:
    """The contributor the file defines, and the line of its ``emails``."""
    slug = path.stem
    if not SLUG.match(slug):
        raise CommittedError(f"`{path.name}` is not a valid contributor slug.", path=shown,
                             hint=f"rename the file to `{slugify(slug) or 'your-name'}{path.suffix}`: "
                                  "lower-case letters, digits and dashes only.")
    if slug in RESERVED_SLUGS:
        why = ("Windows cannot check out a file of that name" if slug in WINDOWS_RESERVED
               else "the site generates a page of that name")
        raise CommittedError(f"`{path.name}`: `{slug}` cannot be a contributor slug ({why}).", path=shown,
                             hint=f"rename the file, e.g. to `{slug}-1{path.suffix}` or after your full name.")
    doc = load_mapping(path, display=shown)
    values: dict[str, Any] = {}
    for key, value in doc.data.items():
        if key not in FIELDS:
            raise unknown_key_error(key, list(FIELDS), shown, doc.line(key))
        expected = FIELDS[key]
        if key in ("emails", "aliases", "github", "gitlab") and isinstance(value, str):
            value = [value]
        if value is None:
            continue
        if not isinstance(value, expected) or (isinstance(value, list) and not all(isinstance(v, str) for v in value)):
            kind = {str: "a text", list: "a list of texts", bool: "true or false"}[expected]
            raise CommittedError(f"`{key}` must be {kind}.", path=shown, line=doc.line(key))
        values[key] = value
    if not str(values.get("name", "")).strip():
        raise CommittedError("`name` is required.", path=shown, line=1, hint="add a line `name: Your Name`.")
    emails = tuple(sorted({str(e).strip().lower() for e in values.pop("emails", [])} - {""}))
    aliases = tuple(str(a).strip() for a in values.pop("aliases", []) if str(a).strip())
    github, gitlab = (tuple(str(a).strip().removeprefix("@") for a in values.pop(forge, []) if str(a).strip())
                      for forge in ("github", "gitlab"))
    return Contributor(slug=slug, source=shown, emails=emails, aliases=aliases, github=github, gitlab=gitlab,
                       **{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}  # type: ignore[arg-type]
                       ), doc.line("emails")


