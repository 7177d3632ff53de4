"""The software centre's metainfo: valid AppStream, and one with the app's identity and files."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from viewer import __version__
from viewer.identity import APP_ID, APP_NAME

REPO = Path(__file__).resolve().parents[2]
METAINFO = REPO / "resources" / f"{APP_ID}.metainfo.xml"


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    appstreamcli = shutil.which("appstreamcli")
    if appstreamcli is None:
        pytest.fail("appstreamcli is not installed (scripts/bootstrap installs appstream)")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    # Valid, and without a single warning or info (pedantic notes aside: the id keeps the
    # capital letter every other file of the app's identity has).
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation was successful" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:", "I:")]


def test_the_metainfo_names_the_app_its_launcher_and_this_release() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    launchable = root.find("launchable")
    assert launchable is not None and launchable.text == f"{APP_ID}.desktop"
    assert (REPO / "resources" / launchable.text).is_file()
    assert root.find("content_rating") is not None
    releases = [release.get("version") for release in root.iterfind("releases/release")]
    assert releases[0] == __version__
    assert {m.text for m in root.iterfind("provides/mediatype")} == {"text/markdown"}


def test_every_screenshot_is_one_of_the_readmes() -> None:
    root = ET.parse(METAINFO).getroot()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    images = [image.text or "" for image in root.iterfind("screenshots/screenshot/image")]
    assert images
    for url in images:
        relative = url.split("/main/", 1)[1]
        assert (REPO / relative).is_file(), relative
        assert f"]({relative})" in readme, relative
