"""The documentation site's sources hold together without building it (CI builds it, strict):
the include hook cuts README sections right, every include and snippet still finds its text,
every page is in the navigation, the Python examples compile, and every ``asyncdns.NAME``
the pages mention exists."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))


def _hooks() -> ModuleType:
    name = "asyncdns_docs_hooks"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, DOCS / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


hooks = _hooks()

README = """\
# pkg

Intro text.

## Usage

Use it.

```python
# not a heading
x = 1
```

### `Thing(a=1, *, b=2)`

About the thing, see [the plugin](../plugin/README.md#fixtures) and [web](https://example.com).

#### Note on things

Careful.

## Errors

Bad input raises.
"""


# -- the hook ----------------------------------------------------------------------------------


def test_intro_is_the_text_between_title_and_first_section() -> None:
    assert [line.text for line in hooks.extract(README, None)] == ["Intro text."]


def test_section_runs_to_the_next_heading_of_its_level() -> None:
    lines = [line.text for line in hooks.extract(README, "Usage")]
    assert lines[0] == "Use it."
    assert "# not a heading" in lines  # a comment inside a fence is not a heading
    assert "Careful." in lines
    assert "## Errors" not in lines and "Bad input raises." not in lines


def test_heading_matches_up_to_its_parenthesis() -> None:
    lines = [line.text for line in hooks.extract(README, "Thing", keep_heading=True)]
    assert lines[0] == "### `Thing(a=1, *, b=2)`"
    assert lines[-1] == "Careful."


@pytest.mark.parametrize("heading", ["Nope", "Thin", "not a heading"])
def test_missing_heading_is_an_error(heading: str) -> None:
    with pytest.raises(hooks.IncludeError, match="0 headings"):
        hooks.extract(README, heading)


def test_ambiguous_heading_is_an_error() -> None:
    with pytest.raises(hooks.IncludeError, match="2 headings"):
        hooks.extract(README + "\n## Usage\n\nAgain.\n", "Usage")


def test_relevel_puts_the_top_heading_just_under_the_page_heading() -> None:
    section = hooks.extract(README, "Usage")  # its headings are ### and ####
    text = hooks.relevel(section, 1)
    assert "## `Thing(a=1, *, b=2)`" in text
    assert "### Note on things" in text
    assert "# not a heading" in text  # untouched inside the fence
    deep = hooks.relevel(section, 5)
    assert "###### Note on things" in deep  # never deeper than 6


def test_links_point_at_pages_or_the_repository() -> None:
    text = "[p](../pytest-asyncdns/README.md#fixtures) [b](../../bench/codec.py) [w](https://x.org/) [a](#here)"
    out = hooks.rewrite_links(
        text, "packages/asyncdns-system/README.md", "resolvers/system.md", "https://github.com/o/r"
    )
    assert "[p](../testing.md#fixtures)" in out
    assert "[b](https://github.com/o/r/blob/main/bench/codec.py)" in out
    assert "[w](https://x.org/)" in out and "[a](#here)" in out


def test_expand_replaces_include_lines(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "README.md").write_text(README, encoding="utf-8")
    page = (
        "# Page\n\n<!-- include: pkg/README.md -->\n\n## Part\n\n"
        "<!-- include: pkg/README.md#Thing +heading -->\n"
    )
    out = hooks.expand(page, "guide/page.md", root=tmp_path)
    assert "<!--" not in out
    assert "Intro text." in out
    assert "### `Thing(a=1, *, b=2)`" in out  # under "## Part"
    assert "#### Note on things" in out
    with pytest.raises(hooks.IncludeError, match="does not exist"):
        hooks.expand("<!-- include: nope.md -->", "p.md", root=tmp_path)
    with pytest.raises(hooks.IncludeError, match=r"p\.md: pkg/README\.md: 0 headings"):
        hooks.expand("<!-- include: pkg/README.md#Gone -->", "p.md", root=tmp_path)


def test_tidy_roles() -> None:
    html = "see :class:<code>~asyncdns_wire.Query</code> and :meth:<code>close</code>, not a:b:<code>x</code>"
    assert (
        hooks.tidy_roles(html)
        == "see <code>Query</code> and <code>close</code>, not a:b:<code>x</code>"
    )


# -- the pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_includes_and_snippets_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    hooks.expand(text, str(page.relative_to(DOCS)))  # raises for a lost file or heading
    for snippet in re.findall(r'^--8<-- "([^"]+)"', text, re.M):
        path = re.sub(r"(:-?\d*){1,2}$", "", snippet)
        assert (ROOT / path).is_file(), snippet


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return []


def test_every_page_is_in_the_navigation() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    assert sorted(nav) == sorted(str(p.relative_to(DOCS).as_posix()) for p in PAGES)
    assert config["strict"] is True
    assert config["theme"]["font"] is False  # nothing fetched at build time


def _python_blocks() -> list[tuple[str, str]]:
    return [
        (f"{page.relative_to(DOCS)}#{i}", block)
        for page in PAGES
        for i, block in enumerate(
            re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.S | re.M)
        )
    ]


@pytest.mark.parametrize(("where", "code"), _python_blocks(), ids=lambda v: v)
def test_python_examples_compile(where: str, code: str) -> None:
    compile(code, where, "exec")


def test_every_asyncdns_name_mentioned_exists() -> None:
    import asyncdns

    mentioned = set()
    for page in PAGES:
        for span in re.findall(r"`([^`\n]+)`", page.read_text(encoding="utf-8")):
            mentioned |= set(re.findall(r"\basyncdns((?:\.\w+)+)", span))
    assert len(mentioned) > 40
    missing = []
    for dotted in sorted(mentioned):
        obj: Any = asyncdns
        for part in dotted.strip(".").split("."):
            if not hasattr(obj, part):
                missing.append(dotted)
                break
            obj = getattr(obj, part)
    assert not missing, missing
