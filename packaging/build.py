"""Build Viewer's packages with one command:

    .venv/bin/python packaging/build.py

On Linux it writes, under dist/:
  viewer/                                the PyInstaller one-folder bundle (packaging/viewer.spec)
  viewer-<version>-linux-<machine>.tar.gz that folder, as viewer-<version>/
  viewer_<version>_<arch>.deb            the bundle in /usr/lib/viewer, /usr/bin/viewer, the desktop
                                         entry, the software centre's metainfo, the icons and
                                         a manual page; Depends derived from the bundle;
                                         lintian-clean (packaging/debian/)
On Windows it builds the bundle and, when Inno Setup's ISCC is found, the installer from
packaging/windows/viewer.iss; on macOS the bundle and dist/Viewer.app, zipped. The commands
for those two are made by pure functions (iscc_command, ditto_command), tested on any platform.

The .deb's Depends come from the bundle itself: every ELF file's DT_NEEDED libraries that are not
in the bundle are resolved with ldd (as the bundle's launcher does, LD_LIBRARY_PATH=_internal)
and mapped to their Debian packages with dpkg -S. A library that does not resolve fails the build.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
from viewer.identity import APP_ID, APP_NAME  # noqa: E402

SPEC = PACKAGING / "viewer.spec"
NAME = "viewer"
INSTALL_DIR = "/usr/lib/viewer"
DEBIAN_FILES = PACKAGING / "debian"
DEB_ARCHES = {"x86_64": "amd64", "aarch64": "arm64"}
MAINTAINER = "Viewer developers <viewer@example.invalid>"
# Installed with the .deb unless the user opts out: Chinese, Japanese and Korean text otherwise
# falls back glyph by glyph (a 700 KB Japanese note: 40 s and more instead of 2 s). Either
# font covers all three; the small one first, a desktop's Noto CJK does as well.
RECOMMENDS = ("fonts-wqy-zenhei | fonts-noto-cjk",)
SUMMARY = "Read Markdown notes about videos beside the video itself"
# Lines of at most 80 characters (Debian policy 5.6.13).
DESCRIPTION = """\
Open a folder of Markdown notes, pick a note, and its video plays in the pane
next to it: click any timestamp in the note and the video jumps there; click
a [[wiki link]] and that note opens; back and forward work like a browser's.
Sample notes are included."""
COPYRIGHT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: viewer

Files: *
Copyright: 2026 Viewer developers
License: MIT

Files: usr/lib/viewer/_internal/PySide6/* usr/lib/viewer/_internal/shiboken6/*
Copyright: 2008-2026 The Qt Company Ltd. and other contributors
Comment: Qt 6, Qt WebEngine (with Chromium) and the PySide6 bindings, unmodified shared libraries
 from the PySide6 wheels on PyPI.
License: LGPL-3.0-only

Files: usr/lib/viewer/_internal/libpython3* usr/lib/viewer/_internal/python3*
Copyright: 2001-2026 Python Software Foundation
Comment: the Python runtime, bundled by PyInstaller.
License: PSF-2.0
"""


@dataclass
class Timings:
    steps: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, started: float) -> None:
        self.steps[name] = time.monotonic() - started


