"""End to end: real git history -> real `mkdocs build --strict` -> assertions on the built site."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from gitrepo import Repo, clean_env
from sitebuild import build, built, digest, mkdocs_yml

pytestmark = pytest.mark.slow

PLUGINS = ("search", "committed/profiles")
MKDOCS_YML = mkdocs_yml(*PLUGINS)
ANA = ("Ana Lima", "ana@corp.test")
BO = ("Bo Berg", "bo@corp.test")
CY = ("Cy Chen", "cy@corp.test")
EVIL = ("<script>alert(1)</script>", "evil@corp.test")
HIDDEN = ("Hidden Person", "hidden@corp.test")


def page(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ntopic: engineering\ntags: [git]\n---\n# {title}\n\n{body}\n"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    repo = Repo(tmp_path_factory.mktemp("kb"))
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.contributor("ana", ANA, office="Lisbon", team="Platform", role="Engineer", bio="Writes about git.")
    repo.contributor("bo", BO, office="Berlin", team="Support")
    repo.write("contributors/evil.yml", 'name: "<script>alert(1)</script>"\nemails: [evil@corp.test]\n'
                                        'bio: "<img src=x onerror=alert(2)>"\noffice: "<b>HQ</b>"\n')
    repo.write("contributors/hidden.yml", "name: Hidden Person\nemails: [hidden@corp.test]\nprofile: false\n")
    repo.write("docs/index.md", page("Home", "Welcome."))
    repo.commit("Start the knowledge base", author=ANA, date="2026-01-05T10:00:00Z")
    repo.write("docs/guide/rebase.md", page("Rebasing", "Line one.\nLine two.\nLine three."))
    repo.commit("Teach rebasing", author=ANA, date="2026-02-01T10:00:00Z")
    repo.write("docs/guide/rebase.md", page("Rebasing", "Line one.\nLine two.\nLine three.\nA tip from support.\n"
                                           "It saves an hour.\nTry it on a branch first."))
    repo.commit("Add a support tip <b>bold</b>", author=BO, date="2026-02-03T10:00:00Z",
                trailers=[("Reviewed-by", "Cy Chen <cy@corp.test>"), ("Learned-from", "Ana Lima <ana@corp.test>")])
    repo.mv("docs/guide/rebase.md", "docs/guide/git-rebase.md")
    repo.commit("Move the rebasing page", author=ANA, date="2026-02-04T10:00:00Z")
    evil_page = '---\ntitle: "<script>alert(3)</script> & co"\n---\n{}\n'
    repo.write("docs/evil.md", evil_page.format("Harmless text."))
    repo.commit("Evil's page", author=EVIL, date="2026-02-05T10:00:00Z")
    repo.write("docs/evil.md", evil_page.format("Harmless text.\nMore from hidden."))
    repo.commit("Hidden improves", author=HIDDEN, date="2026-02-06T10:00:00Z")
    return repo



@pytest.fixture(scope="module")
def site(kb: Repo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(kb.root, tmp_path_factory.mktemp("site"))


def build_over_previous_site(repo: Repo, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """A build that must fail, into a site folder holding a previous build; it must not succeed."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("previous build")
    proc = build(repo.root, site)
    assert proc.returncode != 0
    return proc, site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inside = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag in ("div", "aside") and ("committed-" in cls) or self.inside and tag == "div":
            self.inside += 1
        if self.inside and tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag in ("div", "aside"):
            self.inside -= 1


def committed_links(html_file: Path) -> list[str]:
    parser = _Links()
    parser.feed(html_file.read_text("utf-8"))
    return parser.hrefs


def resolve(site: Path, html_file: Path, href: str) -> Path:
    url = urljoin("/" + html_file.relative_to(site).as_posix(), unquote(href)).split("#")[0]
    target = site / url.lstrip("/")
    return target / "index.html" if url.endswith("/") else target


