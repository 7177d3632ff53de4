"""Keeping every path a note names inside the opened folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viewer.core.paths import PathRefused, is_inside, resolve_inside


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("a.md", "a.md"),
        ("sub/b.md", "sub/b.md"),
        ("sub/./b.md", "sub/b.md"),
        ("sub/../a.md", "a.md"),
        ("sub\\b.md", "sub/b.md"),
        ("sub%2Fb.md", "sub/b.md"),
        ("with%20space.md", "with space.md"),
        ("missing/file.webm", "missing/file.webm"),
    ],
)
def test_names_inside_the_folder_resolve_below_it(
    tmp_path: Path, relative: str, expected: str
) -> None:
    (tmp_path / "sub").mkdir()
    assert resolve_inside(tmp_path, relative) == tmp_path.resolve() / expected


@pytest.mark.parametrize(
    "relative",
    [
        "../x.md",
        "../../etc/passwd",
        "sub/../../x.md",
        "%2e%2e/x.md",
        "%2E%2E%2Fx.md",
        "..%5Cx.md",
        "..\\..\\x.md",
        "/etc/passwd",
        "%2Fetc%2Fpasswd",
        "\\\\server\\share\\x.md",
        "C:\\Windows\\win.ini",
        "c:/x.md",
        "",
        "   ",
        "a\x00.md",
        "a%00.md",
    ],
)
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(PathRefused):
        resolve_inside(tmp_path, relative)


def test_a_link_inside_the_folder_that_points_outside_is_refused(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "secret.md").write_text("secret")
    os.symlink(outside, root / "door")
    os.symlink(outside / "secret.md", root / "secret.md")
    for relative in ("door/secret.md", "secret.md"):
        with pytest.raises(PathRefused, match="outside"):
            resolve_inside(root, relative)


def test_a_link_that_stays_inside_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.md").write_text("a")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    assert resolve_inside(tmp_path, "alias/a.md") == (tmp_path / "real" / "a.md").resolve()


def test_the_refusal_says_why_in_plain_words(tmp_path: Path) -> None:
    with pytest.raises(PathRefused, match="absolute path"):
        resolve_inside(tmp_path, "/etc/passwd")
    with pytest.raises(PathRefused, match="points outside the notes folder"):
        resolve_inside(tmp_path, "../x")


@pytest.mark.parametrize(
    ("real", "inside"),
    [
        ("/notes", True),
        ("/notes/a.md", True),
        ("/notes/sub/b.md", True),
        ("/notes-old/a.md", False),  # a sibling whose name starts the same
        ("/note", False),
        ("/", False),
    ],
)
def test_inside_is_the_folder_itself_or_below_it(real: str, inside: bool) -> None:
    assert is_inside(real, "/notes") is inside


def test_everything_is_inside_the_root_of_the_file_system() -> None:
    assert is_inside("/notes/a.md", "/")
