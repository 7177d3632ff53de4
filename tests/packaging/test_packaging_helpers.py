"""The packaging helpers on their own (fast): ELF reading, bundle pruning, .ico and .icns files."""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType

import pytest

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
        trim.needed_libraries(HICOLOR / "16x16" / "apps" / "viewer.png")


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
