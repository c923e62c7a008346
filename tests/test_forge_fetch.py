"""``committed forge fetch`` against a local forge on 127.0.0.1 replaying GitHub's and GitLab's answers.

No test reaches the network; rate-limit waits go through an injected sleep that records them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from committed.cli import main
from committed.errors import CommittedError
from committed.forgeapi.fetch import fetch
from committed.forgeapi.github import GitHub
from committed.forgeapi.gitlab import GitLab
from committed.forgeapi.http import Client, RateLimited
from committed.forgeapi.index import cached, index
from committed.forgeapi.ledger import read, subject_digest
from forgereplies import (
    gh_comment,
    gh_commit,
    gh_file,
    gh_pull,
    gh_review,
    gh_user,
    gl_approvals,
    gl_commit,
    gl_diff,
    gl_mr,
    gl_note,
    gl_user,
)
from forgeserver import RESET, ForgeServer, Reply

TOKEN = "ghp_s3cretT0kenValue"
ANA, BO, CY, DEE = gh_user("ana", 11), gh_user("bo", 12), gh_user("cy", 13), gh_user("dee", 14)
BOT = gh_user("github-actions[bot]", 41898282, "Bot")
M1, S2, R3 = "1" * 40, "2" * 40, "3" * 40
REPO = "/repos/acme/kb"


@pytest.fixture
def server() -> Iterator[ForgeServer]:
    forge = ForgeServer(token=f"Bearer {TOKEN}")
    yield forge
    forge.close()


def github_project(forge: ForgeServer, *, flaky: bool = False) -> None:
    """Five closed pull requests, two a page: a merge, a squash, a rebase, one outside docs/, one not merged."""
    pulls = [  # newest update first, as GitHub sorts them
        gh_pull(5, CY, updated="2026-11-06T10:00:00Z", merged=None, sha=None),
        gh_pull(4, BO, updated="2026-11-05T10:00:00Z", merged="2026-11-05T09:00:00Z", sha="4" * 40),
        gh_pull(3, ANA, updated="2026-11-04T10:00:00Z", merged="2026-11-04T09:00:00Z", sha=R3),
        gh_pull(2, BO, updated="2026-11-03T10:00:00Z", merged="2026-11-03T09:00:00Z", sha=S2),
        gh_pull(1, ANA, updated="2026-11-02T10:00:00Z", merged="2026-11-02T09:00:00Z", sha=M1),
    ]
    limited = Reply(403, {"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
                                     "again.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits"},
                    {"Retry-After": "7"})
    forge.pages(f"{REPO}/pulls", pulls, per_page=2)
    if flaky:  # page 2 first answers with a secondary rate limit
        forge.routes[(f"{REPO}/pulls", "2")].insert(0, limited)
    forge.pages(f"{REPO}/pulls/1/files", [gh_file("docs/a.md"), gh_file("mkdocs.yml")])
    forge.pages(f"{REPO}/pulls/1/reviews", [gh_review(101, BO, "APPROVED"),
                                            gh_review(102, CY, "COMMENTED", "", "2026-11-02T09:40:00Z")])
    forge.pages(f"{REPO}/pulls/1/comments", [gh_comment(201, CY, "This step needs the VPN first, add it?", 102),
                                             gh_comment(202, ANA, "Done, thanks!", None)])
    forge.pages(f"{REPO}/pulls/1/commits", [gh_commit("a1" * 20, "Ana", "ana@acme.example", "2026-11-01T09:00:00Z", "Add A")])
    forge.pages(f"{REPO}/pulls/2/files", [gh_file("docs/b/new.md", "docs/b.md")])
    forge.pages(f"{REPO}/pulls/2/reviews", [gh_review(103, ANA, "CHANGES_REQUESTED", "Please split the install part out."),
                                            gh_review(104, ANA, "APPROVED"), gh_review(105, DEE, "COMMENTED", "LGTM"),
                                            gh_review(106, CY, "PENDING")],
                 first=(Reply(502, None, {"Content-Type": "text/html"}),) if flaky else ())
    forge.pages(f"{REPO}/pulls/2/comments", [gh_comment(203, ANA, "```suggestion\nRun `make install`.\n```", 103)])
    forge.pages(f"{REPO}/pulls/2/commits", [gh_commit("b1" * 20, "Bo", "bo@acme.example", "2026-11-02T11:00:00Z", "Move B"),
                                            gh_commit("b2" * 20, "Bo", "bo@acme.example", "2026-11-02T12:00:00Z", "Fix B")])
    forge.pages(f"{REPO}/pulls/3/files", [gh_file("docs/c.md")])
    forge.pages(f"{REPO}/pulls/3/reviews", [gh_review(107, CY, "APPROVED", "Clear now."), gh_review(108, ANA, "APPROVED"),
                                            gh_review(109, BOT, "APPROVED")])
    forge.pages(f"{REPO}/pulls/3/comments", [])
    forge.pages(f"{REPO}/pulls/3/commits", [
        gh_commit("c1" * 20, "Ana", "12345+ana@users.noreply.github.com", "2026-11-03T11:00:00+01:00", "Start C"),
        gh_commit("c2" * 20, "Ana", "ana@acme.example", "2026-11-03T12:00:00Z", "Finish C\n\nLonger text.")])
    forge.pages(f"{REPO}/pulls/4/files", [gh_file("README.md")])


EXPECTED = "\n".join([
    '{"cursor":"2026-11-05T10:00:00Z","docs_path":"docs/","forge":"github","ledger":"committed-forge-reviews",'
    '"project":"acme/kb","through":"2026-11-30T12:00:00Z","version":1}',
    '{"author":{"id":11,"login":"ana"},"commits":[{"authored":1793523600,"sha":"' + "a1" * 20 + '","subject":"'
    + subject_digest("Add A") + '"}],"merge_commit":"' + M1 + '","merged_at":"2026-11-02T09:00:00Z","request":1,'
    '"reviews":[{"approved":true,"id":12,"login":"bo"},'
    '{"comments":1,"id":13,"login":"cy","words":8}],'
    '"squash_commit":null,"updated_at":"2026-11-02T10:00:00Z"}',
    '{"author":{"id":12,"login":"bo"},"commits":[{"authored":1793617200,"sha":"' + "b1" * 20 + '","subject":"'
    + subject_digest("Move B") + '"},{"authored":1793620800,"sha":"' + "b2" * 20 + '","subject":"' + subject_digest("Fix B")
    + '"}],"merge_commit":"' + S2 + '","merged_at":"2026-11-03T09:00:00Z","request":2,'
    '"reviews":[{"approved":true,"changes_requested":true,"comments":1,"id":11,"login":"ana","suggestions":1,"words":6},'
    '{"id":14,"login":"dee","words":1}],'
    '"squash_commit":null,"updated_at":"2026-11-03T10:00:00Z"}',
    '{"author":{"id":11,"login":"ana"},"commits":[{"authored":1793700000,"sha":"' + "c1" * 20 + '","subject":"'
    + subject_digest("Start C") + '"},{"authored":1793707200,"sha":"' + "c2" * 20 + '","subject":"'
    + subject_digest("Finish C") + '"}],"merge_commit":"' + R3 + '","merged_at":"2026-11-04T09:00:00Z","request":3,'
    '"reviews":[{"approved":true,"id":13,"login":"cy","words":2}],'
    '"squash_commit":null,"updated_at":"2026-11-04T10:00:00Z"}',
]) + "\n"


class Recorder:
    def __init__(self) -> None:
        self.slept: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)


def github(forge: ForgeServer, sleep: Recorder | None = None, token: str = TOKEN, **kw: object) -> GitHub:
    client = Client(forge.url, auth=("Authorization", f"Bearer {token}"), token_env="GITHUB_TOKEN",
                    sleep=sleep or Recorder(), clock=lambda: RESET - 100.0, **kw)  # type: ignore[arg-type]
    return GitHub(client, "acme/kb", "docs/")


def test_github_ledger_exactly(server: ForgeServer, tmp_path: Path) -> None:
    github_project(server)
    path = tmp_path / "reviews.jsonl"
    report = fetch(path, github(server), project="acme/kb", docs_path="docs/")
    assert path.read_text("utf-8") == EXPECTED
    assert (report.listed, report.kept, report.requests, report.reviews) == (4, 3, 3, 5)
    assert "@" not in path.read_text("utf-8")  # the answers had addresses; the ledger keeps none
    # Pages followed through Link headers; pull 4 (README only) read no further than its files.
    assert f"{REPO}/pulls?state=closed&sort=updated&direction=desc&per_page=100&page=3" in server.paths()
    assert not [p for p in server.paths() if p.startswith(f"{REPO}/pulls/4/") and "files" not in p]
    assert all(s.auth == {"Authorization": f"Bearer {TOKEN}"} for s in server.seen)


def test_retries_a_502_and_waits_out_a_secondary_rate_limit(server: ForgeServer, tmp_path: Path) -> None:
    github_project(server, flaky=True)
    sleep = Recorder()
    path = tmp_path / "reviews.jsonl"
    report = fetch(path, github(server, sleep), project="acme/kb", docs_path="docs/")
    assert path.read_text("utf-8") == EXPECTED  # the same ledger as without the failures
    assert sleep.slept == [7.0, 1.0]  # Retry-After of the 403, then the first backoff after the 502
    assert report.waited == 8.0


def test_primary_rate_limit_used_up_waits_for_the_reset(server: ForgeServer, tmp_path: Path) -> None:
    github_project(server)
    server.remaining = 1  # the next answer says X-RateLimit-Remaining: 0
    sleep = Recorder()
    fetch(tmp_path / "l.jsonl", github(server, sleep), project="acme/kb", docs_path="docs/")
    assert sleep.slept == [101.0]  # until X-RateLimit-Reset (+1 s), once, then the window is fresh


def test_a_wait_longer_than_allowed_stops_with_a_clear_error(server: ForgeServer, tmp_path: Path) -> None:
    github_project(server)
    server.routes[(f"{REPO}/pulls", "1")].insert(0, Reply(429, {"message": "API rate limit exceeded"}, {"Retry-After": "3600"}))
    sleep = Recorder()
    with pytest.raises(RateLimited, match="asks to wait 3600 s .* more than the 900 s allowed"):
        fetch(tmp_path / "l.jsonl", github(server, sleep), project="acme/kb", docs_path="docs/")
    assert sleep.slept == [] and not (tmp_path / "l.jsonl").exists()


@pytest.mark.parametrize("status", [401, 404])
def test_a_token_without_access_names_the_variable_never_the_token(server: ForgeServer, tmp_path: Path,
                                                                   status: int) -> None:
    github_project(server)
    path = tmp_path / "reviews.jsonl"
    fetch(path, github(server), project="acme/kb", docs_path="docs/")
    before = path.read_bytes()
    if status == 404:  # GitHub answers 404 for a private repository the token cannot see
        server.routes[(f"{REPO}/pulls", "1")] = [Reply(404, {"message": "Not Found"})]
        client = github(server)
    else:
        client = github(server, token="ghp_wrongWrongWrong")
    with pytest.raises(CommittedError) as info:
        fetch(path, client, project="acme/kb", docs_path="docs/")
    message = str(info.value)
    assert "$GITHUB_TOKEN" in message and TOKEN not in message and "Wrong" not in message
    assert ("refused" if status == 401 else "has no access to /repos/acme/kb/pulls") in message
    assert path.read_bytes() == before  # the previous ledger is intact


def test_incremental_and_deterministic(server: ForgeServer, tmp_path: Path) -> None:
    github_project(server)
    path = tmp_path / "reviews.jsonl"
    fetch(path, github(server), project="acme/kb", docs_path="docs/")
    server.seen.clear()
    report = fetch(path, github(server), project="acme/kb", docs_path="docs/")
    assert path.read_text("utf-8") == EXPECTED  # byte for byte
    # The list down to the cursor (page 2 reaches below it) and the pull request at the cursor.
    assert [p.split("?")[0] for p in server.paths()] == [f"{REPO}/pulls", f"{REPO}/pulls", f"{REPO}/pulls/4/files"]
    assert report.listed == 1


def test_interrupted_fetch_keeps_its_progress_and_resumes(server: ForgeServer, tmp_path: Path) -> None:
    github_project(server)
    server.routes[(f"{REPO}/pulls/3/commits", "1")].insert(0, Reply(403, {"message": "Resource not accessible by integration"}))
    path = tmp_path / "reviews.jsonl"
    with pytest.raises(CommittedError, match="has no access to /repos/acme/kb/pulls/3/commits"):
        fetch(path, github(server), project="acme/kb", docs_path="docs/", checkpoint=1)
    partial = read(path)
    assert [r.number for r in partial.requests] == [1, 2] and partial.cursor == "2026-11-03T10:00:00Z"
    server.seen.clear()
    fetch(path, github(server), project="acme/kb", docs_path="docs/")
    assert path.read_text("utf-8") == EXPECTED
    assert not [p for p in server.paths() if "/pulls/1/" in p]  # done before: not read again


def test_a_ledger_of_another_project_is_refused(server: ForgeServer, tmp_path: Path) -> None:
    github_project(server)
    path = tmp_path / "reviews.jsonl"
    fetch(path, github(server), project="acme/kb", docs_path="docs/")
    with pytest.raises(CommittedError, match="is for github project 'acme/kb'"):
        fetch(path, github(server), project="acme/kb", docs_path="handbook/")


# -- GitLab -----------------------------------------------------------------------------------

ANNA, BEN, CAT = gl_user("anna", 21), gl_user("ben", 22), gl_user("cat", 23)
PROJECT = "/api/v4/projects/acme%2Fkb"


def test_gitlab_ledger_exactly(tmp_path: Path) -> None:
    forge = ForgeServer(token="glpat-T0ken", token_header="PRIVATE-TOKEN")
    try:
        mrs = [gl_mr(8, ANNA, updated="2026-11-04T10:00:00.000Z", merged="2026-11-04T09:00:00.000Z",
                     merge_sha=None, squash_sha="8" * 40),
               gl_mr(7, BEN, updated="2026-11-03T10:00:00.000+01:00", merged="2026-11-03T09:00:00.000+01:00",
                     merge_sha="7" * 40),
               gl_mr(6, CAT, updated="2026-11-02T10:00:00.000Z", merged="2026-11-02T09:00:00.000Z", merge_sha="6" * 40)]
        forge.pages(f"{PROJECT}/merge_requests", mrs, per_page=2, style="gitlab",
                    first=(Reply(429, {"message": "Retry later"}, {"Retry-After": "2", "RateLimit-Reset": str(RESET)}),))
        forge.pages(f"{PROJECT}/merge_requests/8/diffs", [gl_diff("docs/x.md")])
        forge.add(f"{PROJECT}/merge_requests/8/approvals", Reply(200, gl_approvals(BEN, ANNA)))
        forge.pages(f"{PROJECT}/merge_requests/8/notes", [
            gl_note(1, CAT, "Could this say which VPN profile to pick?", diff=True),
            gl_note(2, ANNA, "approved this merge request", system=True), gl_note(3, CAT, "+1"),
            gl_note(4, ANNA, "Good point, done.")], per_page=2, style="gitlab", link=False)
        forge.pages(f"{PROJECT}/merge_requests/8/commits", [
            gl_commit("e8" * 20, "Anna", "anna@acme.example", "2026-11-03T08:00:00.000+02:00", "Explain VPN")])
        forge.pages(f"{PROJECT}/merge_requests/7/diffs", [gl_diff("src/app.py")])
        forge.pages(f"{PROJECT}/merge_requests/6/diffs", [gl_diff("docs/new.md", "docs/old.md")])
        forge.add(f"{PROJECT}/merge_requests/6/approvals", Reply(200, gl_approvals(gl_user("project_42_bot_1f2e", 99))))
        forge.pages(f"{PROJECT}/merge_requests/6/notes", [])
        forge.pages(f"{PROJECT}/merge_requests/6/commits", [])
        sleep = Recorder()
        client = Client(forge.url + "/api/v4", auth=("PRIVATE-TOKEN", "glpat-T0ken"), token_env="GITLAB_TOKEN",
                        sleep=sleep, clock=lambda: RESET - 100.0)
        path = tmp_path / "gl.jsonl"
        report = fetch(path, GitLab(client, "acme/kb", "docs/"), project="acme/kb", docs_path="docs/")
        assert sleep.slept == [2.0]
        assert (report.listed, report.kept) == (3, 2)
        assert path.read_text("utf-8") == "\n".join([
            '{"cursor":"2026-11-04T10:00:00Z","docs_path":"docs/","forge":"gitlab","ledger":"committed-forge-reviews",'
            '"project":"acme/kb","through":"2026-11-30T12:00:00Z","version":1}',
            '{"author":{"id":23,"login":"cat"},"commits":[],"merge_commit":"' + "6" * 40 + '","merged_at":'
            '"2026-11-02T09:00:00Z","request":6,"reviews":[],"squash_commit":null,"updated_at":"2026-11-02T10:00:00Z"}',
            '{"author":{"id":21,"login":"anna"},"commits":[{"authored":1793685600,"sha":"' + "e8" * 20 + '","subject":"'
            + subject_digest("Explain VPN") + '"}],"merge_commit":null,"merged_at":"2026-11-04T09:00:00Z","request":8,'
            '"reviews":[{"approved":true,"id":22,"login":"ben"},{"comments":1,"id":23,"login":"cat","words":8}],'
            '"squash_commit":"' + "8" * 40 + '","updated_at":"2026-11-04T10:00:00Z"}',
        ]) + "\n"
        notes = [p for p in forge.paths() if "/8/notes" in p]
        assert len(notes) == 2 and notes[1].endswith("page=2")  # X-Next-Page alone, no Link header
        assert "updated_after" not in forge.paths()[0]
        forge.seen.clear()
        fetch(path, GitLab(client, "acme/kb", "docs/"), project="acme/kb", docs_path="docs/")
        assert "updated_after=2026-11-04T10%3A00%3A00Z" in forge.paths()[0]
    finally:
        forge.close()


# -- the command ------------------------------------------------------------------------------


def test_command_reads_mkdocs_yml_and_never_prints_the_token(server: ForgeServer, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    github_project(server)
    (tmp_path / "mkdocs.yml").write_text("site_name: KB\nrepo_url: https://github.com/acme/kb\nedit_uri: edit/main/docs/\n"
                                         "plugins:\n  - committed/profiles:\n      forge_ledger: data/reviews.jsonl\n")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    code = main(["forge", "fetch", "--repo", str(tmp_path), "--api-url", server.url])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert (tmp_path / "data" / "reviews.jsonl").read_text("utf-8") == EXPECTED
    # the index of what it wrote, for the build that follows: that build need not parse the ledger
    assert cached(tmp_path / "data" / "reviews.jsonl", tmp_path / ".cache" / "committed") == \
        index(read(tmp_path / "data" / "reviews.jsonl"))
    assert re.search(r"3 request\(s\) and 5 review\(s\) from GitHub, up to 2026-11-30", out)
    assert "\r" not in err  # no progress bar: not a terminal
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_notTheRightOne")
    assert main(["forge", "fetch", "--repo", str(tmp_path), "--api-url", server.url]) == 2
    out, err = capsys.readouterr()
    assert "refused the token in $GITHUB_TOKEN" in err and "notTheRightOne" not in out + err
    assert json.loads((tmp_path / "data" / "reviews.jsonl").read_text().splitlines()[0])["version"] == 1


def test_ci_templates_fetch_before_they_build_and_keep_the_ledger() -> None:
    import yaml

    from committed.config import DEFAULT_LEDGER

    root = Path(__file__).resolve().parents[1] / "scripts" / "ci"
    steps = yaml.safe_load((root / "github" / "publish.yml").read_text())["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    fetch_at = next(i for i, r in enumerate(runs) if "forge fetch" in r)
    assert fetch_at < runs.index("mkdocs build --strict")
    assert steps[fetch_at]["env"] == {"GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}"}  # from the job, not a file
    cache = next(s for s in steps[:fetch_at] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == DEFAULT_LEDGER
    gitlab = yaml.safe_load((root / "gitlab" / ".gitlab-ci.yml").read_text())
    script = gitlab["pages"]["script"]
    assert [i for i, line in enumerate(script) if "forge fetch" in line][0] < next(
        i for i, line in enumerate(script) if line.startswith("mkdocs build"))
    assert {"key": "committed-reviews", "paths": [DEFAULT_LEDGER], "policy": "pull-push"} in gitlab["pages"]["cache"]


def test_progress_bar_on_a_terminal_only() -> None:
    import io

    from committed.commands.forge import Bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term, log = Terminal(), io.StringIO()
    for stream in (term, log):
        bar = Bar(stream)
        bar(1, 4)
        bar.wait(7, "HTTP 403")
        bar(4, 4)
        bar.end()
    assert term.getvalue() == ("\r[#######-----------------------] 1/4 requests\r\x1b[K"
                               "committed forge fetch: HTTP 403: waiting 7 s as the forge asks.\n"
                               "\r[##############################] 4/4 requests\r\x1b[K")
    assert log.getvalue() == "committed forge fetch: HTTP 403: waiting 7 s as the forge asks.\n"
