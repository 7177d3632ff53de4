"""Whether a notes folder is in an Obsidian vault, and the link that opens a note there."""

from __future__ import annotations

from pathlib import Path

from viewer.core.obsidian import obsidian_url, vault_of


def test_a_folder_is_in_the_nearest_vault_at_or_above_it(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    inner = outer / "talks" / "inner"
    (outer / ".obsidian").mkdir(parents=True)
    (inner / ".obsidian").mkdir(parents=True)
    (inner / "deep").mkdir()
    assert vault_of(outer) == outer
    assert vault_of(outer / "talks") == outer
    assert vault_of(inner / "deep") == inner
    assert vault_of(tmp_path) is None


def test_a_file_named_like_the_settings_folder_makes_no_vault(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").write_text("not a folder", encoding="utf-8")
    assert vault_of(tmp_path) is None


def test_the_link_names_the_vault_and_the_note_without_md_all_encoded(tmp_path: Path) -> None:
    vault = tmp_path / "My Vault"
    note = vault / "talks" / "Ça & co #1.md"
    assert obsidian_url(vault, note) == (
        "obsidian://open?vault=My%20Vault&file=talks%2F%C3%87a%20%26%20co%20%231"
    )
    # Only .md is left out, as Obsidian names notes; another extension stays.
    assert obsidian_url(vault, vault / "Notes.MD") == "obsidian://open?vault=My%20Vault&file=Notes"
    assert obsidian_url(vault, vault / "a.markdown") == (
        "obsidian://open?vault=My%20Vault&file=a.markdown"
    )


def test_a_note_outside_the_vault_has_no_link(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert obsidian_url(vault, tmp_path / "elsewhere.md") is None
    assert obsidian_url(vault, vault) is None
    assert obsidian_url(vault, vault / ".." / "escape.md") is None