def test_profile_shows_scores_calendar_pages_and_people(site: Path) -> None:
    html = (site / "people/ana/index.html").read_text("utf-8")
    assert '<h1>Ana Lima</h1>' in html
    assert 'class="committed-scores"' in html and 'class="committed-calendar"' in html
    assert 'class="committed-pages"' in html
    assert "Engineer · Platform · Lisbon" in html
    assert '<a href="../../guide/git-rebase/">Rebasing</a>' in html  # credited under the moved path
    assert 'Taught:</strong> <bdi class="committed-name"><a href="../bo/">Bo Berg</a></bdi>' in html  # Bo named Ana as Learned-from
    bo = (site / "people/bo/index.html").read_text("utf-8")
    assert 'Learned from:</strong> <bdi class="committed-name"><a href="../ana/">Ana Lima</a></bdi>' in bo
    assert "Improved a colleague" in bo
    assert 'href="https://github.com/acme/kb/commit/' in bo


def test_page_credits_link_people_and_follow_renames(site: Path) -> None:
    html = (site / "guide/git-rebase/index.html").read_text("utf-8")
    credits = html[html.index('class="committed-credits"'):]
    assert re.search(r'Taught by</strong> <bdi class="committed-name"><a href="../../people/ana/">Ana Lima</a></bdi>', credits)
    assert 'Improved by</strong> <bdi class="committed-name"><a href="../../people/bo/">Bo Berg</a></bdi>' in credits
    assert 'Reviewed by</strong> <bdi class="committed-name"><a href="../../people/cy-chen/">Cy Chen</a></bdi>' in credits
    assert "Last updated</strong> <time datetime=\"2026-02-03\">" in credits  # the rename alone is no update


def test_every_committed_link_resolves(site: Path) -> None:
    checked = 0
    for html_file in site.rglob("*.html"):
        for href in committed_links(html_file):
            if href.startswith("https://"):
                continue
            assert resolve(site, html_file, href).exists(), f"{html_file.relative_to(site)} -> {href}"
            checked += 1
    assert checked > 10


def test_user_strings_are_escaped(site: Path) -> None:
    for f in site.rglob("*"):
        if f.suffix in (".html", ".json", ".xml"):
            text = f.read_text("utf-8")
            assert "<script>alert(1)" not in text and "<script>alert(3)" not in text, f
            assert "<img src=x" not in text, f
            assert "<b>HQ</b>" not in text and "<b>bold</b>" not in text, f
    evil = (site / "people/evil/index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil
    assert "&lt;img src=x onerror=alert(2)&gt;" in evil
    page_html = (site / "evil/index.html").read_text("utf-8")
    assert "<title>&lt;script&gt;alert(3)&lt;/script&gt; &amp; co - Fixture KB</title>" in page_html


def test_no_email_address_anywhere_in_the_site(site: Path) -> None:
    for f in site.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".json", ".xml", ".js", ".txt", ".csv", ".svg"):
            assert "corp.test" not in f.read_text("utf-8", "replace"), f


def test_profile_opt_out_gets_no_page_and_plain_text_credit(site: Path) -> None:
    assert not (site / "people/hidden").exists()
    html = (site / "evil/index.html").read_text("utf-8")
    credits = html[html.index('class="committed-credits"'):]
    assert 'Improved by</strong> <bdi class="committed-name">Hidden Person</bdi></p>' in credits


def test_people_index_groups_by_office_and_profiles_stay_out_of_nav(site: Path) -> None:
    index = (site / "people/index.html").read_text("utf-8")
    assert index.index("<h2><bdi>Berlin</bdi></h2>") < index.index("<h2><bdi>Lisbon</bdi></h2>")
    assert '<a href="ana/">Ana Lima</a>' in index
    home = (site / "index.html").read_text("utf-8")
    nav_links = re.findall(r'<a href="([^"]*)" class="md-nav__link', home)
    assert "people/" in nav_links  # the people index is in the navigation...
    assert not [h for h in nav_links if h.startswith("people/") and h != "people/"]  # ...profiles are not


