"""Every human is one person: identities merged from real git histories, no .mailmap."""

from __future__ import annotations

from pathlib import Path

import pytest

from committed.config import Settings
from committed.knowledge import KnowledgeBase, load
from committed.people import Directory
from committed.records import Identity
from gitrepo import Repo


def kb_of(repo: Repo) -> KnowledgeBase:
    return load(Settings(root=repo.root, cache_dir=None))


def people(repo: Repo) -> dict[str, str]:
    """slug -> display name of everyone credited."""
    return {p.slug: p.name for p in kb_of(repo).people.values()}


def credits(repo: Repo, page: str) -> tuple[list[str], list[str]]:
    info = kb_of(repo).pages[page]
    return info.created_by, info.improved_by


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "kb")


def edit(repo: Repo, path: str, line: str, author: tuple[str, str], day: int, trailers=()) -> str:  # noqa: ANN001
    target = repo.root / path
    text = target.read_text("utf-8") if target.exists() else f"# {path}\n"
    repo.write(path, text + line + "\n")
    return repo.commit(f"Edit {path}", author=author, date=f"2025-02-{day:02d}T10:00:00Z", trailers=trailers)


def test_two_emails_one_name(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("Ana Lima", "ana@work.test"), 1)
    edit(repo, "docs/a.md", "two", ("Ana Lima", "ana.lima@home.test"), 2)
    edit(repo, "docs/b.md", "three", ("Bo", "bo@work.test"), 3)
    assert people(repo) == {"ana-lima": "Ana Lima", "bo": "Bo"}
    assert credits(repo, "a.md") == (["ana-lima"], [])


def test_one_email_two_names(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("Ana Lima", "ana@work.test"), 1)
    edit(repo, "docs/a.md", "two", ("Ana M. Lima", "ana@work.test"), 2)
    edit(repo, "docs/a.md", "three", ("Ana M. Lima", "ana@work.test"), 3)
    # The most used spelling is shown; the slug stays the one of her first commit.
    assert people(repo) == {"ana-lima": "Ana M. Lima"}


def test_names_differing_by_case_accents_and_pronouns(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("Zoë Ångström", "zoe@work.test"), 1)
    edit(repo, "docs/a.md", "two", ("zoe angstrom", "zoe@laptop.test"), 2)
    edit(repo, "docs/b.md", "three", ("Zoe  Angstrom (she/her)", "z@home.test"), 3)
    edit(repo, "docs/b.md", "four", ("ZOË ÅNGSTRÖM", "zoe.a@other.test"), 4)
    edit(repo, "docs/c.md", "five", ("Zoë Ångström", "zoe@work.test"), 5)
    assert people(repo) == {"zoe-angstrom": "Zoë Ångström"}
    assert credits(repo, "b.md") == (["zoe-angstrom"], [])


def test_a_handle_and_a_full_name_joined_by_an_email(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("alima", "ana@work.test"), 1)
    edit(repo, "docs/a.md", "two", ("Ana Lima", "ana@work.test"), 2)
    edit(repo, "docs/a.md", "three", ("Ana Lima", "ana.lima@home.test"), 3)  # joined by the name
    edit(repo, "docs/b.md", "four", ("Bo", "bo@work.test"), 4,
         trailers=[("Reviewed-by", "Ana Lima <ana.lima@home.test>")])
    assert people(repo) == {"alima": "Ana Lima", "bo": "Bo"}
    kb = kb_of(repo)
    assert kb.pages["b.md"].reviewed_by == ["alima"]


def test_github_noreply_addresses_with_and_without_the_id_are_one(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("ana-l", "12345+ana-l@users.noreply.github.com"), 1)
    edit(repo, "docs/a.md", "two", ("Ana", "ana-l@users.noreply.github.com"), 2)
    assert list(people(repo)) == ["ana-l"]