def version() -> str:
    text = (ROOT / "src" / "viewer" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not found:
        raise SystemExit("build: no __version__ in src/viewer/__init__.py")
    return found.group(1)


def tree_size(path: Path) -> int:
    """Bytes in the files under path (symlinks counted as links, not their targets)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += (Path(folder) / name).lstat().st_size
    return total


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def build_bundle(dist: Path, work: Path, *, untrimmed: bool = False) -> Path:
    """Run PyInstaller on viewer.spec; the one-folder bundle is dist/viewer."""
    env = dict(os.environ)
    env.pop("VIEWER_UNTRIMMED", None)
    # PyInstaller's own cache (bootloaders, stripped binaries: about 300 MB) beside its work
    # files rather than in ~/.cache, which a test run points at a throwaway folder.
    env.setdefault("PYINSTALLER_CONFIG_DIR", str(work / "cache"))
    if untrimmed:
        env["VIEWER_UNTRIMMED"] = "1"
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level=WARN"]
    command += [f"--distpath={dist}", f"--workpath={work}", str(SPEC)]
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    bundle = dist / NAME
    executable = bundle / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    if not executable.is_file():
        raise SystemExit(f"build: PyInstaller made no {executable}")
    # Chromium creates an empty "locales" folder beside QtWebEngine's resources when it is missing
    # and it may (as root). Shipping it empty keeps the installed tree as the package made it, so
    # `dpkg -r` (or the Windows uninstaller) removes the whole folder.
    for resources in bundle.rglob("qtwebengine_resources.pak"):
        (resources.parent / "locales").mkdir(exist_ok=True)
    if sys.platform.startswith("linux"):
        drop_foreign_runpaths(bundle)
        if not untrimmed:
            strip_binaries(bundle)
    return bundle


#: Qt's FFmpeg libraries are patched ELF files that stripping again breaks ("ELF load command
#: address/offset not page-aligned"); they come without symbols anyway.
UNSTRIPPABLE = (
    "libavcodec.so",
    "libavformat.so",
    "libavutil.so",
    "libswscale.so",
    "libswresample.so",
)


def strip_binaries(bundle: Path) -> list[Path]:
    """Symbols out of the bundle's programs and libraries (libpython: 23 MB to 6 MB), as a
    package's should be, but for those that break when stripped."""
    strip = shutil.which("strip")
    if strip is None:
        return []
    stripped = [path for path in elf_files(bundle) if not path.name.startswith(UNSTRIPPABLE)]
    for path in stripped:
        subprocess.run([strip, "--strip-unneeded", str(path)], check=True)
    return stripped


def kept_runpath(runpath: str) -> str:
    """The entries of an ELF RUNPATH that stay inside the bundle: those relative to $ORIGIN."""
    return ":".join(entry for entry in runpath.split(":") if entry.startswith("$ORIGIN"))


def drop_foreign_runpaths(bundle: Path) -> list[Path]:
    """Remove the build machine's folders from the bundle's RUNPATHs (chrpath).

    A Python built with --enable-shared (pyenv, the CI's) records its own lib folder, such as
    /root/.pyenv/versions/3.11.7/lib, in libpython and its extension modules. In the bundle that
    folder means nothing, or worse, another Python's libraries; the loader finds libpython in the
    bundle anyway. Qt's $ORIGIN entries stay.
    """
    chrpath = shutil.which("chrpath")
    if chrpath is None:
        raise SystemExit("build: the Linux bundle needs chrpath (Debian: apt-get install chrpath)")
    changed = []
    for path in elf_files(bundle):
        listed = subprocess.run([chrpath, "-l", str(path)], capture_output=True, text=True)
        _, found, runpath = listed.stdout.strip().partition("PATH=")
        if listed.returncode != 0 or not found:
            continue  # no RPATH or RUNPATH
        kept = kept_runpath(runpath)
        if kept == runpath:
            continue
        command = [chrpath, "-r", kept] if kept else [chrpath, "-d"]
        subprocess.run([*command, str(path)], check=True, stdout=subprocess.DEVNULL)
        changed.append(path)
    return changed


# --- Linux: which system libraries the bundle needs, and from which Debian packages ----------


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for folder, _, files in os.walk(bundle):
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return sorted(found)


def ldd(path: Path, library_path: Path) -> dict[str, str | None]:
    """What the dynamic loader would load for path: {soname: path, or None when not found}."""
    env = dict(os.environ, LD_LIBRARY_PATH=str(library_path))
    result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
    resolved: dict[str, str | None] = {}
    for line in result.stdout.splitlines():
        words = line.split()
        if "=>" in words and len(words) >= 3:
            name, target = words[0], words[2]
            resolved[name] = None if target == "not" else target
        elif words and words[0].startswith("/"):
            resolved[Path(words[0]).name] = words[0]  # the dynamic loader itself
    return resolved


@dataclass
class SystemLibraries:
    """Libraries from outside the bundle that its files link to directly, and what needs them."""

    found: dict[str, set[str]]
    missing: dict[str, set[str]]


def system_libraries(bundle: Path) -> SystemLibraries:
    if str(PACKAGING) not in sys.path:
        sys.path.insert(0, str(PACKAGING))
    from trim import needed_libraries  # packaging/trim.py

    internal = bundle / "_internal"
    root = bundle.resolve()
    found: dict[str, set[str]] = {}
    missing: dict[str, set[str]] = {}
    for path in elf_files(bundle):
        needed = needed_libraries(path)
        if not needed:
            continue
        resolved = ldd(path, internal)
        user = str(path.relative_to(bundle))
        for name in needed:
            target = resolved.get(name)
            if target is None:
                missing.setdefault(name, set()).add(user)
            elif root not in Path(target).resolve().parents:
                found.setdefault(target, set()).add(user)
    return SystemLibraries(found, missing)


def _aliases(path: str) -> set[str]:
    """The names dpkg may know a library by on a merged-/usr system."""
    names = {path, str(Path(path).resolve())}
    for name in list(names):
        if name.startswith("/usr/"):
            names.add(name[4:])
        else:
            names.add("/usr" + name)
    return names


def debian_packages(libraries: Iterable[str]) -> dict[str, str]:
    """{library path: Debian package} with dpkg -S; a library no package owns fails the build."""
    libraries = sorted(libraries)
    wanted = {alias: library for library in libraries for alias in _aliases(library)}
    result = subprocess.run(
        ["dpkg", "-S", *sorted(wanted)],
        capture_output=True,
        text=True,
        env=dict(os.environ, LC_ALL="C"),
    )
    owners: dict[str, str] = {}
    for line in result.stdout.splitlines():
        if line.startswith("diversion "):
            continue
        packages, _, path = line.partition(": ")
        if path in wanted:
            owners[wanted[path]] = packages.split(", ")[0].split(":")[0]
    unowned = [library for library in libraries if library not in owners]
    if unowned:
        raise SystemExit(f"build: no Debian package owns {', '.join(unowned)}")
    return owners


def derive_depends(bundle: Path) -> list[str]:
    libraries = system_libraries(bundle)
    if libraries.missing:
        lines = [
            f"  {name} (needed by {', '.join(sorted(users))})"
            for name, users in sorted(libraries.missing.items())
        ]
        raise SystemExit("build: libraries not found on this machine:\n" + "\n".join(lines))
    return sorted(set(debian_packages(libraries.found).values()))


# --- Linux artifacts ----------------------------------------------------------------------------


def write_tarball(bundle: Path, out: Path, top: str) -> Path:
    """bundle/ as top/ in a .tar.gz: sorted, owned by root, no user or group names."""

    def normal(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    partial = out.with_name(out.name + ".part")
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        archive.add(bundle, arcname=top, filter=normal)
    partial.replace(out)
    return out


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _gzip(data: bytes, out: Path) -> None:
    """gzip -9n: no name or time in the header, so the same input gives the same bytes."""
    with (
        out.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as f,
    ):
        f.write(data)
    out.chmod(0o644)


def debian_changelog(version: str, maintainer: str, when: float) -> str:
    """The changelog a native package carries (usr/share/doc/<name>/changelog.gz)."""
    return (
        f"{NAME} ({version}) unstable; urgency=medium\n\n"
        f"  * Release {version}.\n\n"
        f" -- {maintainer}  {time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime(when))}\n"
    )


def control_file(
    version: str, arch: str, maintainer: str, installed_kib: int, depends: Sequence[str]
) -> str:
    description = "\n".join(" " + (line or ".") for line in DESCRIPTION.splitlines())
    return (
        f"Package: {NAME}\n"
        f"Version: {version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {maintainer}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: video\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n{description}\n"
    )


def stage_deb(bundle: Path, stage: Path, version: str, arch: str, depends: Sequence[str]) -> None:
    """The file tree of the .deb, with DEBIAN/control, under stage."""
    if stage.exists():
        shutil.rmtree(stage)
    maintainer = os.environ.get("VIEWER_MAINTAINER", MAINTAINER)
    installed = stage / INSTALL_DIR.lstrip("/")
    installed.parent.mkdir(parents=True)
    shutil.copytree(bundle, installed, symlinks=True, copy_function=_link_or_copy)

    usr = stage / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / NAME).symlink_to(os.path.relpath(f"{INSTALL_DIR}/{NAME}", "/usr/bin"))

    resources = ROOT / "resources"
    applications = usr / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy(resources / f"{APP_ID}.desktop", applications / f"{APP_ID}.desktop")
    metainfo = usr / "share" / "metainfo"
    metainfo.mkdir(parents=True)
    shutil.copy(resources / f"{APP_ID}.metainfo.xml", metainfo)
    hicolor = usr / "share" / "icons" / "hicolor"
    for png in sorted((resources / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        target = hicolor / png.relative_to(resources / "icons" / "hicolor")
        target.parent.mkdir(parents=True)
        shutil.copy(png, target)
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy(resources / "icons" / f"{APP_ID}.svg", hicolor / "scalable" / "apps")
    man = usr / "share" / "man" / "man1"
    man.mkdir(parents=True)
    _gzip((DEBIAN_FILES / f"{NAME}.1").read_bytes(), man / f"{NAME}.1.gz")
    doc = usr / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    when = float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    _gzip(debian_changelog(version, maintainer, when).encode(), doc / "changelog.gz")
    overrides = usr / "share" / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy(DEBIAN_FILES / "lintian-overrides", overrides / NAME)

    for path in [stage, *stage.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        elif ".so" in path.name and path.stat().st_mode & 0o111:
            path.chmod(0o644)  # shared libraries are mapped, never executed

    installed_kib = sum(-(-p.lstat().st_size // 1024) for p in stage.rglob("*") if not p.is_dir())
    debian = stage / "DEBIAN"
    debian.mkdir(mode=0o755)
    # What `dpkg --verify` checks the installed files against.
    sums = [
        f"{hashlib.md5(path.read_bytes()).hexdigest()}  {path.relative_to(stage).as_posix()}\n"
        for path in sorted(stage.rglob("*"))
        if path.is_file() and not path.is_symlink() and debian not in path.parents
    ]
    (debian / "md5sums").write_text("".join(sums), encoding="utf-8")
    (debian / "md5sums").chmod(0o644)
    control = control_file(version, arch, maintainer, installed_kib, depends)
    (debian / "control").write_text(control, encoding="utf-8")
    (debian / "control").chmod(0o644)


def build_deb(stage: Path, out: Path, compression: str) -> Path:
    level = {"zstd": ["-z9"], "xz": ["-z6"], "gzip": ["-z6"]}[compression]
    command = ["dpkg-deb", "--root-owner-group", f"-Z{compression}", *level, "--build"]
    subprocess.run([*command, str(stage), str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def linux_packages(
    bundle: Path, dist: Path, work: Path, compression: str, timings: Timings
) -> list[Path]:
    missing = [tool for tool in ("ldd", "dpkg", "dpkg-deb") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"build: the .deb needs {', '.join(missing)} (Debian or Ubuntu)")
    release = version()
    machine = platform.machine()
    arch = DEB_ARCHES.get(machine, machine)
    tarball = dist / f"{NAME}-{release}-linux-{machine}.tar.gz"
    deb = dist / f"{NAME}_{release}_{arch}.deb"
    for stale in (tarball, deb):
        stale.unlink(missing_ok=True)

    started = time.monotonic()
    depends = derive_depends(bundle)
    timings.run("Depends (ldd, dpkg -S)", started)
    print(f"build: Depends: {', '.join(depends)}", flush=True)

    def make_tarball() -> Path:
        started = time.monotonic()
        write_tarball(bundle, tarball, f"{NAME}-{release}")
        timings.run(".tar.gz", started)
        return tarball

    def make_deb() -> Path:
        started = time.monotonic()
        stage = work / "deb" / f"{NAME}_{release}_{arch}"
        stage_deb(bundle, stage, release, arch, depends)
        build_deb(stage, deb, compression)
        shutil.rmtree(stage)
        timings.run(".deb", started)
        return deb

    # Two cores: gzip in this process while dpkg-deb compresses in its own.
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(make_tarball), pool.submit(make_deb)]
        return [job.result() for job in jobs]


# --- Windows and macOS (not built on Linux) -----------------------------------------------------


def find_iscc(environ: Mapping[str, str]) -> str | None:
    """Inno Setup 6's compiler: on PATH, or where its installer puts it."""
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    default = Path(environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"))
    candidate = default / "Inno Setup 6" / "ISCC.exe"
    return str(candidate) if candidate.is_file() else None


def installer_name(release: str) -> str:
    return f"{NAME}-{release}-windows-setup.exe"


def iscc_command(iscc: str, release: str, bundle: Path, dist: Path, icon: Path | None) -> list[str]:
    """ISCC on viewer.iss: the version, the app id and the folders are all passed in."""
    command = [
        iscc,
        f"/DAppId={APP_ID}",
        f"/DAppName={APP_NAME}",
        f"/DAppVersion={release}",
        f"/DBundleDir={bundle}",
        f"/DOutputDir={dist}",
        f"/DOutputBaseFilename={installer_name(release).removesuffix('.exe')}",
    ]
    if icon is not None:
        command.append(f"/DIconFile={icon}")
    return [*command, str(PACKAGING / "windows" / "viewer.iss")]


def windows_installer(bundle: Path, dist: Path, work: Path, *, required: bool) -> list[Path]:
    iscc = find_iscc(os.environ)
    if iscc is None:
        message = "Inno Setup 6 (ISCC.exe) not found; the installer was not built"
        if required:
            raise SystemExit(f"build: {message}")
        print(f"build: {message}")
        return []
    release = version()
    icon = work / "viewer" / "viewer.ico"  # written by viewer.spec
    command = iscc_command(iscc, release, bundle, dist, icon if icon.is_file() else None)
    subprocess.run(command, check=True)
    return [dist / installer_name(release)]


def macos_archive_name(release: str, machine: str) -> str:
    return f"{APP_NAME}-{release}-macos-{machine}.zip"


def ditto_command(app: Path, out: Path) -> list[str]:
    """The .app zipped as Finder does (resource forks, symlinks and permissions kept)."""
    return ["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(app), str(out)]


def macos_archive(dist: Path) -> list[Path]:
    app = dist / f"{APP_NAME}.app"
    if not app.is_dir():
        raise SystemExit(f"build: PyInstaller made no {app}")
    out = dist / macos_archive_name(version(), platform.machine())
    out.unlink(missing_ok=True)
    subprocess.run(ditto_command(app, out), check=True)
    return [app, out]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Viewer's bundle and packages.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's cache"
    )
    parser.add_argument(
        "--compression",
        choices=("gzip", "xz", "zstd"),
        default="gzip",
        help=(
            "the .deb's compression: gzip (default, 30 s), xz (smallest, minutes), zstd (fastest;"
            " Debian 12's lintian does not read it)"
        ),
    )
    parser.add_argument(
        "--untrimmed",
        action="store_true",
        help="only build the bundle without trimming (into build/untrimmed/), to compare sizes",
    )
    parser.add_argument(
        "--require-installer",
        action="store_true",
        help="on Windows, fail when Inno Setup is missing instead of building only the bundle",
    )
    args = parser.parse_args(argv)
    timings = Timings()
    started = time.monotonic()

    if args.untrimmed:
        bundle = build_bundle(ROOT / "build" / "untrimmed", args.work / "untrimmed", untrimmed=True)
        size = tree_size(bundle)
        print(f"build: untrimmed bundle {bundle}: {mib(size)} ({size} B)")
        return 0

    args.dist.mkdir(parents=True, exist_ok=True)
    bundle = build_bundle(args.dist, args.work)
    timings.run("PyInstaller", started)
    outputs = [bundle]
    if sys.platform.startswith("linux"):
        outputs += linux_packages(bundle, args.dist, args.work, args.compression, timings)
    elif sys.platform == "win32":
        outputs += windows_installer(bundle, args.dist, args.work, required=args.require_installer)
    elif sys.platform == "darwin":
        outputs += macos_archive(args.dist)
    timings.run("total", started)

    for output in outputs:
        size = tree_size(output) if output.is_dir() else output.stat().st_size
        shown = output.relative_to(ROOT) if ROOT in output.parents else output
        print(f"build: {shown}: {mib(size)} ({size} B)")
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.steps.items())
    print(f"build: {steps}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