def test_same_commit_builds_byte_identical_site(kb: Repo, site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build(kb.root, again).returncode == 0  # warm cache this time
    assert digest(again) == digest(site)


def test_the_worker_process_and_mkdocs_own_process_build_the_same_site(kb: Repo, site: Path, tmp_path: Path) -> None:
    inline = tmp_path / "inline"
    (kb.root / ".cache/committed/outputs.json").unlink(missing_ok=True)  # made again, not read back
    proc = build(kb.root, inline, env={"COMMITTED_WORKER": "inline"})  # site.make inside MkDocs' process
    assert proc.returncode == 0, proc.stderr
    assert digest(inline) == digest(site)


def test_a_worker_that_dies_is_replaced_by_mkdocs_own_process(kb: Repo, site: Path, tmp_path: Path) -> None:
    hook = tmp_path / "hook"  # kills the worker process as it starts, as the OOM killer would
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os, sys\nif 'committed.worker' in sys.orig_argv:\n    os._exit(9)\n", "utf-8")
    out = tmp_path / "site"
    (kb.root / ".cache/committed/outputs.json").unlink(missing_ok=True)  # made again, not read back
    proc = build(kb.root, out, env={"PYTHONPATH": str(hook)})
    assert proc.returncode == 0, proc.stderr
    assert "worker process stopped without an answer (exit code 9" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert digest(out) == digest(site)


def test_a_build_of_unchanged_inputs_reads_the_kept_outputs_back(kb: Repo, site: Path, tmp_path: Path) -> None:
    import json

    kept = kb.root / ".cache/committed/outputs.json"
    build(kb.root, tmp_path / "first")  # makes and keeps them (if an earlier test removed them)
    key, data = kept.read_text("utf-8").split("\n", 1)  # the fingerprint, then the index of the outputs
    index = json.loads(data)  # JSON: a restored CI cache cannot run code
    pack = kept.parent / index["pack"]  # the text of the pages, read a piece at a time
    assert len(json.loads(key)) == 40 and index["pieces"]["pages"][0] and pack.stat().st_size == index["size"]
    timings = tmp_path / "timings.json"
    proc = build(kb.root, tmp_path / "again", env={"COMMITTED_TIMINGS_FILE": str(timings)})
    assert proc.returncode == 0, proc.stderr
    assert "cached" in json.loads(timings.read_text("utf-8")) and "history" not in json.loads(timings.read_text("utf-8"))
    assert digest(tmp_path / "again") == digest(site)
    kept.write_text("{not json", "utf-8")  # damaged: ignored, made again
    proc = build(kb.root, tmp_path / "damaged", env={"COMMITTED_TIMINGS_FILE": str(timings)})
    assert proc.returncode == 0, proc.stderr
    assert "history" in json.loads(timings.read_text("utf-8"))
    assert digest(tmp_path / "damaged") == digest(site)

    index = json.loads(kept.read_text("utf-8").split("\n", 1)[1])
    assert [p.name for p in kept.parent.glob("outputs-*.pack")] == [index["pack"]]  # the other build's pack: gone
    pack = kept.parent / index["pack"]
    offset, length = index["pieces"]["credits"][1][:2]
    data = bytearray(pack.read_bytes())
    data[offset + length // 2] ^= 0x20  # one flipped bit in the first page's credits: found before the build
    pack.write_bytes(bytes(data))
    proc = build(kb.root, tmp_path / "bad-piece", env={"COMMITTED_TIMINGS_FILE": str(timings)})
    assert proc.returncode == 0, proc.stderr
    assert "history" in json.loads(timings.read_text("utf-8"))  # a miss: made again
    assert digest(tmp_path / "bad-piece") == digest(site)


def test_a_damaged_repository_found_by_the_worker_stops_the_build_with_gits_words(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/index.md", page("Home", "Hi."))
    repo.commit("Start", author=ANA)
    blob = repo.git("rev-parse", "HEAD:docs/index.md").strip()
    repo.write("docs/index.md", page("Home", "Hi again."))
    repo.commit("More", author=BO)
    (repo.root / ".git/objects" / blob[:2] / blob[2:]).unlink()  # the old page's content is gone
    proc = build(repo.root, tmp_path / "site")
    assert proc.returncode != 0
    assert "committed: `git log" in proc.stderr and blob in proc.stderr  # git's own words, via the worker
    assert "Traceback" not in proc.stderr


def test_pages_can_link_the_profiles_of_people_with_a_contributor_file(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.contributor("ana", ANA)
    repo.write("contributors/bot.yml", "name: docs-bot[bot]\nemails: [bot@corp.test]\n")  # a bot: no profile
    repo.write("docs/index.md", page("Home", "Ask [Ana](people/ana.md) about rebasing."))
    repo.commit("Start", author=BO)
    proc = build(repo.root, tmp_path / "site")  # --strict: a link to a missing page would stop it
    assert proc.returncode == 0, proc.stderr
    assert '<a href="people/ana/">Ana</a>' in (tmp_path / "site/index.html").read_text("utf-8")
    assert "Ana Lima" in (tmp_path / "site/people/ana/index.html").read_text("utf-8")
    assert (tmp_path / "site/people/bo-berg/index.html").is_file()  # found in the history
    assert not (tmp_path / "site/people/bot").exists()


def test_profiles_reuse_their_sidebars_and_tabs_without_changing_a_byte(kb: Repo, site: Path, tmp_path: Path) -> None:
    # The same site, with the profile template overridden by one that renders everything per page.
    (kb.root / "mkdocs.override.yml").write_text(
        mkdocs_yml(*PLUGINS, custom_dir="overrides"), "utf-8")
    (kb.root / "overrides").mkdir(exist_ok=True)
    (kb.root / "overrides/committed-profile.html").write_text('{% extends "main.html" %}\n', "utf-8")
    plain = tmp_path / "plain"
    proc = build(kb.root, plain, "-f", "mkdocs.override.yml")
    assert proc.returncode == 0, proc.stderr
    assert digest(plain) == digest(site)
    assert 'data-md-type="navigation"' in (site / "people/bo/index.html").read_text("utf-8")  # a sidebar still
    # ...and profiles (only they) are rendered with that template.
    (kb.root / "overrides/committed-profile.html").write_text(
        '{% extends "main.html" %}{% block site_nav %}<p>profile-template</p>{% endblock %}\n', "utf-8")
    marked = tmp_path / "marked"
    assert build(kb.root, marked, "-f", "mkdocs.override.yml").returncode == 0
    assert "profile-template" in (marked / "people/bo/index.html").read_text("utf-8")
    assert "profile-template" not in (marked / "guide/git-rebase/index.html").read_text("utf-8")


def test_an_override_that_cannot_render_stops_the_build_naming_its_file_and_line(kb: Repo, tmp_path: Path) -> None:
    # An override written before the profile's scores became a template of their own reads `scores`.
    (kb.root / "mkdocs.override.yml").write_text(mkdocs_yml(*PLUGINS, custom_dir="overrides"), "utf-8")
    (kb.root / "overrides/committed/profiles").mkdir(parents=True)
    (kb.root / "overrides/committed/profiles/profile.md.j2").write_text(
        "---\ntitle: x\n---\n# {{ person.name }}\n{% for row in scores %}{{ row.label }}{% endfor %}\n", "utf-8")
    proc = build(kb.root, tmp_path / "site", "-f", "mkdocs.override.yml")
    assert proc.returncode != 0
    assert "overrides/committed/profiles/profile.md.j2:5: template profiles/profile.md.j2 cannot be rendered: " \
           "'scores' is undefined" in proc.stderr, proc.stderr
    assert "How to fix: this override cannot render" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "site").exists()


def test_credits_are_on_the_page_but_not_in_the_search_index(site: Path) -> None:
    import json

    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    rebase = [d for d in docs if d["location"].startswith("guide/git-rebase/")]
    assert rebase and "Line one." in " ".join(d["text"] for d in rebase)
    assert not [d for d in rebase if "Taught by" in d["text"] or "Ana Lima" in d["text"]]
    assert "Taught by</strong>" in (site / "guide/git-rebase/index.html").read_text("utf-8")
    for html_file in site.rglob("*.html"):  # every deferred block found its place
        assert "committed:deferred" not in html_file.read_text("utf-8"), html_file


def test_a_rebuild_in_the_same_process_reuses_what_did_not_change(tmp_path: Path) -> None:
    import os

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from committed.mkdocs import shared

    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/index.md", page("Home", "Hi."))
    repo.commit("Start", author=ANA)
    epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)

    def build_in_process(name: str) -> shared._Job:
        mkdocs_build(load_config(config_file=str(repo.root / "mkdocs.yml"), site_dir=str(tmp_path / name)))
        return shared._BUILD["job"]

    try:
        first = build_in_process("one")
        assert first.proc is not None  # made in a worker process
        second = build_in_process("two")  # mkdocs serve, nothing changed: nothing to make
        assert second is not first and second.proc is None and second.outputs is first.outputs
        repo.write("docs/index.md", page("Home", "Hi again."))
        third = build_in_process("three")  # a page changed (not even committed): made again
        assert third.proc is not None and third.outputs is not first.outputs
        repo.contributor("ana", ANA, bio="Now with a bio.")
        fourth = build_in_process("four")  # so did a contributor file
        assert fourth.proc is not None
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    assert "Ana Lima" in (tmp_path / "two/people/ana-lima/index.html").read_text("utf-8")
    assert "Now with a bio." in (tmp_path / "four/people/ana/index.html").read_text("utf-8")  # the file names the slug
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


def test_bad_contributor_file_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/index.md", page("Home", "Hi."))
    repo.write("contributors/ana.yml", "name: Ana\nemails: [a@corp.test]\nofice: Lisbon\n")
    repo.commit("Start", author=ANA)
    proc, site = build_over_previous_site(repo, tmp_path)
    assert "contributors/ana.yml:3: unknown field `ofice`" in proc.stderr
    assert "did you mean `office`?" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (site / "keep.html").read_text() == "previous build"  # nothing half-built


def test_not_a_git_repository_builds_without_history(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "docs/index.md").write_text(page("Home", "Hi."))
    proc = build(root, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("not a git repository") == 1
    assert (tmp_path / "site/people/index.html").exists()


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def test_avatars_local_image_copied_and_bad_paths_warn(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/index.md", page("Home", "Hi."))
    repo.write("contributors/avatars/ana.png", PNG)
    repo.write("contributors/ana.yml", "name: Ana Lima\nemails: [ana@corp.test]\navatar: avatars/ana.png\n")
    repo.write("contributors/bo.yml", "name: Bo Berg\nemails: [bo@corp.test]\navatar: ../../../etc/passwd\n")
    repo.write("contributors/cy.yml", "name: Cy Chen\nemails: [cy@corp.test]\navatar: avatars/missing.png\n")
    repo.commit("Start", author=ANA)
    proc = build(repo.root, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert "contributors/bo.yml: avatar '../../../etc/passwd' is outside the repository" in proc.stderr
    assert "contributors/cy.yml: avatar 'avatars/missing.png' is not an image file" in proc.stderr
    site = tmp_path / "site"
    assert (site / "people/avatars/ana.png").read_bytes() == PNG
    assert '<img class="committed-avatar" src="../avatars/ana.png"' in (site / "people/ana/index.html").read_text()
    bo = (site / "people/bo/index.html").read_text()
    assert '<svg class="committed-avatar"' in bo and ">BB</text>" in bo
    assert not list(site.rglob("passwd"))


def test_shallow_clone_fails_with_the_fix_unless_allowed(kb: Repo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{kb.root}", str(clone)], env=clean_env(), check=True)
    proc = build(clone, tmp_path / "site")
    assert proc.returncode != 0
    assert "shallow clone" in proc.stderr and "fetch-depth: 0" in proc.stderr
    assert "Traceback" not in proc.stderr
    yml = (clone / "mkdocs.yml").read_text().replace("  - committed/profiles\n", "  - committed/profiles:\n      allow_shallow: true\n")
    (clone / "mkdocs.yml").write_text(yml)
    proc = build(clone, tmp_path / "site2", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert "shallow clone: history and scores are partial" in proc.stderr


def test_a_second_email_of_one_name_keeps_the_slug_as_history_grows(tmp_path: Path) -> None:
    from committed.config import Settings
    from committed.knowledge import load

    repo = Repo(tmp_path / "kb")
    repo.write("docs/a.md", "a\n")
    repo.commit("First Sam", author=("Sam Lee", "sam.one@corp.test"), date="2026-01-01T10:00:00Z")
    before = {p.name: p.slug for p in load(Settings(root=repo.root, cache_dir=None)).people.values()}
    repo.write("docs/b.md", "b\n")
    repo.commit("Second Sam", author=("Sam Lee", "sam.two@corp.test"), date="2026-02-01T10:00:00Z")
    after = sorted(p.slug for p in load(Settings(root=repo.root, cache_dir=None)).people.values())
    assert before == {"Sam Lee": "sam-lee"}
    assert after == ["sam-lee"]  # one name, two e-mails: one person (git shortlog groups by name)


def test_pages_excluded_from_the_site_are_not_linked(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", MKDOCS_YML + "exclude_docs: |\n  drafts/\n")
    repo.write("docs/index.md", page("Home", "Hi."))
    repo.write("docs/drafts/secret-plan.md", page("Secret plan", "Not yet."))
    repo.commit("Start", author=ANA)
    proc = build(repo.root, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    profile = (tmp_path / "site/people/ana-lima/index.html").read_text("utf-8")
    assert "Home" in profile and "Secret plan" not in profile


def test_search_indexes_who_people_are_not_their_activity_tables(site: Path) -> None:
    import json

    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    bo = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith("people/bo/"))
    assert "Bo Berg" in bo and "Berlin" in bo
    assert "Improved a colleague" not in bo and "Rebasing" not in bo  # explanation, page lists: excluded


def test_a_page_that_is_not_utf8_stops_the_build_with_its_line(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", MKDOCS_YML)
    repo.write("docs/index.md", page("Home", "Hi."))
    repo.write("docs/latin1.md", "# Caf\xe9\n\nLine two\nna\xefve\n".encode("latin-1"))
    repo.commit("Start", author=ANA)
    proc, site = build_over_previous_site(repo, tmp_path)
    assert "docs/latin1.md: line 1 is not valid UTF-8 (byte 0xe9)" in proc.stderr
    assert "save each file as UTF-8" in proc.stderr and "Traceback" not in proc.stderr
    assert (site / "keep.html").read_text() == "previous build"


def test_sitemap_dates_come_from_git_not_the_clock(site: Path) -> None:
    import datetime as dt
    import gzip

    sitemap = (site / "sitemap.xml").read_text("utf-8")
    entry = sitemap[sitemap.index("guide/git-rebase/"):]
    assert entry[:entry.index("</url>")].count("<lastmod>2026-02-03</lastmod>") == 1  # the page's last change
    assert dt.date.today().isoformat() not in sitemap  # no page is dated by the build's wall clock
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode() == sitemap
