"""The wheel, built and installed as a user would (pip or pipx): no checkout to lean on.

The wheel is built from the working tree, installed (not editable) into a fresh venv outside
it, and `viewer --smoke-test` runs there: the sample notes must come from the wheel itself.
About 20 s here, where pip finds the PySide6 wheels in its cache or find-links; marked
`packaging` because elsewhere it downloads them. The sample notes live once, in the top-level
notes/ (setup.py maps them to viewer/notes): the sdist and an editable install are checked too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.early import early, run
from tests.helpers.environment import app_environment
from tests.packaging.test_installer import smoke_test
from viewer import __version__

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[2]
NOTES = REPO / "notes"


@dataclass(frozen=True)
class Installed:
    source: Path
    wheel: Path
    venv: Path
    seconds: float


def _scripts(venv: Path) -> Path:
    return venv / ("Scripts" if sys.platform == "win32" else "bin")


def _build_and_install(work: Path) -> Installed:
    """The wheel built from a copy of the tree and installed into a fresh venv, in ``work``."""
    started = time.monotonic()
    # A copy of the tree, so that building leaves no build/ or egg-info in the checkout.
    source = work / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "*.so"
        ),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    built = run(
        [*pip, "wheel", "--no-deps", "--wheel-dir", str(work / "dist"), str(source)], timeout=600
    )
    assert built.returncode == 0, built.stdout + built.stderr
    # Tagged for this Python and platform: it holds the compiled matcher (setup.py).
    (wheel,) = (work / "dist").glob(f"viewer-{__version__}-cp*.whl")

    venv = work / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    venv_pip = [str(_scripts(venv) / "python"), "-m", "pip", "--disable-pip-version-check"]
    install = run([*venv_pip, "--quiet", "install", "--no-compile", str(wheel)], timeout=1200)
    assert install.returncode == 0, install.stdout + install.stderr
    seconds = time.monotonic() - started
    return Installed(source=source, wheel=wheel, venv=venv, seconds=seconds)


#: Built and installed from the session's start, beside the tests before these
#: (tests/helpers/early.py).
_installed = early("installed", _build_and_install)


@pytest.fixture(scope="module")
def installed() -> Installed:
    made = _installed()
    print(f"wheel {made.wheel.stat().st_size} B, built and installed in {made.seconds:.1f} s")
    return made


def _sample_notes(prefix: str) -> set[str]:
    """Every file of the top-level notes/, named under ``prefix`` as an archive names it."""
    return {
        f"{prefix}/{path.relative_to(NOTES).as_posix()}"
        for path in NOTES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_sample_notes_are_one_copy_at_the_top_level() -> None:
    assert (NOTES / "welcome.md").is_file()
    assert not (REPO / "src" / "viewer" / "notes").exists()


def test_the_wheel_holds_the_code_assets_and_every_sample_note(installed: Installed) -> None:
    names = _wheel_names(installed.wheel)
    notes = _sample_notes("viewer/notes")
    assert "viewer/notes/media/test-pattern.webm" in notes
    assert "viewer/notes/people/Mara Lindqvist.md" in notes
    assert notes <= names, sorted(notes - names)
    assert not [name for name in names if name.startswith("notes/")]
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


def test_the_installed_wheel_ranks_with_the_compiled_matcher(
    installed: Installed, tmp_path: Path
) -> None:
    """The quick switcher's matcher is compiled into the wheel (setup.py), and the installed
    app imports the compiled modules, not their source."""
    names = _wheel_names(installed.wheel)
    for module in ("fold", "fuzzy", "candidates", "ranking"):
        assert [name for name in names if name.startswith(f"viewer/core/{module}.cpython-")]
        assert f"viewer/core/{module}.py" in names  # the source, where a build cannot compile
    assert [name for name in names if name.startswith("viewer_compiled__mypyc.")]
    imported = _printed(_scripts(installed.venv) / "python", _WHERE_RANKING, tmp_path).split()
    assert imported and all(Path(path).suffix in (".so", ".pyd") for path in imported), imported


#: Where the installed app's matcher modules come from.
_WHERE_RANKING = (
    "import viewer.core.ranking as r, viewer.core.fuzzy as f, viewer.core.candidates as c; "
    "print(r.__file__, f.__file__, c.__file__)"
)


def _build_venv(folder: Path) -> Path:
    """A fresh venv with the build requirements of pyproject.toml, and nothing of the app."""
    venv = folder / "venv"
    made = run([sys.executable, "-m", "venv", str(venv)], timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    requires = pyproject["build-system"]["requires"]
    pip = [str(_scripts(venv) / "python"), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    install = run([*pip, "install", *requires], timeout=600)
    assert install.returncode == 0, install.stdout + install.stderr
    return venv


#: Made from the session's start, beside the tests before these (tests/helpers/early.py).
_build_venv_early = early("build_venv", _build_venv)


@pytest.fixture(scope="module")
def build_venv() -> Path:
    return _build_venv_early()


def _printed(python: Path, code: str, cwd: Path) -> str:
    """What ``code`` prints, run by ``python`` in ``cwd`` without the checkout's src/."""
    return subprocess.run(
        [str(python), "-c", code],
        cwd=cwd,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _clean_environment() -> dict[str, str]:
    """This environment without the checkout's src/ on the path."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def test_the_sdist_holds_the_notes_and_a_wheel_built_from_it_too(
    installed: Installed, build_venv: Path, tmp_path: Path
) -> None:
    build_sdist = (
        f"from setuptools import build_meta; print(build_meta.build_sdist({str(tmp_path)!r}))"
    )
    built = subprocess.run(
        [str(_scripts(build_venv) / "python"), "-c", build_sdist],
        cwd=installed.source,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    sdist = tmp_path / built.stdout.strip().splitlines()[-1]
    assert sdist.name == f"viewer-{__version__}.tar.gz"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
    top = f"viewer-{__version__}"
    notes = _sample_notes(f"{top}/notes")
    assert f"{top}/notes/media/test-pattern.webm" in notes
    assert notes <= names, sorted(notes - names)
    assert f"{top}/setup.py" in names
    assert not [name for name in names if name.startswith(f"{top}/src/viewer/notes")]

    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    # As Python (VIEWER_PURE, setup.py): the wheel from the tree has the compiled matcher; this
    # one checks what the sdist carries, without compiling it a second time.
    rebuilt = subprocess.run(
        [*pip, "wheel", "--no-deps", "--wheel-dir", str(wheels), str(sdist)],
        cwd=tmp_path,
        env={**os.environ, "VIEWER_PURE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    (wheel,) = wheels.glob(f"viewer-{__version__}-py3-none-any.whl")
    wheel_notes = _sample_notes("viewer/notes")
    missing = wheel_notes - _wheel_names(wheel)
    assert not missing, sorted(missing)


def test_an_editable_install_finds_the_notes_in_the_checkout(
    installed: Installed, build_venv: Path, tmp_path: Path
) -> None:
    python = str(_scripts(build_venv) / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "--quiet", "install", "--no-deps"]
    # Built as Python (VIEWER_PURE, setup.py), as where mypyc or a compiler is missing: the
    # matcher's modules are their source, and the app finds its notes all the same.
    install = subprocess.run(
        [*pip, "--no-build-isolation", "--editable", str(installed.source)],
        cwd=tmp_path,
        env={**_clean_environment(), "VIEWER_PURE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    found = _printed(
        Path(python), "from viewer.resources import bundled_notes; print(bundled_notes())", tmp_path
    ).strip()
    assert found == str(installed.source / "notes")
    imported = _printed(Path(python), _WHERE_RANKING, tmp_path).split()
    assert imported and all(path.endswith(".py") for path in imported), imported
