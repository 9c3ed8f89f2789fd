"""The GitHub workflows hold together: the matrix covers the supported Pythons and OSes, every
hatch command they (and .ci/run) run exists in hatch.toml, every job the issue asks for is
there, and the workflows validate against their JSON schema (through ``hatch run lint:check``).
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
HATCH = tomllib.loads((ROOT / "hatch.toml").read_text(encoding="utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OSES = {"ubuntu-latest", "macos-latest", "windows-latest"}
#: Newest CPython release the matrix must reach (raise it when a new one is supported).
NEWEST = Version("3.13")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def _jobs(path: Path = CI) -> dict[str, dict[str, Any]]:
    jobs = _load(path)["jobs"]
    assert isinstance(jobs, dict)
    return jobs


def _runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job.get("steps", []) if "run" in step]


def _all_runs() -> Iterator[tuple[str, str]]:
    """Every shell command of every workflow and of .ci/run, with where it comes from."""
    for path in _workflows():
        for name, job in _jobs(path).items():
            for script in _runs(job):
                for line in script.splitlines():
                    yield f"{path.name}:{name}", line
    for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            yield ".ci/run", line


def _hatch_runs() -> list[tuple[str, list[str]]]:
    found = []
    for where, line in _all_runs():
        try:
            tokens = shlex.split(line, comments=True)
        except ValueError:  # a line of a multi-line string
            tokens = line.split()
        found.extend(
            (where, tokens[i + 2 :])
            for i in range(len(tokens) - 2)
            if tokens[i : i + 2] == ["hatch", "run"]
        )
    return found


def _matrix_pythons() -> list[Version]:
    pythons = _jobs()["test"]["strategy"]["matrix"]["python"]
    return [Version(p) for p in pythons]


# -- the matrix --------------------------------------------------------------------------------


def test_matrix_pythons_match_requires_python() -> None:
    supported = SpecifierSet(PYPROJECT["project"]["requires-python"])
    pythons = _matrix_pythons()
    assert pythons == sorted(pythons), "list the Pythons oldest first"
    assert all(p in supported for p in pythons), (pythons, supported)
    # The oldest Python the project claims is tested, and so is every minor release after it,
    # up to the newest one.
    floor = min(Version(s.version) for s in supported if s.operator in (">=", "~=", "=="))
    assert pythons[0] == floor
    assert [p.minor for p in pythons] == list(range(pythons[0].minor, pythons[-1].minor + 1))
    assert pythons[-1] >= NEWEST


def test_every_distribution_requires_the_same_python() -> None:
    root = PYPROJECT["project"]["requires-python"]
    for pyproject in sorted(ROOT.glob("packages/*/pyproject.toml")):
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        assert project["requires-python"] == root, pyproject


def test_every_python_version_in_the_workflows_is_supported() -> None:
    supported = SpecifierSet(PYPROJECT["project"]["requires-python"])
    for path in _workflows():
        for name, job in _jobs(path).items():
            for step in job.get("steps", []):
                version = step.get("with", {}).get("python-version")
                if version is None or "${{" in str(version):
                    continue
                assert Version(str(version)) in supported, (path.name, name, version)


def test_matrix_covers_each_os() -> None:
    test = _jobs()["test"]
    assert set(test["strategy"]["matrix"]["os"]) == OSES
    assert test["runs-on"] == "${{ matrix.os }}"
    assert test["strategy"]["fail-fast"] is False  # one OS failing shows the others' results
    python = [s for s in test["steps"] if "setup-python" in s.get("uses", "")]
    assert python and python[0]["with"]["python-version"] == "${{ matrix.python }}"


def test_matrix_runs_the_readmes_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [
        line.split("#", 1)[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", quick, re.S)
        for line in block.splitlines()
        if line.strip()
    ]
    assert len(commands) == 2
    assert _runs(_jobs()["test"])[-2:] == commands


# -- the jobs the issue asks for ---------------------------------------------------------------


def _job_running(command: str) -> str:
    names = [name for name, job in _jobs().items() if any(command in r for r in _runs(job))]
    assert names, f"no job runs {command!r}"
    return names[0]


@pytest.mark.parametrize(
    "command",
    [
        "hatch run lint:check",  # ruff, mypy --strict, mypy for darwin and win32, schemas
        "hatch run docs:build",
        "hatch run bench:codec --quick",
        "bash .ci/run",
        "wire_alone.py",
    ],
)
def test_job_exists(command: str) -> None:
    _job_running(command)


def test_linux_job_runs_ci_script_as_root_on_ubuntu() -> None:
    job = _jobs()[_job_running("bash .ci/run")]
    assert job["runs-on"] == "ubuntu-latest"
    assert any(r.startswith("sudo ") for r in _runs(job))


def test_lint_check_types_every_platform_and_validates_workflows() -> None:
    check = HATCH["envs"]["lint"]["scripts"]["check"]
    assert "mypy" in check
    for platform in ("darwin", "win32"):
        assert any(f"mypy --platform {platform}" in c for c in check), platform
    assert any("check-jsonschema" in c and "github-workflows" in c for c in check)


def test_wire_alone_job_is_a_fresh_venv_without_hatch() -> None:
    job = _jobs()[_job_running("wire_alone.py")]
    script = "\n".join(_runs(job))
    assert "venv" in script
    assert "pip install --quiet packages/asyncdns-wire" in script
    assert "hatch" not in script
    assert set(job["strategy"]["matrix"]["os"]) == OSES


def test_wire_alone_script_decodes_the_packet_the_test_suite_uses() -> None:
    spec = importlib.util.spec_from_file_location(
        "wire_alone", ROOT / ".github" / "scripts" / "wire_alone.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    from tests.meta.test_wire_alone import RESPONSE

    assert script.RESPONSE == RESPONSE
    # Here every distribution is installed, so the script must complain about each.
    assert script.main() == 1


# -- hatch commands ----------------------------------------------------------------------------


def _env_commands(env: str) -> set[str]:
    envs = HATCH["envs"]
    if env != "default" and env not in envs:
        return set()
    config = envs.get(env, {})
    commands = {"python", "pip"}
    commands |= set(config.get("scripts", {}))
    if env != "default" and config.get("template", "default") == "default":
        commands |= set(envs.get("default", {}).get("scripts", {}))
    # A dependency's own command (mypy, ruff, pytest, mkdocs, check-jsonschema...).
    commands |= {Requirement(d).name for d in config.get("dependencies", [])}
    return commands


def test_every_hatch_run_command_exists() -> None:
    runs = _hatch_runs()
    assert len(runs) >= 8
    for where, words in runs:
        env, _, name = words[0].rpartition(":")
        env = env or "default"
        assert name in _env_commands(env), f"{where}: hatch run {' '.join(words)}"


def test_env_commands_rejects_unknown_names() -> None:
    assert "all" in _env_commands("test")
    assert "lookup" in _env_commands("test")  # inherited from the default environment
    assert "mypy" in _env_commands("lint")
    assert "nonesuch" not in _env_commands("lint")
    assert _env_commands("nonesuch") == set()


# -- hygiene -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _workflows(), ids=lambda p: p.name)
def test_workflow_hygiene(path: Path) -> None:
    workflow = _load(path)
    assert workflow.get("permissions") == {"contents": "read"}  # least privilege by default
    jobs = workflow["jobs"]
    for name, job in jobs.items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: no timeout"
        for need in [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", []):
            assert need in jobs, f"{name} needs unknown job {need}"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                ref = uses.partition("@")[2]
                assert ref and ref not in ("main", "master"), f"{name}: {uses} is not pinned"


def test_release_builds_every_distribution() -> None:
    release = _jobs(WORKFLOWS / "release.yml")
    assert any("hatch build --all" in r for r in _runs(release["build"]))
    assert release["publish"]["needs"] == "build"
    assert release["publish"]["permissions"] == {"id-token": "write"}
    assert "tags" in _load(WORKFLOWS / "release.yml")[True]["push"]  # YAML reads `on` as True


# -- external validators -----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("actionlint") is None, reason="actionlint is not installed")
def test_actionlint() -> None:
    ran = subprocess.run(
        ["actionlint", "-no-color", *map(str, _workflows())],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
