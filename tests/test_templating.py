"""Compiled templates (committed.templating): kept in a per-user folder of the temporary directory
and used by the next process instead of compiling again; an edited template or override is
compiled again; a damaged file is compiled again and rewritten; a temporary folder that is not
this user's alone keeps nothing, and rendering still works."""

from __future__ import annotations

import io
import marshal
import os
import pickle
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2 import bccache

from committed import templating

TEMPLATE = "credits.html.j2"
USED = ["_macros.j2", TEMPLATE]  # the template and the one it imports
CONTEXT = {"taught": [{"name": "Ana", "href": None, "slug": "ana"}], "improved": [], "reviewed": [], "learned_from": [],
           "owner": None, "last_reviewed": None, "updated": "2026-01-02", "commit": {"commit": None, "sha": "abc1234"}}


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary directory of this test's own, where Jinja2's per-user folder goes."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    templating.environment.cache_clear()
    yield folder
    templating.environment.cache_clear()


@pytest.fixture
def compiled(temp: Path) -> Path:
    """Where compiled templates are kept (Jinja2's per-user folder)."""
    return temp / f"_jinja2-cache-{os.getuid()}"


def fresh_render(custom_dir: str | None = None) -> tuple[str, list[str]]:
    """``TEMPLATE`` rendered by a new environment (a new process, as far as Jinja2 knows), and the
    templates it compiled from source."""
    templating.environment.cache_clear()
    env = templating.environment(custom_dir)
    made: list[str] = []
    compile_source = env.compile

    def counted(source: str, name: str | None = None, filename: str | None = None) -> object:
        made.append(str(name))
        return compile_source(source, name, filename)

    env.compile = counted  # type: ignore[method-assign,assignment]
    return env.get_template(TEMPLATE).render(**CONTEXT), sorted(made)


def kept_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("committed-*.jinja2"))


def test_a_new_process_uses_the_compiled_template(compiled: Path) -> None:
    first, made = fresh_render()
    assert made == USED and len(kept_files(compiled)) == 2
    assert stat.S_IMODE(compiled.stat().st_mode) == 0o700  # nobody else can put code there
    again, made = fresh_render()
    assert made == [] and again == first  # loaded, not compiled


def test_nothing_is_kept_in_the_package(compiled: Path) -> None:
    fresh_render()
    package = Path(templating.__file__).parent
    assert not list(package.rglob("*.jinja2"))


@pytest.mark.parametrize("damage", [b"", b"not a template\n", "truncate", "not-code"])
def test_a_damaged_file_is_compiled_again(compiled: Path, damage: bytes | str) -> None:
    first, _ = fresh_render()
    for path in kept_files(compiled):
        data = path.read_bytes()
        if damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "not-code":  # Jinja2's head (its magic, the source's digest), then a marshal of a dict
            head = io.BytesIO(data)
            head.read(len(bccache.bc_magic))
            pickle.load(head)  # the file this test's own process just wrote
            path.write_bytes(data[: head.tell()] + marshal.dumps({"a": 1}))
        else:
            assert isinstance(damage, bytes)
            path.write_bytes(damage)
    again, made = fresh_render()
    assert made == USED and again == first
    _, made = fresh_render()
    assert made == []  # written again, and used


def test_an_edited_override_is_compiled_again(compiled: Path, tmp_path: Path) -> None:
    custom = tmp_path / "overrides"
    (custom / "committed").mkdir(parents=True)
    override = custom / "committed" / TEMPLATE
    override.write_text("<aside>{{ taught | map(attribute='name') | join(', ') }}</aside>\n")
    text, made = fresh_render(str(custom))
    assert text == "<aside>Ana</aside>\n" and made == [TEMPLATE]
    _, made = fresh_render(str(custom))
    assert made == []
    override.write_text("<aside>by {{ taught | map(attribute='name') | join(', ') }}</aside>\n")
    text, made = fresh_render(str(custom))
    assert text == "<aside>by Ana</aside>\n" and made == [TEMPLATE]  # never the stale code
    first, made = fresh_render()
    assert made == USED and "<aside>" not in first  # Committed's own is kept apart from the override


def test_another_jinja2_compiles_again(compiled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh_render()
    monkeypatch.setattr(jinja2, "__version__", "0.0-other")
    _, made = fresh_render()
    assert made == USED


@pytest.mark.parametrize("unsafe", ["symlink", "not-a-folder"])
def test_a_folder_not_this_users_alone_keeps_nothing(temp: Path, compiled: Path, unsafe: str) -> None:
    elsewhere = temp / "elsewhere"
    elsewhere.mkdir(mode=0o777)
    if unsafe == "symlink":  # someone else's folder could be behind it
        compiled.symlink_to(elsewhere)
    else:
        compiled.write_text("")
    first, made = fresh_render()
    assert made == USED and "Ana" in first
    _, made = fresh_render()
    assert made == USED and not list(elsewhere.iterdir())


def test_a_folder_removed_under_a_running_process(compiled: Path) -> None:
    templating.environment.cache_clear()
    env = templating.environment(None)
    compiled.rmdir()  # a temporary directory cleaned while `mkdocs serve` runs
    assert "Ana" in env.get_template(TEMPLATE).render(**CONTEXT)


def test_every_template_compiles_and_loads_back(compiled: Path) -> None:
    templating.environment.cache_clear()
    env = templating.environment(None)
    names = [n for n in env.list_templates() if n.endswith(".j2")]
    for name in names:
        env.get_template(name)
    assert len(kept_files(compiled)) == len(names)
    templating.environment.cache_clear()
    env = templating.environment(None)
    env.compile = None  # type: ignore[assignment,method-assign]  # every one must come from its file
    for name in names:
        assert isinstance(env.get_template(name), jinja2.Template)
