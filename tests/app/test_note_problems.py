"""What is wrong with a note, in the real note pane: errors on top, warnings quiet at the foot."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.helpers.pages import note_eval, wait_for_note
from viewer.app.main_window import MainWindow

LAYOUT = """(() => {
  const banner = document.querySelector('header .problems');
  const foot = document.querySelector('article.note > section.note-warnings:last-child');
  const body = getComputedStyle(document.querySelector('article.note p'));
  const quiet = foot && getComputedStyle(foot);
  return {
    banner: banner ? banner.innerText : null,
    warnings: foot ? [...foot.querySelectorAll('li')].map(li => li.innerText) : [],
    smaller: quiet ? parseFloat(quiet.fontSize) < parseFloat(body.fontSize) : null,
    muted: quiet ? quiet.color !== body.color : null,
    headings: [...document.querySelectorAll('h1')].map(h => h.innerText),
  };
})()"""


def test_errors_are_on_top_and_warnings_quiet_at_the_foot(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "talk.md").write_text(
        "---\ntitle: [unclosed\nvideoId: 7-3IxVvWoxc\n---\n# Talk\n\nText with [[nowhere]].\n",
        encoding="utf-8",
    )
    window.open_folder(root, "talk.md")
    wait_for_note(qtbot, window, "Talk")
    state = note_eval(qtbot, window, LAYOUT)
    assert state["banner"] == (
        "The front matter line “title: [unclosed” is not valid YAML; it is ignored."
    )
    assert state["warnings"] == ["Line 7: The link [[nowhere]] matches no note in this folder."]
    assert (state["smaller"], state["muted"]) == (True, True)
    assert state["headings"] == ["Talk"]  # the heading that gave the title is not said twice
    # The broken title line did not cost the note its video.
    assert window.note is not None and window.note.video is not None
    assert window.note.video.value == "7-3IxVvWoxc"


def test_a_latin1_note_reads_correctly_with_a_quiet_word_on_the_encoding(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "cafe.md").write_bytes("# Café\n\nCrème brûlée.\n".encode("latin-1"))
    window.open_folder(root, "cafe.md")
    wait_for_note(qtbot, window, "Café")
    state = note_eval(qtbot, window, LAYOUT)
    assert state["banner"] is None
    assert state["warnings"] == [
        "Line 1: The file is not UTF-8; it was read as Windows-1252, the encoding it most "
        "likely has."
    ]
    assert "Crème brûlée." in note_eval(qtbot, window, "document.body.innerText")