def test_a_same_named_author_is_not_merged_into_a_contributor_without_a_matching_email(repo: Repo) -> None:
    repo.write("contributors/ana.yml", "name: Ana Lima\nemails: [ana@work.test]\n")
    edit(repo, "docs/a.md", "one", ("Ana Lima", "ana@work.test"), 1)
    edit(repo, "docs/a.md", "two", ("Ana Lima", "mallory@evil.test"), 2)  # impersonation
    edit(repo, "docs/a.md", "three", ("ana", "mallory@evil.test"), 3)  # the file's slug as a name
    assert sorted(people(repo)) == ["ana", "ana-lima"]
    assert credits(repo, "a.md") == (["ana"], ["ana-lima"])
    suspects = kb_of(repo).directory.suspects()
    assert [(s.first.contributor, s.reason) for s in suspects] == [
        ("ana", "has the name of contributor `ana` on an e-mail their file does not list")]


def test_uncertain_merges_are_reported_not_made(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("Ana Lima", "ana@work.test"), 1)
    edit(repo, "docs/a.md", "two", ("A. Lima", "ana@home.test"), 2)  # same local part, other domain
    edit(repo, "docs/a.md", "three", ("Bo", "bo@work.test"), 3)
    edit(repo, "docs/a.md", "four", ("Bo Berg", "berg@home.test"), 4)  # one name starts the other
    kb = kb_of(repo)
    assert sorted(kb.people) == ["a-lima", "ana-lima", "bo", "bo-berg"]
    found = {(kb.directory.slug_of(s.first), kb.directory.slug_of(s.second), s.reason)
             for s in kb.directory.suspects()}
    assert found == {("ana-lima", "a-lima", "the same e-mail name `ana@` on two domains"),
                     ("bo", "bo-berg", "one name is the start of the other (`bo`, `bo berg`)")}


def test_a_short_name_that_fits_several_people_or_belongs_to_one_is_not_a_suspect(repo: Repo) -> None:
    """"Cy" could be Cy Berg or Cy Chen: no pair. Dee Lima also commits as "Dee" (same e-mail): her own
    full name says who "Dee" is, so Dee Moss is not her likely duplicate."""
    edit(repo, "docs/a.md", "one", ("Cy", "cy@home.test"), 1)
    edit(repo, "docs/a.md", "two", ("Cy Berg", "berg@work.test"), 2)
    edit(repo, "docs/a.md", "three", ("Cy Chen", "chen@work.test"), 3)
    edit(repo, "docs/a.md", "four", ("Dee Lima", "dee@work.test"), 4)
    edit(repo, "docs/a.md", "five", ("Dee", "dee@work.test"), 5)
    edit(repo, "docs/a.md", "six", ("Dee Moss", "moss@work.test"), 6)
    kb = kb_of(repo)
    assert sorted(kb.people) == ["cy", "cy-berg", "cy-chen", "dee-lima", "dee-moss"]
    assert kb.directory.suspects() == []


def test_generic_names_and_addresses_never_join_people(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("root", "ana@work.test"), 1)
    edit(repo, "docs/a.md", "two", ("root", "bo@work.test"), 2)
    edit(repo, "docs/a.md", "three", ("Cy", "root@localhost"), 3)
    edit(repo, "docs/a.md", "four", ("Dee", "root@localhost"), 4)
    assert len(people(repo)) == 4


def test_slugs_stay_when_newer_and_older_commits_are_added(repo: Repo) -> None:
    first = edit(repo, "docs/a.md", "one", ("Sam Lee", "sam@work.test"), 10)
    edit(repo, "docs/b.md", "two", ("Kim", "kim@work.test"), 11)
    before = people(repo)
    assert before == {"sam-lee": "Sam Lee", "kim": "Kim"}
    # Newer: a namesake who is somebody else, a new spelling and a new e-mail of Sam's.
    edit(repo, "docs/c.md", "three", ("Sam-Lee", "samuel@other.test"), 12)
    edit(repo, "docs/a.md", "four", ("SAM LEE (he/him)", "sam@home.test"), 13)
    edit(repo, "docs/a.md", "five", ("sam lee", "sam@home.test"), 14)
    after = people(repo)
    assert after["sam-lee"] in ("Sam Lee", "sam lee") and after["kim"] == "Kim"
    assert len(after) == 3 and any(s.startswith("sam-lee-") for s in after)
    # Older: a branch with commits dated before everything, by the same people, merged now.
    repo.branch("old", first)
    repo.checkout("old")
    edit(repo, "docs/old.md", "zero", ("Sam Lee", "sam@work.test"), 1)
    edit(repo, "docs/old.md", "zero", ("Kim", "kim@laptop.test"), 2)
    repo.checkout("main")
    repo.merge("old", date="2025-02-20T10:00:00Z")
    assert sorted(people(repo)) == sorted(after)  # the display name may change with use; URLs do not


