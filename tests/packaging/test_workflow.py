"""The GitHub Actions workflow, checked here as GitHub would read it: actionlint (with
shellcheck for its scripts when installed), and what it builds on a version tag."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "ci.yml"


@pytest.fixture(scope="module")
def actionlint() -> str:
    scripts = Path(sys.executable).parent
    found = shutil.which("actionlint", path=str(scripts)) or shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed: pip install -e '.[test]' (the test extra)")
    return found


def lint(actionlint: str, workflow: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [actionlint, "-no-color", "-oneline", str(workflow)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_workflow_passes_actionlint(actionlint: str) -> None:
    result = lint(actionlint, WORKFLOW)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_actionlint_catches_a_mistake_in_it(actionlint: str, tmp_path: Path) -> None:
    """The check above can fail: a job that needs a job that does not exist."""
    broken = WORKFLOW.read_text(encoding="utf-8").replace("needs: package", "needs: packages")
    assert "needs: packages" in broken
    copy = tmp_path / "ci.yml"
    copy.write_text(broken, encoding="utf-8")
    result = lint(actionlint, copy)
    assert result.returncode == 1
    assert 'job "release" needs job "packages" which does not exist' in result.stdout


@pytest.fixture(scope="module")
def jobs() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    found: dict[str, Any] = workflow["jobs"]
    return found


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def test_tests_run_on_linux_windows_and_macos(jobs: dict[str, Any]) -> None:
    systems = {name.split("-")[0] for name in jobs["test"]["strategy"]["matrix"]["os"]}
    assert systems == {"ubuntu", "windows", "macos"}
    assert "-m pytest" in _runs(jobs["test"])


def test_a_version_tag_builds_every_platform_and_releases(jobs: dict[str, Any]) -> None:
    package = jobs["package"]
    assert package["if"] == "startsWith(github.ref, 'refs/tags/v')"
    systems = {name.split("-")[0] for name in package["strategy"]["matrix"]["os"]}
    assert systems == {"ubuntu", "windows", "macos"}
    assert "packaging/build.py" in _runs(package) and "--require-installer" in _runs(package)
    uploaded = next(step for step in package["steps"] if "upload-artifact" in step.get("uses", ""))
    patterns = set(uploaded["with"]["path"].split())
    assert patterns == {
        "dist/*.deb", "dist/*.tar.gz", "dist/*-windows-setup.exe", "dist/*-macos-*.zip"
    }  # fmt: skip
    release = jobs["release"]
    assert release["needs"] == "package"
    assert release["permissions"] == {"contents": "write"}
    assert 'gh release upload "$GITHUB_REF_NAME" dist/*' in _runs(release)
