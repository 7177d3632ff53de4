"""The packaged app, built and run for real: the PyInstaller bundle, its .tar.gz and the .deb.

packaging/build.py runs once, started as the session begins and run at a lower priority beside
the tests before these (tests/helpers/early.py; about a minute). Select these tests alone with
`-m packaging`, leave them out with `-m "not packaging"`. The .deb test installs the package with
apt, so it needs root (as on CI) and skips otherwise; lintian and apt's resolution of the
Depends on an empty system need neither.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers.early import early, lower_priority, run
from tests.helpers.environment import app_environment
from tests.helpers.xvfb import x_display
from viewer import __version__
from viewer.identity import APP_ID

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux packages"),
]

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
BUILD_SCRIPT = REPO / "packaging" / "build.py"
SMOKE_PASSED = re.compile(r"^smoke test passed: .+$", re.MULTILINE)
# The Python bindings the app imports (QtPrintSupport comes with QtWebEngineWidgets, QtConcurrent
# with QtMultimedia).
QT_BINDINGS = {
    "QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineWidgets", "QtPrintSupport", "QtMultimedia", "QtMultimediaWidgets", "QtConcurrent",
    "QtDBus",  # File › Show in File Manager asks the desktop's file manager over D-Bus
}  # fmt: skip
# Libraries the Qt xcb platform and QtWebEngine link to, which the .deb must depend on.
EXPECTED_DEPENDS = {
    "libnss3", "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
    "libxcomposite1", "libxdamage1", "libxrandr2", "libxtst6", "libxkbfile1", "libasound2",
    "libgbm1", "libfontconfig1", "libdbus-1-3", "libglib2.0-0", "libegl1", "libgl1",
}  # fmt: skip
# What lintian still warns about, each justified in the README's Packaging section: the
# PyInstaller bootloader is not built as a position-independent executable.
LINTIAN_WARNINGS = {"hardening-no-pie"}
# Well over the trimmed bundle (about 330 MiB with PySide6 6.12), well under the untrimmed one
# (about 600 MiB): collecting QML, all locales or the system's libraries again shows up here.
MAX_BUNDLE_BYTES = 420 * 2**20


@dataclass(frozen=True)
class Built:
    bundle: Path
    tarball: Path
    deb: Path
    seconds: float
    #: lintian on the .deb, started as soon as it is built: it takes a minute, the tests
    #: before its own run beside it (None where lintian is not installed). It writes to
    #: ``lintian_output`` (a file: a pipe nobody reads yet could fill and stop it).
    lintian: subprocess.Popen[bytes] | None
    lintian_output: Path


def _only(pattern: str) -> Path:
    found = sorted(DIST.glob(pattern))
    assert len(found) == 1, f"expected one dist/{pattern}, found {found}"
    return found[0]


def _build(folder: Path) -> Built:
    """The bundle, the archive and the .deb (packaging/build.py), and lintian started on the
    .deb (its output in ``folder``)."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail(
            "PyInstaller is not installed in this environment: "
            "pip install -e '.[test,packaging]' (the 'packaging' extra in pyproject.toml)"
        )
    started = time.monotonic()
    result = run([sys.executable, str(BUILD_SCRIPT)], cwd=REPO, timeout=1800)
    seconds = time.monotonic() - started
    assert result.returncode == 0, (
        f"build.py failed:\n{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
    )
    deb = _only(f"viewer_{__version__}_*.deb")
    lintian = shutil.which("lintian")
    output = folder / "lintian.txt"
    with output.open("wb") as file:
        report = (
            subprocess.Popen(
                lower_priority([lintian, "--tag-display-limit", "0", str(deb)]),
                stdout=file,
                stderr=subprocess.STDOUT,
            )
            if lintian is not None
            else None
        )
    return Built(
        bundle=DIST / "viewer",
        tarball=_only(f"viewer-{__version__}-linux-*.tar.gz"),
        deb=deb,
        seconds=seconds,
        lintian=report,
        lintian_output=output,
    )


def _stop_lintian(built: Built) -> None:
    if built.lintian is not None and built.lintian.poll() is None:
        built.lintian.kill()
    if built.lintian is not None:
        built.lintian.wait()


#: Built from the session's start, beside the tests before these (tests/helpers/early.py).
_built = early("built", _build, unused=_stop_lintian)


@pytest.fixture(scope="module")
def built() -> Iterator[Built]:
    made = _built()
    try:
        yield made
    finally:
        _stop_lintian(made)


