"""The packaging helpers on their own (fast): ELF reading, bundle pruning, .ico and .icns files,
and the commands packaging/build.py runs on Windows and macOS (checked here on any platform)."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest

from viewer.identity import APP_ID

REPO = Path(__file__).resolve().parents[2]
HICOLOR = REPO / "resources" / "icons" / "hicolor"
PNG = b"\x89PNG\r\n\x1a\n"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF files")


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"viewer_packaging_{name}", REPO / "packaging" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def trim() -> ModuleType:
    return load("trim")


@pytest.fixture(scope="module")
def icons() -> ModuleType:
    return load("icons")


@pytest.fixture(scope="module")
def qt() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


@linux_only
def test_needed_libraries_reads_dt_needed(trim: ModuleType, qt: Path) -> None:
    needed = trim.needed_libraries(qt / "lib" / "libQt6WebEngineCore.so.6")
    assert {"libQt6Core.so.6", "libnss3.so", "libxkbfile.so.1", "libc.so.6"} <= set(needed)
    assert "libQt6Core.so.6" in trim.needed_libraries(qt / "plugins" / "platforms" / "libqxcb.so")


def test_needed_libraries_refuses_other_files(trim: ModuleType) -> None:
    with pytest.raises(ValueError, match="not an ELF file"):
        trim.needed_libraries(HICOLOR / "16x16" / "apps" / f"{APP_ID}.png")


@linux_only
def test_prune_keeps_what_is_linked_and_drops_the_rest(trim: ModuleType, qt: Path) -> None:
    lib = "PySide6/Qt/lib"
    offscreen = "PySide6/Qt/plugins/platforms/libqoffscreen.so"
    binaries = [
        (offscreen, str(qt / "plugins" / "platforms" / "libqoffscreen.so"), "BINARY"),
        *(
            (f"{lib}/{name}", str(qt / "lib" / name), "BINARY")
            for name in ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6DBus.so.6", "libQt6Pdf.so.6")
        ),
        ("libnss3.so", "/usr/lib/x86_64-linux-gnu/libnss3.so", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),
        ("PySide6/Qt/plugins/position/libqtposition_nmea.so", "/nowhere.so", "BINARY"),
    ]
    datas = [
        ("libQt6Core.so.6", f"{lib}/libQt6Core.so.6", "SYMLINK"),
        ("libQt6Pdf.so.6", f"{lib}/libQt6Pdf.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtwebengine_locales/de.pak", "/x/de.pak", "DATA"),
        ("PySide6/Qt/translations/qtwebengine_locales/en-US.pak", "/x/en-US.pak", "DATA"),
    ]

    def dropped(dest: str) -> bool:
        return trim.matches(dest, ["*/position/*", "*/qtwebengine_locales/*"]) and not (
            trim.matches(dest, ["*/en-US.pak"])
        )

    kept, kept_datas, unlinked = trim.prune(binaries, datas, dropped, linux=True)
    assert [entry[0] for entry in kept] == [
        offscreen,
        f"{lib}/libQt6Core.so.6",
        f"{lib}/libQt6Gui.so.6",
        f"{lib}/libQt6DBus.so.6",
        "libpython3.11.so.1.0",
    ]
    assert unlinked == [f"{lib}/libQt6Pdf.so.6"]
    assert [entry[0] for entry in kept_datas] == [
        "libQt6Core.so.6",
        "PySide6/Qt/translations/qtwebengine_locales/en-US.pak",
    ]


def test_the_ico_holds_every_size_as_png(icons: ModuleType, tmp_path: Path) -> None:
    data = icons.write_ico(HICOLOR, tmp_path / "viewer.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    for index, size in enumerate(icons.ICO_SIZES):
        width, height, _, _, planes, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert (width or 256, height or 256, planes, bits) == (size, size, 1, 32)
        image = data[offset : offset + length]
        assert image.startswith(PNG)
        assert struct.unpack(">II", image[16:24]) == (size, size)


def test_the_icns_holds_pngs_up_to_512(icons: ModuleType, tmp_path: Path) -> None:
    data = icons.write_icns(HICOLOR, tmp_path / "viewer.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    offset, kinds = 8, []
    while offset < len(data):
        kind, length = (
            data[offset : offset + 4],
            struct.unpack(">I", data[offset + 4 : offset + 8])[0],
        )
        assert data[offset + 8 : offset + 16] == PNG
        kinds.append(kind)
        offset += length
    assert offset == len(data)
    assert kinds == [kind for kind, _ in icons.ICNS_TYPES]


# --- packaging/build.py: the commands for Windows and macOS, and the .deb's metadata -----------


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load("build")


def test_the_inno_setup_command_passes_the_app_id_version_and_folders(
    build: ModuleType, tmp_path: Path
) -> None:
    bundle, dist, icon = tmp_path / "dist" / "viewer", tmp_path / "dist", tmp_path / "viewer.ico"
    command = build.iscc_command("C:/Inno Setup 6/ISCC.exe", "1.2.3", bundle, dist, icon)
    assert command == [
        "C:/Inno Setup 6/ISCC.exe",
        f"/DAppId={APP_ID}",
        "/DAppName=Viewer",
        "/DAppVersion=1.2.3",
        f"/DBundleDir={bundle}",
        f"/DOutputDir={dist}",
        "/DOutputBaseFilename=viewer-1.2.3-windows-setup",
        f"/DIconFile={icon}",
        str(REPO / "packaging" / "windows" / "viewer.iss"),
    ]
    assert build.installer_name("1.2.3") == "viewer-1.2.3-windows-setup.exe"
    # Without an icon the installer uses Inno Setup's own.
    assert not [arg for arg in build.iscc_command("iscc", "1", bundle, dist, None) if "Icon" in arg]


def test_the_inno_setup_script_takes_every_define_the_command_passes(build: ModuleType) -> None:
    script = (REPO / "packaging" / "windows" / "viewer.iss").read_text(encoding="utf-8")
    command = build.iscc_command("iscc", "1.2.3", Path("b"), Path("d"), Path("i.ico"))
    defines = {arg[2:].split("=", 1)[0] for arg in command if arg.startswith("/D")}
    used = set(re.findall(r"\{#(\w+)\}", script)) | set(re.findall(r"#ifn?def (\w+)", script))
    assert defines <= used, sorted(defines - used)
    assert "AppId={#AppId}" in script.splitlines()


def test_inno_setup_is_found_where_its_installer_puts_it(
    build: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert build.find_iscc({"PROGRAMFILES(X86)": str(tmp_path)}) is None
    iscc = tmp_path / "Inno Setup 6" / "ISCC.exe"
    iscc.parent.mkdir()
    iscc.write_bytes(b"")
    assert build.find_iscc({"PROGRAMFILES(X86)": str(tmp_path)}) == str(iscc)


def test_the_macos_archive_is_the_app_zipped_by_ditto(build: ModuleType, tmp_path: Path) -> None:
    app, out = tmp_path / "Viewer.app", tmp_path / "Viewer-1.2.3-macos-arm64.zip"
    assert build.macos_archive_name("1.2.3", "arm64") == out.name
    assert build.ditto_command(app, out) == [
        "ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(app), str(out)
    ]  # fmt: skip


def test_the_macos_bundle_identifier_is_the_app_id() -> None:
    spec = (REPO / "packaging" / "viewer.spec").read_text(encoding="utf-8")
    assert "bundle_identifier=APP_ID," in spec
    assert "org.viewer" not in spec


def test_only_origin_relative_runpaths_stay(build: ModuleType) -> None:
    assert build.kept_runpath("/root/.pyenv/versions/3.11.7/lib") == ""
    assert build.kept_runpath("$ORIGIN") == "$ORIGIN"
    assert build.kept_runpath("$ORIGIN/:/opt/x/lib:$ORIGIN/Qt/lib") == "$ORIGIN/:$ORIGIN/Qt/lib"


def test_the_control_file_and_changelog(build: ModuleType) -> None:
    control = build.control_file("1.2.3", "amd64", "A <a@example.invalid>", 42, ["libc6", "libx"])
    fields = dict(line.split(": ", 1) for line in control.splitlines() if not line[0].isspace())
    assert fields["Depends"] == "libc6, libx"
    assert fields["Recommends"] == "fonts-wqy-zenhei | fonts-noto-cjk"
    assert fields["Installed-Size"] == "42"
    assert max(len(line) for line in control.splitlines()) <= 80 + len("Description: ")
    assert all(len(line) <= 81 for line in control.splitlines() if line.startswith(" "))
    changelog = build.debian_changelog("1.2.3", "A <a@example.invalid>", 0.0)
    assert changelog.startswith("viewer (1.2.3) unstable; urgency=medium\n")
    assert changelog.endswith(" -- A <a@example.invalid>  Thu, 01 Jan 1970 00:00:00 +0000\n")