def test_a_person_only_named_in_trailers_never_takes_an_authors_clean_slug(repo: Repo) -> None:
    edit(repo, "docs/a.md", "one", ("Bo", "bo@work.test"), 1, trailers=[("Reviewed-by", "Ana Lima <al@x.test>")])
    edit(repo, "docs/a.md", "two", ("Ana-Lima", "ana@work.test"), 2)
    slugs = {p.name: p.slug for p in kb_of(repo).people.values()}
    assert slugs["Ana-Lima"] == "ana-lima" and slugs["Ana Lima"].startswith("ana-lima-")


@pytest.mark.parametrize(("name", "email"), [
    ("GitHub Action", "action@github.com"),
    ("GitHub Actions", "41898282+github-actions[bot]@users.noreply.github.com"),
    ("github-actions", "actions@github.com"),
    ("Netlify", "support@example-netlify.test"),
    ("ImgBot", "ImgBotHelp@gmail.com"),
    ("imgbot[bot]", "31301654+imgbot[bot]@users.noreply.github.com"),
    ("Travis CI", "travis@travis-ci.org"),
    ("Greenkeeper", "support@greenkeeper.io"),
    ("greenkeeper[bot]", "greenkeeper[bot]@users.noreply.github.com"),
    ("Snyk bot", "snyk-bot@snyk.io"),
    ("semantic-release-bot", "semantic-release-bot@martynus.net"),
    ("pre-commit-ci[bot]", "66853113+pre-commit-ci[bot]@users.noreply.github.com"),
    ("Weblate", "noreply@weblate.org"),
    ("Release Bot", "release@x.test"),
])
def test_service_accounts_are_bots(name: str, email: str) -> None:
    assert Directory({}).person(Identity(name, email)).bot


@pytest.mark.parametrize("name", ["Talbot", "Abbot Robot", "Bo Travis", "Netta Lify", "Botha"])
def test_people_whose_names_look_like_bots_are_people(name: str) -> None:
    assert not Directory({}).person(Identity(name, f"{name.split()[0].lower()}@x.test")).bot


def test_forge_noreply_addresses_belong_to_the_contributor_whose_file_names_the_login(repo: Repo) -> None:
    repo.write("contributors/ana.yml", "name: Ana Lima\nemails: [ana@work.test]\ngithub: [ana-gh]\n")
    repo.write("contributors/bo.yml", "name: Bo Berg\nemails: [bo@work.test]\ngitlab: [bo.berg]\n")
    edit(repo, "docs/a.md", "one", ("Ana Lima", "ana@work.test"), 1)
    edit(repo, "docs/b.md", "two", ("Bo Berg", "bo@work.test"), 2)
    # web-editor commits under each forge's private address, one of them on a self-hosted GitLab
    edit(repo, "docs/a.md", "three", ("ana-gh", "12345+ana-gh@users.noreply.github.com"), 3)
    edit(repo, "docs/b.md", "four", ("bo.berg", "45-bo.berg@users.noreply.gitlab.com"), 4)
    edit(repo, "docs/a.md", "five", ("Bo", "45-bo.berg@users.noreply.gitlab.example.com"), 5)
    edit(repo, "docs/b.md", "six", ("cy", "7-cy@users.noreply.gitlab.com"), 6)  # nobody's file names cy
    assert sorted(people(repo)) == ["ana", "bo", "cy"]
    assert credits(repo, "a.md") == (["ana"], ["bo"])