@pytest.fixture(scope="module")
def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("viewer_packaging_build", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # for its dataclasses
    spec.loader.exec_module(module)
    return module


def smoke_test(command: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    result = subprocess.run(
        [*command, "--smoke-test"], env=env, capture_output=True, text=True, timeout=180
    )
    seconds = time.monotonic() - started
    assert result.returncode == 0, (
        f"{command[0]} --smoke-test: {result.stdout}{result.stderr[-4000:]}"
    )
    assert SMOKE_PASSED.search(result.stdout), result.stdout
    return seconds


def test_the_archive_holds_the_notes_and_the_bundle(built: Built) -> None:
    top = f"viewer-{__version__}"
    with tarfile.open(built.tarball) as archive:
        names = set(archive.getnames())
    notes = REPO / "notes"
    expected = {
        f"{top}/_internal/viewer/notes/{p.relative_to(notes).as_posix()}" for p in notes.rglob("*")
    }
    assert f"{top}/_internal/viewer/notes/media/test-pattern.webm" in expected
    assert expected <= names, sorted(expected - names)
    assert f"{top}/viewer" in names
    assert f"{top}/_internal/viewer/assets/player.html" in names
    assert f"{top}/_internal/PySide6/Qt/libexec/QtWebEngineProcess" in names
    assert f"{top}/_internal/PySide6/Qt/resources/qtwebengine_resources.pak" in names


def test_the_bundle_holds_the_compiled_matcher(built: Built) -> None:
    """The quick switcher's matcher, compiled by the editable install (setup.py), with the
    shared library its modules import by a name PyInstaller cannot see (packaging/viewer.spec):
    the bundle's smoke test would fail without it."""
    from PyInstaller.archive.readers import CArchiveReader

    internal = built.bundle / "_internal"
    for module in ("fold", "fuzzy", "candidates", "ranking"):
        assert list((internal / "viewer" / "core").glob(f"{module}.cpython-*.so")), module
    assert list(internal.glob("viewer_compiled__mypyc.cpython-*.so"))
    modules = set(CArchiveReader(str(built.bundle / "viewer")).open_embedded_archive("PYZ.pyz").toc)
    assert "viewer.core.ranking" not in modules  # not its source as well


def test_the_bundle_is_trimmed(built: Built, build_module: ModuleType) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    internal = built.bundle / "_internal"
    files = [p.relative_to(internal).as_posix() for p in internal.rglob("*") if not p.is_dir()]

    modules = set(CArchiveReader(str(built.bundle / "viewer")).open_embedded_archive("PYZ.pyz").toc)
    assert "viewer.cli" in modules
    assert not {m for m in modules if m.split(".")[0] in ("tkinter", "_tkinter")}
    assert not [f for f in files if re.search(r"tkinter|/tcl|/tk|libtcl|libtk", f)]

    locales = internal / "PySide6" / "Qt" / "translations" / "qtwebengine_locales"
    assert sorted(p.name for p in locales.iterdir()) == ["en-US.pak"]
    assert not [f for f in files if f.endswith(".qm")], "Qt translations are not used"
    assert not [f for f in files if f.startswith("PySide6/Qt/qml/")]
    bindings = {p.name.split(".")[0] for p in (internal / "PySide6").glob("Qt*.abi3.so")}
    assert bindings == QT_BINDINGS

    assert build_module.tree_size(built.bundle) < MAX_BUNDLE_BYTES


def test_every_library_the_bundle_links_to_is_found(built: Built, build_module: ModuleType) -> None:
    """ldd over every ELF file (the .so files, QtWebEngineProcess, the launcher): no 'not found'."""
    libraries = build_module.system_libraries(built.bundle)
    assert not libraries.missing, libraries.missing
    # The distribution's libraries stay out of the bundle: the .deb depends on them instead.
    internal = built.bundle / "_internal"
    bundled = {p.name for p in internal.iterdir() if p.name.startswith("lib")}
    assert not bundled & {Path(path).name for path in libraries.found}


@pytest.mark.parametrize("source", ["dist", "tarball"])
def test_the_bundle_passes_its_smoke_test(built: Built, source: str, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    try:
        if source == "dist":
            executable = built.bundle / "viewer"
        else:
            unpacked.mkdir()
            subprocess.run(["tar", "-xzf", str(built.tarball), "-C", str(unpacked)], check=True)
            executable = unpacked / f"viewer-{__version__}" / "viewer"
        seconds = smoke_test([str(executable)], app_environment(tmp_path / "home"))
        print(f"{source}: smoke test {seconds:.1f} s (build {built.seconds:.0f} s)")
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)  # 330 MB


def test_the_bundle_runs_on_an_x11_display(built: Built, tmp_path: Path) -> None:
    """The xcb platform plugin with the system's X libraries (the offscreen one loads none)."""
    with x_display() as display:
        env = app_environment(tmp_path / "home", QT_QPA_PLATFORM="xcb", DISPLAY=display)
        smoke_test([str(built.bundle / "viewer")], env)


@pytest.fixture
def dpkg_as_root() -> Iterator[None]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("installing the .deb needs root")
    if shutil.which("dpkg") is None:
        pytest.skip("dpkg is not available")
    installed = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", "viewer"], capture_output=True, text=True
    )
    if "install ok installed" in installed.stdout:
        pytest.skip("a 'viewer' package is installed already; the test leaves it alone")
    yield


def test_apt_resolves_the_depends_on_an_empty_system(built: Built, tmp_path: Path) -> None:
    """What `apt install ./viewer_*.deb` would install on a machine that has nothing yet."""
    if shutil.which("apt-get") is None:
        pytest.skip("apt-get is not available")
    if not list(Path("/var/lib/apt/lists").glob("*_Packages*")):
        pytest.skip("apt has no package lists (apt-get update)")
    status = tmp_path / "status"
    status.write_text("")
    empty_system = ["-o", f"Dir::State::status={status}"]
    result = subprocess.run(
        ["apt-get", "install", "--simulate", *empty_system, str(built.deb)],
        capture_output=True,
        text=True,
        env=dict(os.environ, LC_ALL="C"),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    installed = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("Inst ")}
    assert "viewer" in installed
    # The recommended CJK font comes along unless the user opts out.
    assert "fonts-wqy-zenhei" in installed
    assert {name.removesuffix("t64") for name in installed} >= EXPECTED_DEPENDS


def test_the_deb_installs_runs_and_removes(
    built: Built, dpkg_as_root: None, tmp_path: Path
) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(built.deb), "Package", "Version", "Depends", "Recommends"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Package: viewer" in fields
    assert f"Version: {__version__}" in fields
    assert "\nRecommends: fonts-wqy-zenhei | fonts-noto-cjk\n" in fields + "\n"
    # Debian 13 renamed some for the 64-bit time_t move (libasound2t64): the same libraries.
    depends = {
        name.strip().removesuffix("t64")
        for name in fields.split("Depends:", 1)[1].split("Recommends:")[0].split(",")
    }
    assert depends >= EXPECTED_DEPENDS, sorted(EXPECTED_DEPENDS - depends)

    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    desktop = Path(f"/usr/share/applications/{APP_ID}.desktop")
    try:
        install = subprocess.run(
            ["apt-get", "install", "-y", "--no-upgrade", str(built.deb)],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert install.returncode == 0, install.stdout + install.stderr
        verify = subprocess.run(["dpkg", "--verify", "viewer"], capture_output=True, text=True)
        assert verify.returncode == 0 and not verify.stdout, verify.stdout + verify.stderr

        app_env = app_environment(tmp_path / "home", PATH="/usr/bin:/bin")
        assert shutil.which("viewer", path=app_env["PATH"]) == "/usr/bin/viewer"
        assert Path("/usr/bin/viewer").resolve() == Path("/usr/lib/viewer/viewer")
        seconds = smoke_test(["viewer"], app_env)
        print(f"installed: smoke test {seconds:.1f} s")

        assert desktop.read_text() == (REPO / "resources" / f"{APP_ID}.desktop").read_text()
        assert "\nExec=viewer %u\n" in desktop.read_text()
        icons = Path("/usr/share/icons/hicolor")
        assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
        pngs = sorted((REPO / "resources" / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png"))
        assert len(pngs) == 8
        for png in pngs:
            assert (icons / png.parent.parent.name / "apps" / f"{APP_ID}.png").is_file()
        assert Path("/usr/share/man/man1/viewer.1.gz").is_file()
        metainfo = Path(f"/usr/share/metainfo/{APP_ID}.metainfo.xml")
        assert metainfo.read_bytes() == (REPO / "resources" / metainfo.name).read_bytes()
        validate = shutil.which("desktop-file-validate")
        if validate is None:
            pytest.fail("desktop-file-validate is not installed (scripts/bootstrap installs it)")
        result = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout, result.stdout + result.stderr
    finally:
        remove = subprocess.run(
            ["dpkg", "-r", "viewer"], env=env, capture_output=True, text=True, timeout=600
        )
    assert remove.returncode == 0, remove.stdout + remove.stderr
    assert "/usr/lib/viewer" not in remove.stderr, remove.stderr
    assert not Path("/usr/lib/viewer").exists()
    assert not Path("/usr/bin/viewer").exists()
    assert not desktop.exists()


# Last: lintian runs from the build on, beside the tests above.
def test_lintian_finds_no_error_and_only_the_known_warnings(built: Built) -> None:
    if built.lintian is None:
        pytest.fail("lintian is not installed (scripts/bootstrap installs it)")
    built.lintian.wait(timeout=600)
    output = built.lintian_output.read_text(encoding="utf-8", errors="replace")
    tags = [line.split() for line in output.splitlines() if line[:2] in ("E:", "W:")]
    errors = [" ".join(words) for words in tags if words[0] == "E:"]
    assert not errors, "\n".join(errors)
    assert {words[2] for words in tags if words[0] == "W:"} == LINTIAN_WARNINGS, output
