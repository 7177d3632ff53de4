"""``viewer check``: the report, its JSON shape and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.core.conftest import SAMPLES, WriteNote
from viewer.cli import main
from viewer.core.check import check_folder

SAMPLE_SECONDS = [0, 163, 179, 197, 205, 217, 230, 251, 261, 264, 282, 292, 298, 2533, 1521,
                  1455, 1411, 2533, 2595, 2761, 2778, 60]  # fmt: skip


def run_check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "viewer", "check", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_the_sample_folder_as_json() -> None:
    result = run_check(SAMPLES, "--json")
    assert result.returncode == 1  # its links point at notes that are not there
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report == {
        "folder": str(SAMPLES),
        "notes": [
            {
                "path": "model_architectures_in_ai.md",
                "title": "Model architectures in AI",
                "video": {"kind": "youtube", "id": "7-3IxVvWoxc"},
                "timestamps": report["notes"][0]["timestamps"],
                "links": [
                    {"target": "redpointai", "path": None},
                    {"target": "the_future_of_ai_architectures_beyond_transformers", "path": None},
                    {"target": "the_future_of_ai_architectures_beyond_transformers", "path": None},
                    {"target": "compound_ai_systems_and_their_development", "path": None},
                ],
                "problems": [
                    "The link [[redpointai]] matches no note in this folder.",
                    "The link [[the_future_of_ai_architectures_beyond_transformers]] matches no "
                    "note in this folder.",
                    "The link [[compound_ai_systems_and_their_development]] matches no note in "
                    "this folder.",
                ],
            }
        ],
        "problems": 3,
    }
    timestamps = report["notes"][0]["timestamps"]
    assert len(timestamps) == 22
    assert [stamp["seconds"] for stamp in timestamps] == SAMPLE_SECONDS
    assert all(set(stamp) == {"label", "seconds"} for stamp in timestamps)
    by_label = {stamp["label"]: stamp["seconds"] for stamp in timestamps}
    assert (by_label["02:43:00"], by_label["42:13:00"], by_label["01:00:00"]) == (163, 2533, 60)
    assert timestamps[0] == {"label": "00:00:00", "seconds": 0}
    assert isinstance(timestamps[1]["seconds"], int)


def test_the_sample_folder_as_text() -> None:
    result = run_check(SAMPLES)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"Notes folder: {SAMPLES}"
    assert "model_architectures_in_ai.md  —  Model architectures in AI" in lines
    assert "    youtube: 7-3IxVvWoxc; 22 timestamps; 0 of 4 links resolved" in lines
    assert any(line.startswith("    times: 00:00:00=0:00, 02:43:00=2:43,") for line in lines)
    assert any(line.endswith(", … 10 more") for line in lines)
    assert "    ! The link [[redpointai]] matches no note in this folder." in lines
    assert lines[-1] == "1 note, 3 problems."


def clean_folder(write: WriteNote) -> None:
    write("talk.md", "---\ntitle: Talk\nvideoId: 7-3IxVvWoxc\n---\n"
          '[[people/Speaker]] at <a class="yt-timestamp" data-t="00:00:33">[00:00:33]</a> and '
          '<a class="yt-timestamp" data-t="00:45:00">[00:45:00]</a>\n')  # fmt: skip
    write("people/Speaker.md", "---\naliases: [The Speaker]\n---\n# Speaker\n[[Talk]]\n")
    write("local/clip_note.md", "---\nvideo: media/clip.webm\n---\n[[The Speaker]]\n")
    write("local/media/clip.webm", b"\x1aE\xdf\xa3")
    write("remote.md", "---\nvideo: https://example.com/a.mp4\n---\n")
    write("notes.txt", "not a note")


def test_a_clean_folder_exits_0_with_every_kind_of_video(write: WriteNote, notes_dir: Path) -> None:
    clean_folder(write)
    result = run_check(notes_dir, "--json")
    assert (result.returncode, result.stderr) == (0, "")
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["folder"] == str(notes_dir)
    assert report["problems"] == 0
    assert [note["path"] for note in report["notes"]] == [
        "local/clip_note.md", "people/Speaker.md", "remote.md", "talk.md"
    ]  # fmt: skip
    notes = {note["path"]: note for note in report["notes"]}
    assert notes["local/clip_note.md"]["video"] == {"kind": "file", "path": "local/media/clip.webm"}
    assert notes["remote.md"]["video"] == {"kind": "url", "url": "https://example.com/a.mp4"}
    assert notes["people/Speaker.md"]["video"] is None
    assert notes["talk.md"]["timestamps"] == [
        {"label": "00:00:33", "seconds": 33},
        {"label": "00:45:00", "seconds": 2700},
    ]
    assert notes["talk.md"]["links"] == [{"target": "people/Speaker", "path": "people/Speaker.md"}]
    assert notes["local/clip_note.md"]["links"] == [
        {"target": "The Speaker", "path": "people/Speaker.md"}
    ]
    assert all(note["problems"] == [] for note in report["notes"])


def test_an_unresolved_link_makes_it_exit_1(write: WriteNote, notes_dir: Path) -> None:
    clean_folder(write)
    write("remote.md", "[[nobody]]")
    result = run_check(notes_dir, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["problems"] == 1
    (remote,) = (note for note in report["notes"] if note["path"] == "remote.md")
    assert remote["links"] == [{"target": "nobody", "path": None}]
    assert remote["problems"] == ["The link [[nobody]] matches no note in this folder."]


def test_problems_of_every_kind_are_counted(write: WriteNote, notes_dir: Path) -> None:
    write("binary.md", b"\x00\x01")
    write("bad_yaml.md", "---\ntitle: [\n---\n")
    write("bad_date.md", "---\ndate: 2024-02-30\nvideoId: nope\n---\n")
    write("fine.md", "# Fine")
    os.symlink(notes_dir.parent, notes_dir / "escape")
    report = check_folder(notes_dir)
    counts = {note["path"]: len(note["problems"]) for note in report.data["notes"]}
    assert counts == {"bad_date.md": 1, "bad_yaml.md": 1, "binary.md": 1, "fine.md": 0}
    assert report.folder_problems == ("'escape' is a link that leads outside the folder.",)
    assert report.data["problems"] == 3  # what the JSON lists, in its notes
    assert report.problem_count == 4  # and the folder's own, for the exit status
    assert "! 'escape' is a link that leads outside the folder." in report.to_text()
    assert report.to_text().endswith("4 notes, 4 problems.")


@pytest.mark.parametrize("name", ["does-not-exist", "a_file.md"])
def test_a_missing_folder_exits_2_with_one_line_and_no_traceback(
    write: WriteNote, notes_dir: Path, name: str
) -> None:
    write("a_file.md", "x")
    result = run_check(notes_dir / name)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"viewer check: '{notes_dir / name}' is not a folder\n"


@pytest.mark.parametrize("args", [[], ["--bogus"], ["a", "b"]])
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    result = run_check(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("viewer check: ")
    assert "Traceback" not in result.stderr


def test_main_returns_the_status_in_process(
    write: WriteNote, notes_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_folder(write)
    assert main(["check", str(notes_dir)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("4 notes, 0 problems.")
    write("x.md", "[[y]]")
    assert main(["check", str(notes_dir), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["problems"] == 1


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    # ``viewer check FOLDER | head -1``: the pipe closes before the report is written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "viewer", "check", str(SAMPLES)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 1  # still the report's status
