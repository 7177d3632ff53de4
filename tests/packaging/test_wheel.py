"""The wheel, built and installed as a user would (pip or pipx): no checkout to lean on.

The wheel is built from the working tree, installed (not editable) into a fresh venv outside
it, and `viewer --smoke-test` runs there: the sample notes must come from the wheel itself.
About 20 s here, where pip finds the PySide6 wheels in its cache or find-links; marked
`packaging` because elsewhere it downloads them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.environment import app_environment
from tests.packaging.test_installer import smoke_test
from viewer import __version__

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[2]
NOTES = REPO / "src" / "viewer" / "notes"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    seconds: float


def _scripts(venv: Path) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    started = time.monotonic()
    # A copy of the tree, so that building leaves no build/ or egg-info in the checkout.
    source = work / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--wheel-dir", str(work / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = work / "dist" / f"viewer-{__version__}-py3-none-any.whl"
    assert wheel.is_file(), sorted((work / "dist").iterdir())

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    venv_pip = [str(_scripts(venv) / "python"), "-m", "pip", "--disable-pip-version-check"]
    install = subprocess.run(
        [*venv_pip, "--quiet", "install", "--no-compile", str(wheel)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    seconds = time.monotonic() - started
    print(f"wheel {wheel.stat().st_size} B, built and installed in {seconds:.1f} s")
    return Installed(wheel=wheel, venv=venv, seconds=seconds)


def test_the_wheel_holds_the_code_assets_and_every_sample_note(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
    notes = {
        f"viewer/notes/{path.relative_to(NOTES).as_posix()}"
        for path in NOTES.rglob("*")
        if path.is_file()
    }
    assert "viewer/notes/media/test-pattern.webm" in notes
    assert "viewer/notes/people/Mara Lindqvist.md" in notes
    assert notes <= names, sorted(notes - names)
    assert {"viewer/cli.py", "viewer/assets/player.html", "viewer/core/render.py"} <= names
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]


def test_the_installed_wheel_passes_its_smoke_test(installed: Installed, tmp_path: Path) -> None:
    viewer = _scripts(installed.venv) / "viewer"
    # Run from elsewhere, with nothing of the checkout importable: what the venv holds is all.
    env = app_environment(tmp_path / "home", PATH=f"{_scripts(installed.venv)}{os.pathsep}/bin")
    location = subprocess.run(
        [str(_scripts(installed.venv) / "python"), "-c", "import viewer; print(viewer.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(location).is_relative_to(installed.venv), location
    seconds = smoke_test([str(viewer)], env)
    print(f"installed wheel: smoke test {seconds:.1f} s")
