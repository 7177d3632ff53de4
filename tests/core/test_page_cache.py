"""The last note's page kept between runs: given back only while everything it was made from
is as it was; a damaged, stale or foreign file is ignored, never raised."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.core.test_code_digest import CHANGED, SOURCE
from viewer.core import page_cache
from viewer.core.code_digest import reached_modules, source_checksum
from viewer.core.page_cache import PageCache, default_page_cache_path

STYLE = "body { color: black }"
DOCUMENT = "<!DOCTYPE html><html><body><h1>Sourdough</h1><p>Starter, day one.</p></body></html>"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "talks").mkdir(parents=True)
    (root / "talks" / "bread.md").write_text("# Sourdough\n\nStarter, day one.\n", "utf-8")
    return root


@pytest.fixture
def pages(tmp_path: Path) -> PageCache:
    return PageCache(tmp_path / "cache" / "last-page.html")


def test_a_page_kept_comes_back_as_it_was_with_its_title(folder: Path, pages: PageCache) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    page = pages.load(folder, "talks/bread.md", "light", STYLE)
    assert page is not None
    assert (page.root, page.note, page.title, page.theme) == (
        folder,
        "talks/bread.md",
        "Sourdough",
        "light",
    )
    assert page.document == DOCUMENT


def test_only_the_last_page_is_kept(folder: Path, pages: PageCache) -> None:
    (folder / "other.md").write_text("# Other\n", "utf-8")
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    pages.store(folder, "other.md", "Other", "light", "<p>other</p>", STYLE)
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None
    page = pages.load(folder, "other.md", "light", STYLE)
    assert page is not None and page.document == "<p>other</p>"


def test_a_note_changed_since_is_not_given_back(folder: Path, pages: PageCache) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    note = folder / "talks" / "bread.md"
    stat = note.stat()
    # The same size, written a second later: the time tells.
    note.write_text("# Sourdough\n\nStarter, day two.\n", "utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert note.stat().st_size == stat.st_size
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None


def test_a_note_of_another_size_is_not_given_back_even_at_the_same_time(
    folder: Path, pages: PageCache
) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    note = folder / "talks" / "bread.md"
    stat = note.stat()
    note.write_text("# Sourdough\n\nStarter, day one, and two.\n", "utf-8")
    os.utime(note, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None


def test_a_note_gone_is_not_given_back(folder: Path, pages: PageCache) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    (folder / "talks" / "bread.md").unlink()
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None


def test_another_theme_or_stylesheet_is_not_given_back(folder: Path, pages: PageCache) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    assert pages.load(folder, "talks/bread.md", "dark", STYLE) is None
    assert pages.load(folder, "talks/bread.md", "light", STYLE + " p { margin: 0 }") is None
    assert pages.load(folder / "talks", "bread.md", "light", STYLE) is None  # another folder
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is not None


def _rewrite_header(pages: PageCache, **changes: object) -> None:
    header, body = pages.path.read_bytes().split(b"\n", 1)
    fields = json.loads(header)
    fields.update(changes)
    pages.path.write_bytes(json.dumps(fields).encode() + b"\n" + body)


def test_a_page_rendered_by_other_code_is_not_given_back(folder: Path, pages: PageCache) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    _rewrite_header(pages, code="00000000")
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None


def test_a_page_whose_renderer_module_is_gone_is_not_given_back(
    folder: Path, pages: PageCache
) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    header = json.loads(pages.path.read_bytes().split(b"\n", 1)[0])
    _rewrite_header(pages, modules=[*header["modules"], "viewer.core.no_such_module"])
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None


def test_the_code_is_that_of_the_renderer_and_all_it_reaches(
    folder: Path, pages: PageCache
) -> None:
    from viewer.core import note_page, render

    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    header = json.loads(pages.path.read_bytes().split(b"\n", 1)[0])
    reached = {module.__name__ for module in reached_modules(render)}
    reached |= {module.__name__ for module in reached_modules(note_page)}
    assert header["modules"] == sorted(reached)
    assert {"viewer.core.render", "viewer.core.markdown_extension", "viewer.core.sanitize"} <= (
        reached
    )
    assert header["code"] == source_checksum(header["modules"])


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(b"Starter", b"Stopper"),  # a changed body
        lambda data: b"not json\n" + data.split(b"\n", 1)[1],
        lambda data: b"[1, 2]\n" + data.split(b"\n", 1)[1],
        lambda data: b"",
        lambda data: bytes(range(256)) * 10,
    ],
    ids=["truncated", "body-changed", "header-not-json", "header-not-object", "empty", "noise"],
)
def test_a_damaged_file_is_ignored(folder: Path, pages: PageCache, damage: object) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    assert callable(damage)
    pages.path.write_bytes(damage(pages.path.read_bytes()))
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None


def test_a_file_of_another_version_is_ignored(folder: Path, pages: PageCache) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    _rewrite_header(pages, version=99)
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None


def test_no_file_or_an_unreadable_one_is_no_page(
    folder: Path, pages: PageCache, tmp_path: Path
) -> None:
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None
    pages.path.parent.mkdir(parents=True)
    pages.path.mkdir()  # a folder where the file should be
    assert pages.load(folder, "talks/bread.md", "light", STYLE) is None
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)  # no raise
    assert pages.path.is_dir()


def test_it_is_never_written_inside_the_notes_folder(folder: Path) -> None:
    inside = PageCache(folder / ".cache" / "last-page.html")
    inside.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    assert not (folder / ".cache").exists()
    assert inside.load(folder, "talks/bread.md", "light", STYLE) is None


def test_it_is_written_whole_and_leaves_nothing_else(folder: Path, pages: PageCache) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    pages.store(folder, "talks/bread.md", "Sourdough", "dark", DOCUMENT, STYLE)
    assert [path.name for path in pages.path.parent.iterdir()] == ["last-page.html"]


def test_a_page_too_big_to_be_worth_it_is_not_kept(
    folder: Path, pages: PageCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages.store(folder, "talks/bread.md", "Sourdough", "light", DOCUMENT, STYLE)
    monkeypatch.setattr(page_cache, "MAX_BYTES", len(DOCUMENT) - 1)
    pages.store(folder, "talks/bread.md", "Sourdough", "dark", DOCUMENT, STYLE)
    assert not pages.path.exists()


def test_it_lives_in_the_users_cache_folder_beside_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_page_cache_path() == tmp_path / "xdg" / "viewer" / "last-page.html"
    assert PageCache().path == default_page_cache_path()


def test_the_source_checksum_follows_the_code_without_importing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path))
    module = tmp_path / "page_code_probe.py"
    module.write_text(SOURCE, "utf-8")
    one = source_checksum(["page_code_probe"])
    assert one is not None
    assert "page_code_probe" not in sys.modules
    module.write_text(CHANGED, "utf-8")
    assert source_checksum(["page_code_probe"]) != one
    module.write_text(SOURCE, "utf-8")
    assert source_checksum(["page_code_probe"]) == one
    assert source_checksum(["page_code_probe", "no_such_module_anywhere"]) is None
    # Once imported, the module counts by the same code.
    __import__("page_code_probe")
    assert source_checksum(["page_code_probe"]) == one
