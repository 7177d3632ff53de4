"""The Flatpak manifest, checked as far as this machine can without flatpak-builder: the app's
identity, its command, the base app and runtime of one Qt branch, and every Python dependency
of pyproject.toml pinned to a wheel with its hash, for both architectures Flathub builds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import parse_wheel_filename

from viewer.identity import APP_ID

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "packaging" / "flatpak" / f"{APP_ID}.yml"
#: The Python of the KDE runtime's freedesktop base (24.08 for the 6.8 and 6.9 branches).
RUNTIME_PYTHON = "cp312"
ARCHES = ("x86_64", "aarch64")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def modules(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {module["name"]: module for module in manifest["modules"]}


def test_the_manifest_is_the_apps_with_its_command(manifest: dict[str, Any]) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert manifest["id"] == APP_ID
    assert manifest["command"] in project["gui-scripts"]
    assert manifest["runtime"] == "org.kde.Platform" and manifest["sdk"] == "org.kde.Sdk"
    assert manifest["base"] == "io.qt.PySide.BaseApp"
    assert manifest["base-version"] == manifest["runtime-version"]  # one Qt branch


def test_every_source_is_pinned_by_its_hash(manifest: dict[str, Any]) -> None:
    for module in manifest["modules"]:
        for source in module["sources"]:
            if source["type"] == "dir":
                assert (MANIFEST.parent / source["path"]).resolve() == REPO
                continue
            assert source["url"].startswith("https://files.pythonhosted.org/"), source
            assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), source


def test_every_dependency_of_the_app_is_a_wheel_for_the_runtimes_python(
    manifest: dict[str, Any],
) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # PySide6 comes with the base app.
    wanted = [
        Requirement(text)
        for text in project["dependencies"]
        if not Requirement(text).name.lower().startswith("pyside6")
    ]
    sources = modules(manifest)["python3-dependencies"]["sources"]
    for requirement in wanted:
        for arch in ARCHES:
            found = []
            for source in sources:
                if arch not in source.get("only-arches", ARCHES):
                    continue
                name, version, _build, tags = parse_wheel_filename(source["url"].rsplit("/", 1)[1])
                if name != requirement.name.lower().replace("_", "-"):
                    continue
                assert version in requirement.specifier, (requirement, version)
                assert any(
                    (tag.interpreter in (RUNTIME_PYTHON, "py3") or tag.abi == "abi3")
                    and (tag.platform == "any" or arch in tag.platform)
                    for tag in tags
                ), (requirement, arch, source["url"])
                found.append(source["url"])
            assert len(found) == 1, (requirement.name, arch, found)
    installed = " ".join(modules(manifest)["python3-dependencies"]["build-commands"])
    for requirement in wanted:
        assert requirement.name.lower() in installed.lower(), requirement.name


def test_the_app_module_installs_the_desktop_files_that_exist(manifest: dict[str, Any]) -> None:
    commands = "\n".join(modules(manifest)["viewer"]["build-commands"])
    for relative in re.findall(r"resources/[\w./${}-]+", commands):
        if "${size}" in relative:
            for size in (16, 24, 32, 48, 64, 128, 256, 512):
                assert (REPO / relative.replace("${size}", str(size))).is_file(), relative
        else:
            assert (REPO / relative).is_file(), relative
    assert f"share/metainfo/{APP_ID}.metainfo.xml" in commands
    assert f"share/applications/{APP_ID}.desktop" in commands
