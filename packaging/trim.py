"""Trimming the PyInstaller bundle to what Viewer uses (imported by viewer.spec).

PyInstaller's PySide6 hooks collect everything a Qt module *might* need: every plugin of a kind,
QML files, all translations, and every library those pull in. The spec drops what the app never
loads by destination pattern; `prune` then takes out the shared libraries that nothing left in
the bundle links to, reading each binary's DT_NEEDED entries from its ELF headers.

On Linux it also leaves out the libraries PyInstaller copied from the system's own library
folders (X11/xcb, NSS, fontconfig, glib, ALSA, OpenSSL, ...): those come from the distribution,
with its security updates, and match its drivers and configuration; the .deb declares them in
Depends (packaging/build.py derives the list with ldd and dpkg -S). The bundle keeps the Python
runtime and what the wheels ship: Qt, QtWebEngine, PySide6, the app's Python packages.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

# (destination in the bundle, source path or symlink target, PyInstaller typecode)
TocEntry = tuple[str, str, str]

# Where the distribution's own shared libraries live (Debian's multiarch folders are below).
SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")

DT_NULL = 0
DT_NEEDED = 1
SHT_DYNAMIC = 6


def needed_libraries(path: Path) -> list[str]:
    """The DT_NEEDED names of an ELF file (what ``readelf -d`` lists as NEEDED)."""
    with path.open("rb") as elf:
        ident = elf.read(16)
        if ident[:4] != b"\x7fELF":
            raise ValueError(f"not an ELF file: {path}")
        wide = ident[4] == 2
        order = "<" if ident[5] == 1 else ">"
        header = struct.Struct(order + ("HHIQQQIHHHHHH" if wide else "HHIIIIIHHHHHH"))
        fields = header.unpack(elf.read(header.size))
        shoff, shentsize, shnum = fields[5], fields[10], fields[11]
        section = struct.Struct(order + ("IIQQQQIIQQ" if wide else "IIIIIIIIII"))
        sections = []
        for index in range(shnum):
            elf.seek(shoff + index * shentsize)
            sections.append(section.unpack(elf.read(section.size)))
        dynamic = [s for s in sections if s[1] == SHT_DYNAMIC]
        if not dynamic:
            return []  # a static executable
        _, _, _, _, offset, size, link, _, _, _ = dynamic[0]
        strtab_offset, strtab_size = sections[link][4], sections[link][5]
        elf.seek(strtab_offset)
        strings = elf.read(strtab_size)
        entry = struct.Struct(order + ("qQ" if wide else "iI"))
        elf.seek(offset)
        table = elf.read(size)
    names = []
    for tag, value in entry.iter_unpack(table[: len(table) - len(table) % entry.size]):
        if tag == DT_NULL:
            break
        if tag == DT_NEEDED:
            names.append(strings[value : strings.index(b"\0", value)].decode())
    return names


def is_system_library(entry: TocEntry) -> bool:
    """A shared library PyInstaller copied from the distribution (not Python's own libpython)."""
    dest, source, typecode = entry
    return (
        typecode == "BINARY"
        and "/" not in dest
        and not dest.startswith("libpython")
        and source.startswith(SYSTEM_LIBRARY_DIRS)
    )


def _is_root(entry: TocEntry) -> bool:
    """Loaded by name rather than linked: Python extensions, Qt plugins, helper programs."""
    dest, _, typecode = entry
    return (
        typecode in ("EXTENSION", "EXECUTABLE")
        or dest.startswith(("PySide6/Qt/plugins/", "PySide6/Qt/libexec/"))
        or PurePosixPath(dest).name.startswith("libpython")
    )


def matches(dest: str, patterns: Iterable[str]) -> bool:
    dest = dest.replace("\\", "/")
    return any(fnmatch(dest, pattern) for pattern in patterns)


def prune(
    binaries: list[TocEntry],
    datas: list[TocEntry],
    dropped: Callable[[str], bool],
    *,
    linux: bool,
) -> tuple[list[TocEntry], list[TocEntry], list[str]]:
    """The bundle's binaries and data without what is dropped or no longer linked to.

    Returns the kept binaries, the kept data files (symlinks to dropped libraries go too) and
    the destinations of the shared libraries left out because nothing kept needs them. Only on
    Linux (ELF files) are the system's libraries and the unlinked ones left out.
    """
    binaries = [entry for entry in binaries if not dropped(entry[0])]
    datas = [entry for entry in datas if not dropped(entry[0])]
    unlinked = _unlinked(binaries) if linux else set()
    binaries = [entry for entry in binaries if entry[0] not in unlinked]
    if linux:
        binaries = [entry for entry in binaries if not is_system_library(entry)]

    kept = {entry[0] for entry in binaries} | {entry[0] for entry in datas}

    def dangling(entry: TocEntry) -> bool:
        dest, target, typecode = entry
        if typecode != "SYMLINK":
            return False
        resolved = PurePosixPath(dest).parent / target
        parts: list[str] = []
        for part in resolved.parts:
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        return "/".join(parts) not in kept

    if linux:  # (macOS frameworks hold symlinks to folders, which this does not follow)
        datas = [entry for entry in datas if not dangling(entry)]
    return binaries, datas, sorted(unlinked)


def _unlinked(binaries: list[TocEntry]) -> set[str]:
    """The shared libraries (not system ones) that no extension, plugin or program needs."""
    binaries = [entry for entry in binaries if not is_system_library(entry)]
    pool = {PurePosixPath(e[0]).name: e for e in binaries if e[2] == "BINARY" and not _is_root(e)}
    reached: set[str] = set()
    todo = [entry for entry in binaries if _is_root(entry)]
    while todo:
        entry = todo.pop()
        for name in needed_libraries(Path(entry[1])):
            if name in pool and name not in reached:
                reached.add(name)
                todo.append(pool[name])
    return {entry[0] for name, entry in pool.items() if name not in reached}
