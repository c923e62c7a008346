"""Compiled templates (committed.templating): Committed's own are kept beside its Python bytecode
and used by the next process instead of compiling again; a site's overrides never are; a file that
is not one Committed wrote for this very template, Python, Jinja2 and Committed is ignored."""

from __future__ import annotations

import marshal
import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from committed import templating

TEMPLATE = "credits.html.j2"
USED = ["_macros.j2", TEMPLATE]  # the template and the one it imports
CONTEXT = {"taught": [{"name": "Ana", "href": None, "slug": "ana"}], "improved": [], "reviewed": [], "learned_from": [],
           "owner": None, "last_reviewed": None, "updated": "2026-01-02", "commit": {"commit": None, "sha": "abc1234"}}


@pytest.fixture
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where compiled templates go, for this test only, with bytecode writing on."""
    folder = tmp_path / "__pycache__"
    monkeypatch.setattr(templating, "COMPILED", folder)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    templating.environment.cache_clear()
    yield folder
    templating.environment.cache_clear()


def fresh_render(custom_dir: str | None = None) -> tuple[str, list[str]]:
    """``TEMPLATE`` rendered by a new environment (a new process, as far as Jinja2 knows), and the
    templates it compiled from source."""
    templating.environment.cache_clear()
    env = templating.environment(custom_dir)
    compiled: list[str] = []
    compile_source = env.compile

    def counted(source: str, name: str | None = None, filename: str | None = None) -> object:
        compiled.append(str(name))
        return compile_source(source, name, filename)

    env.compile = counted  # type: ignore[method-assign,assignment]
    return env.get_template(TEMPLATE).render(**CONTEXT), sorted(compiled)


def test_a_new_process_uses_the_compiled_template(compiled: Path) -> None:
    first, made = fresh_render()
    assert made == USED and len(list(compiled.glob("committed-template-*.jinja2"))) == 2
    again, made = fresh_render()
    assert made == [] and again == first  # loaded, not compiled


@pytest.mark.parametrize("damage", [b"", b"not a template\n", "truncate", "other-source", "not-code"])
def test_a_file_not_written_for_this_template_is_compiled_again(compiled: Path, damage: bytes | str) -> None:
    first, _ = fresh_render()
    for path in compiled.glob("committed-template-*.jinja2"):
        data = path.read_bytes()
        head, _, code = data.partition(b"\n")
        if damage == "truncate":
            path.write_bytes(data[: len(head) + len(code) // 2])
        elif damage == "other-source":  # compiled from another version of the template
            path.write_bytes(head[:-4] + b"0000\n" + code)
        elif damage == "not-code":  # a marshal of something else
            path.write_bytes(head + b"\n" + marshal.dumps({"a": 1}))
        else:
            assert isinstance(damage, bytes)
            path.write_bytes(damage)
    again, made = fresh_render()
    assert made == USED and again == first
    _, made = fresh_render()
    assert made == []  # written again, and used


def test_a_site_override_is_never_kept(compiled: Path, tmp_path: Path) -> None:
    custom = tmp_path / "overrides"
    (custom / "committed").mkdir(parents=True)
    (custom / "committed" / TEMPLATE).write_text("<aside>{{ taught | map(attribute='name') | join(', ') }}</aside>\n")
    text, made = fresh_render(str(custom))
    assert text == "<aside>Ana</aside>\n" and made == [TEMPLATE]
    assert not compiled.exists() or not list(compiled.iterdir())
    _, made = fresh_render(str(custom))
    assert made == [TEMPLATE]


def test_nothing_is_written_when_python_writes_no_bytecode(compiled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE, python -B
    fresh_render()
    assert not compiled.exists()


def test_every_template_compiles_and_loads_back(compiled: Path) -> None:
    templating.environment.cache_clear()
    env = templating.environment(None)
    names = [n for n in env.list_templates() if n.endswith(".j2")]
    for name in names:
        env.get_template(name)
    assert len(list(compiled.glob("*.jinja2"))) == len(names)
    templating.environment.cache_clear()
    env = templating.environment(None)
    env.compile = None  # type: ignore[assignment,method-assign]  # every one must come from its file
    for name in names:
        assert isinstance(env.get_template(name), jinja2.Template)
