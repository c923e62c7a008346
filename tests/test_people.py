"""People: contributor files, slugs, bots, and the errors users see for their YAML."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from committed.errors import CommittedError
from committed.history import read_history
from committed.people import Contributor, Directory, Person, load_contributors, slugify
from committed.people.names import hashed
from committed.records import Identity
from gitrepo import Repo


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def contributors(tmp_path: Path) -> Path:
    return tmp_path / "contributors"


def load(folder: Path) -> dict[str, Contributor]:
    return load_contributors(folder, display_root=folder.parent)


# -- contributor files ---------------------------------------------------------------------------

def test_contributor_file_fields_reach_the_person(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana Lima\nemails: [Ana@X.test, ana@old.test]\noffice: Lisbon\n"
                                   "team: Docs\nrole: Writer\nbio: Writes.\navatar: ana.png\n"
                                   "aliases: [Ana L]\nleaderboard: false\nprofile: false\n")
    write(contributors, "bo.yaml", "name: Bo\nemails: bo@x.test\n")

    found = load(contributors)

    assert found == {
        "ana": Contributor(slug="ana", name="Ana Lima", source="contributors/ana.yml",
                           emails=("ana@old.test", "ana@x.test"), office="Lisbon", team="Docs", role="Writer",
                           bio="Writes.", avatar="ana.png", aliases=("Ana L",), leaderboard=False, profile=False),
        "bo": Contributor(slug="bo", name="Bo", source="contributors/bo.yaml", emails=("bo@x.test",)),
    }
    directory = Directory(found)
    ana = Person(slug="ana", name="Ana Lima", known=True, office="Lisbon", team="Docs", role="Writer",
                 bio="Writes.", avatar="ana.png", leaderboard=False, profile=False)
    assert directory.person(Identity("Ana", "ANA@x.test")) == ana
    assert directory.person(Identity("Someone", "ana@old.test")) == ana
    assert directory.person(Identity("Ana L", "")) == ana  # a trailer naming her by alias
    assert not ana.ranked
    assert directory.person(Identity("Bo", "bo@x.test")).ranked


def test_person_never_carries_an_email() -> None:
    person = Directory({}).person(Identity("Ana", "ana@x.test"))
    assert not hasattr(person, "email") and not hasattr(person, "emails")
    assert "ana@x.test" not in repr(person)
    assert all("mail" not in f.name for f in dataclasses.fields(Person))


def test_missing_folder_means_no_contributors(contributors: Path) -> None:
    assert load(contributors) == {}


# -- errors users see ----------------------------------------------------------------------------

def error(contributors: Path) -> str:
    with pytest.raises(CommittedError) as info:
        load(contributors)
    return str(info.value)


def test_malformed_yaml_names_file_line_and_fix(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana\nemails: [ana@x.test\nteam: Docs\n")
    message = error(contributors)
    assert re.match(r"contributors/ana\.yml:\d+: invalid YAML: ", message), message
    assert message.endswith("\n  How to fix: check the indentation and quote values that contain ':' or '#'.")


def test_malformed_yaml_line_is_the_bad_line(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana\nteam: Docs\nbio: a: b\n")
    assert error(contributors).startswith("contributors/ana.yml:3: invalid YAML: ")


def test_unknown_field_suggests_the_closest_valid_one(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana\nteam: Docs\nemial: ana@x.test\n")
    assert error(contributors) == ("contributors/ana.yml:3: unknown field `emial`.\n"
                                   "  How to fix: did you mean `emails`?")


def test_unknown_field_without_a_close_match_lists_the_valid_ones(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana\nzzzzzz: 1\n")
    assert error(contributors) == (
        "contributors/ana.yml:2: unknown field `zzzzzz`.\n  How to fix: valid fields: name, emails, office, "
        "team, role, bio, avatar, aliases, leaderboard, profile, github, gitlab.")


def test_an_email_claimed_by_two_files(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana\nemails:\n  - ana@x.test\n")
    write(contributors, "bo.yml", "# Bo\nname: Bo\nteam: Docs\nemails: [bo@x.test, ANA@x.test]\n")
    assert error(contributors) == (
        "contributors/bo.yml:4: the email of `bo` at this line is also claimed by contributors/ana.yml:2.\n"
        "  How to fix: an email belongs to one person: remove it from one of the two files "
        "(use .mailmap to merge two identities of one person).")


def test_a_file_name_that_is_not_a_slug(contributors: Path) -> None:
    write(contributors, "Ana Lima.yml", "name: Ana Lima\n")
    assert error(contributors) == (
        "contributors/Ana Lima.yml: `Ana Lima.yml` is not a valid contributor slug.\n"
        "  How to fix: rename the file to `ana-lima.yml`: lower-case letters, digits and dashes only.")


def test_a_field_of_the_wrong_type(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana\nleaderboard: nope\n")
    assert error(contributors) == "contributors/ana.yml:2: `leaderboard` must be true or false."


def test_a_missing_name(contributors: Path) -> None:
    write(contributors, "ana.yml", "team: Docs\n")
    assert error(contributors) == "contributors/ana.yml:1: `name` is required.\n  How to fix: add a line `name: Your Name`."


def test_the_same_slug_twice(contributors: Path) -> None:
    write(contributors, "ana.yml", "name: Ana\n")
    write(contributors, "ana.yaml", "name: Ana\n")
    assert error(contributors) == ("contributors/ana.yml: two files define the contributor `ana`.\n"
                                   "  How to fix: keep one of them (.yml and .yaml).")


# -- slugs ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "email", "slug"), [
    ("../../etc", "", "etc"),
    ("<script>alert(1)</script>", "", "script-alert-1-script"),
    ("", "", r"person-[0-9a-f]{6}"),
    ("..", "../x@evil.test", r"person-[0-9a-f]{6}"),  # never the e-mail's local part
    ("李雷", "li@x.test", "li-lei"),
    ("Zoë Ångström", "zoe@x.test", "zoe-angstrom"),
    ("", "only.mail@x.test", r"person-[0-9a-f]{6}"),
    ("😀", "smile@x.test", r"person-[0-9a-f]{6}"),
    ("a/b\\c", "", "a-b-c"),
    ("CON", "con@x.test", r"con-[0-9a-f]{6}"),  # Windows cannot check out people/con/
    ("nul", "", r"nul-[0-9a-f]{6}"),
    ("Index", "i@x.test", r"index-[0-9a-f]{6}"),  # the people index is people/index
    ("Assets", "a@x.test", r"assets-[0-9a-f]{6}"),
])
def test_slugs_from_hostile_and_foreign_names(name: str, email: str, slug: str) -> None:
    person = Directory({}).person(Identity(name, email))
    assert re.fullmatch(slug, person.slug), person.slug
    assert "only" not in person.slug and "mail" not in person.slug and "smile" not in person.slug
    assert re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", person.slug)
    assert slugify(name) == slugify(name)


def test_colliding_slugs_are_unique_and_stable() -> None:
    people = [Identity("Ana Lima", "ana@x.test"), Identity("Ana  Lima", "ana@home.test"),
              Identity("ana.lima", "al@x.test"), Identity("Ana Lima", "ana@x.test"), Identity("ANA-LIMA", "")]

    def slugs() -> list[str]:
        directory = Directory({"ana-lima": Contributor(slug="ana-lima", name="Ana L.", source="f",
                                                       emails=("other@x.test",))})
        return [directory.person(p).slug for p in people]

    first = slugs()
    assert first[0] == first[1] == first[3]  # one name, spaced differently: one person
    assert first[2] != first[0]  # names that only slugify alike: two people
    assert first[4] == "ana-lima"  # a trailer naming the file's slug, no e-mail: the contributor
    assert all(re.fullmatch(r"ana-lima-[0-9a-f]{6}", s) for s in first[:4])  # the file owns the clean slug
    assert slugs() == first


def test_a_generated_slug_never_takes_one_already_given() -> None:
    directory = Directory({})
    ana = directory.person(Identity("Ana Lima", "ana@x.test"))
    clash = f"ana-lima-{hashed(Identity('ana.lima', 'al@home.test'))}"
    squatter = directory.person(Identity(clash, "squat@x.test"))
    other = directory.person(Identity("ana.lima", "al@home.test"))
    assert ana.slug == "ana-lima" and squatter.slug == clash
    assert len({ana.slug, squatter.slug, other.slug}) == 3


# -- bots ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "email"), [
    ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
    ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com"),
    ("Release Bot", "release-bot@x.test"),
    ("ci", "bot@x.test"),
    ("GitLab", "project_1_bot@noreply.gitlab.com"),
])
def test_default_bot_patterns(name: str, email: str) -> None:
    person = Directory({}).person(Identity(name, email))
    assert person.bot and not person.ranked


def test_people_are_not_bots_by_default() -> None:
    assert not Directory({}).person(Identity("Abbot Robot", "abbot@x.test")).bot


def test_custom_bot_lists_replace_the_defaults() -> None:
    directory = Directory({}, bot_names=("deploy*",), bot_emails=("*@robots.test",))
    assert directory.person(Identity("Deployer", "d@x.test")).bot
    assert directory.person(Identity("Ana", "ana@robots.test")).bot
    assert not directory.person(Identity("dependabot[bot]", "x@x.test")).bot


def test_people_lists_known_and_seen_people_by_slug(contributors: Path) -> None:
    write(contributors, "bo.yml", "name: Bo\nemails: [bo@x.test]\n")
    directory = Directory(load(contributors))
    directory.person(Identity("Ana", "ana@x.test"))
    assert [p.slug for p in directory.people()] == ["ana", "bo"]
    assert directory.by_slug("ana") == Person(slug="ana", name="Ana")
    assert directory.by_slug("nobody") is None


# -- from git to people --------------------------------------------------------------------------

def test_mailmapped_trailers_and_authors_resolve_to_one_person(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write(".mailmap", "Ana Lima <ana@x.test> <ana@old.test>\nAna Lima <ana@x.test> Ana Home <ana@home.test>\n")
    repo.write("docs/a.md", "a\n")
    repo.commit("Add", author=("ana", "ana@old.test"), date="2025-03-01T10:00:00Z")
    repo.write("docs/a.md", "a\nb\n")
    repo.commit("Edit", author=("Bo", "bo@x.test"), date="2025-03-02T10:00:00Z",
                trailers=[("Reviewed-by", "Ana Home <ana@home.test>")])
    contributors = tmp_path / "contributors"
    write(contributors, "ana.yml", "name: Ana Lima\nemails: [ana@x.test]\n")
    directory = Directory(load(contributors))

    edit, add = read_history(repo.root).commits

    assert directory.person(add.author).slug == "ana"
    assert [directory.person(i).slug for i in edit.people("reviewed-by")] == ["ana"]
    assert directory.person(edit.author) == Person(slug="bo", name="Bo")
