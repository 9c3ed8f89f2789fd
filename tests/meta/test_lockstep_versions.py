"""Every asyncdns distribution is released in lockstep: one version everywhere, and every pin on a
sibling distribution is ``==`` that version."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECTS = [ROOT / "pyproject.toml", *sorted(ROOT.glob("packages/*/pyproject.toml"))]


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def _version_in(path: Path) -> str:
    """The ``__version__`` string a ``_version.py`` assigns (read without importing it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__version__" for t in targets):
                assert isinstance(node.value, ast.Constant), path
                assert isinstance(node.value.value, str), path
                return node.value.value
    raise AssertionError(f"{path} assigns no __version__")


def _declared_version(pyproject: Path) -> str:
    data = _load(pyproject)
    project = data["project"]
    if "version" in project:
        return str(project["version"])
    assert "version" in project.get("dynamic", []), f"{pyproject}: no version at all"
    source = pyproject.parent / data["tool"]["hatch"]["version"]["path"]
    assert source.is_file(), f"{pyproject}: version path {source} does not exist"
    return _version_in(source)


def _requirements(pyproject: Path) -> list[Requirement]:
    project = _load(pyproject)["project"]
    reqs = [Requirement(r) for r in project.get("dependencies", [])]
    for extra in project.get("optional-dependencies", {}).values():
        reqs.extend(Requirement(r) for r in extra)
    return reqs


def _names() -> dict[str, Path]:
    return {canonicalize_name(_load(p)["project"]["name"]): p for p in PYPROJECTS}


def test_the_layout_is_what_this_test_expects() -> None:
    assert len(PYPROJECTS) >= 5
    assert set(_names()) >= {
        "asyncdns",
        "asyncdns-wire",
        "asyncdns-resolvers",
        "asyncdns-system",
        "pytest-asyncdns",
    }


def _the_version() -> str:
    return _declared_version(ROOT / "pyproject.toml")


@pytest.mark.parametrize("pyproject", PYPROJECTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_distribution_has_the_same_version(pyproject: Path) -> None:
    assert _declared_version(pyproject) == _the_version()


def test_every_version_module_agrees() -> None:
    modules = [
        p
        for p in [*ROOT.glob("src/*/_version.py"), *ROOT.glob("packages/*/src/*/_version.py")]
        if p.is_file()
    ]
    assert len(modules) >= 5
    versions = {str(p.relative_to(ROOT)): _version_in(p) for p in modules}
    assert set(versions.values()) == {_the_version()}, versions


@pytest.mark.parametrize("pyproject", PYPROJECTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_sibling_pins_are_exact(pyproject: Path) -> None:
    siblings = set(_names())
    version = _the_version()
    for req in _requirements(pyproject):
        if canonicalize_name(req.name) not in siblings:
            continue
        specs = list(req.specifier)
        assert len(specs) == 1, f"{pyproject}: {req}"
        assert specs[0].operator == "==", f"{pyproject}: {req} must pin with =="
        assert specs[0].version == version, f"{pyproject}: {req} is not {version}"


def test_the_meta_package_pins_every_sibling() -> None:
    pinned = {canonicalize_name(r.name) for r in _requirements(ROOT / "pyproject.toml")}
    assert set(_names()) - {"asyncdns"} <= pinned


def test_the_version_is_importable_at_runtime() -> None:
    import asyncdns_wire

    assert asyncdns_wire.__version__ == _the_version()
