"""``viewer check``: the report, its JSON shape and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES as BUNDLED_NOTES
from tests.core.conftest import SAMPLES, WriteNote
from viewer.cli import main
from viewer.core.check import check_folder, report_json, report_text

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


def missing(target: str, line: int) -> dict[str, Any]:
    return {
        "kind": "missing-note",
        "severity": "warning",
        "message": f"The link [[{target}]] matches no note in this folder.",
        "line": line,
    }


def test_the_sample_folder_as_json() -> None:
    result = run_check(SAMPLES, "--json")
    assert result.returncode == 0  # its links point at notes that are not there: warnings
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report == {
        "folder": str(SAMPLES),
        "notes": [
            {
                "path": "model_architectures_in_ai.md",
                "title": "Model architectures in AI",
                "video": {"kind": "youtube", "id": "7-3IxVvWoxc"},
                "local_copy": None,
                "timestamps": report["notes"][0]["timestamps"],
                "links": [
                    {"target": "redpointai", "path": None},
                    {"target": "the_future_of_ai_architectures_beyond_transformers", "path": None},
                    {"target": "the_future_of_ai_architectures_beyond_transformers", "path": None},
                    {"target": "compound_ai_systems_and_their_development", "path": None},
                ],
                "transcripts": [],
                "problems": [
                    missing("redpointai", 6),
                    missing("the_future_of_ai_architectures_beyond_transformers", 8),
                    missing("compound_ai_systems_and_their_development", 25),
                ],
            }
        ],
        "problems": 3,
        "errors": 0,
        "warnings": 3,
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
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"Notes folder: {SAMPLES}"
    assert "model_architectures_in_ai.md  —  Model architectures in AI" in lines
    assert "    youtube: 7-3IxVvWoxc; 22 timestamps; 4 links, 4 to missing notes" in lines
    assert any(line.startswith("    times: 00:00:00=0:00, 02:43:00=2:43,") for line in lines)
    assert any(line.endswith(", … 10 more") for line in lines)
    assert "    warning (line 6): The link [[redpointai]] matches no note in this folder." in lines
    assert lines[-1] == "1 note, 3 warnings."


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


def test_an_unresolved_link_is_a_warning_that_fails_only_under_strict(
    write: WriteNote, notes_dir: Path
) -> None:
    clean_folder(write)
    write("remote.md", "# Remote\n\nSee\n[[nobody]] and [[nobody]].\n")
    result = run_check(notes_dir, "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert (report["problems"], report["errors"], report["warnings"]) == (1, 0, 1)
    (remote,) = (note for note in report["notes"] if note["path"] == "remote.md")
    assert remote["links"] == [{"target": "nobody", "path": None}] * 2
    assert remote["problems"] == [missing("nobody", 4)]
    strict = run_check(notes_dir, "--json", "--strict")
    assert strict.returncode == 1
    assert strict.stdout == result.stdout


def test_errors_and_warnings_of_every_kind_are_counted(write: WriteNote, notes_dir: Path) -> None:
    write("binary.md", b"\x00\x01")
    write("bad_yaml.md", "---\ntitle: [\n---\n")
    write("bad_date.md", "---\ndate: 2024-02-30\nvideoId: nope\n---\n")
    write("latin.md", "# Caf\xe9\n\n[[nowhere]]\n".encode("latin-1"))
    write("fine.md", "# Fine")
    os.symlink(notes_dir.parent, notes_dir / "escape")
    report = check_folder(notes_dir)
    kinds = {note.path: [problem.kind.value for problem in note.problems] for note in report.notes}
    assert kinds == {
        "bad_date.md": ["video"],
        "bad_yaml.md": ["front-matter-invalid"],
        "binary.md": ["not-text"],
        "fine.md": [],
        "latin.md": ["encoding-guessed", "missing-note"],
    }
    assert report.folder_problems == ("'escape' is a link that leads outside the folder.",)
    assert (report.errors, report.warnings) == (4, 2)  # the folder's own counts as an error
    assert report.exit_status() == 1
    text = report_text(report)
    assert "error: 'escape' is a link that leads outside the folder." in text
    assert "    error (line 3): videoId 'nope' is not a YouTube video id" in text
    assert "    warning (line 1): The file is not UTF-8; it was read as Windows-1252" in text
    assert text.endswith("5 notes, 4 errors, 2 warnings.")
    data = json.loads(report_json(report))
    # The JSON counts what its notes list; the folder's own problem is said on stderr.
    assert (data["problems"], data["errors"], data["warnings"]) == (5, 3, 2)


def test_problems_only_lists_just_the_notes_with_problems(
    write: WriteNote, notes_dir: Path
) -> None:
    clean_folder(write)
    write("remote.md", "---\nvideo: https://example.com/a.mp4\n---\n[[nobody]]\n")
    write("broken.md", "---\ntitle: [\nvideoId: 7-3IxVvWoxc\n---\nText\n")
    result = run_check(notes_dir, "--problems-only")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"Notes folder: {notes_dir}",
        "",
        "broken.md  —  Broken",
        "    error (line 2): The front matter line “title: [” is not valid YAML; it is ignored.",
        "remote.md  —  Remote",
        "    warning (line 4): The link [[nobody]] matches no note in this folder.",
        "",
        "2 notes with problems; 1 error, 1 warning.",
    ]
    report = json.loads(run_check(notes_dir, "--problems-only", "--json").stdout)
    assert [note["path"] for note in report["notes"]] == ["broken.md", "remote.md"]
    assert (report["problems"], report["errors"], report["warnings"]) == (2, 1, 1)


def test_problems_only_on_a_clean_folder_says_so(write: WriteNote, notes_dir: Path) -> None:
    clean_folder(write)
    result = run_check(notes_dir, "--problems-only")
    assert (result.returncode, result.stdout) == (0, f"Notes folder: {notes_dir}\n\nNo problems.\n")


def test_counts_have_right_plurals_and_empty_ones_are_left_out(
    write: WriteNote, notes_dir: Path
) -> None:
    write("one.md", '# One\n<a class="yt-timestamp" data-t="00:10">[00:10]</a> [[Two]]\n')
    write("two.md", "# Two\n[[One]] [[Three]] [[Four]]\n")
    write("none.md", "# None\n\nJust text.\n")
    lines = run_check(notes_dir).stdout.splitlines()
    assert "    no video; 1 timestamp; 1 link" in lines
    assert "    no video; 3 links, 2 to missing notes" in lines
    assert "    no video" in lines
    assert not any("0 " in line for line in lines)
    assert lines[-1] == "3 notes, 2 warnings."


def test_a_single_note_is_checked_within_its_folder(write: WriteNote, notes_dir: Path) -> None:
    clean_folder(write)
    result = run_check(notes_dir / "talk.md", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert report["folder"] == str(notes_dir)
    (talk,) = report["notes"]
    assert talk["path"] == "talk.md"
    # Its link resolves against the whole folder, though only the one note is listed.
    assert talk["links"] == [{"target": "people/Speaker", "path": "people/Speaker.md"}]
    text = run_check(notes_dir / "talk.md").stdout
    assert text.endswith("\n1 note, no problems.\n")


@pytest.mark.parametrize("name", ["does-not-exist", "notes.txt", "missing.md"])
def test_a_missing_folder_exits_2_with_one_line_and_no_traceback(
    write: WriteNote, notes_dir: Path, name: str
) -> None:
    write("notes.txt", "x")
    result = run_check(notes_dir / name)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"viewer check: '{notes_dir / name}' is not a folder or a note\n"


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
    assert capsys.readouterr().out.rstrip().endswith("4 notes, no problems.")
    write("x.md", "[[y]]")
    assert main(["check", str(notes_dir), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == 1
    assert main(["check", str(notes_dir), "--strict"]) == 1
    assert capsys.readouterr().out.rstrip().endswith("5 notes, 1 warning.")
    write("z.md", b"\x00\x01")
    assert main(["check", str(notes_dir)]) == 1
    assert capsys.readouterr().out.rstrip().endswith("6 notes, 1 error, 1 warning.")


def test_the_bundled_sample_notes_have_no_errors() -> None:
    result = run_check(BUNDLED_NOTES, "--json")
    assert (result.returncode, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert len(report["notes"]) == len(list(BUNDLED_NOTES.rglob("*.md")))  # every one
    assert report["errors"] == 0
    # What they do have is on purpose: a link to a note not yet written, a slipped label.
    kinds = {problem["kind"] for note in report["notes"] for problem in note["problems"]}
    assert kinds == {"missing-note", "label-mismatch"}


ROLLING = (Path(__file__).parent / "data" / "transcripts" / "rolling.en.vtt").read_text(
    encoding="utf-8"
)


def test_a_notes_transcripts_are_listed_with_their_languages(
    write: WriteNote, notes_dir: Path
) -> None:
    write("talk.md", "---\ntitle: Talk\nvideoId: dQw4w9WgXcQ\n---\nBody.\n")
    write("transcripts/Talk [dQw4w9WgXcQ].en.vtt", ROLLING)
    write("transcripts/Talk [dQw4w9WgXcQ].ja.vtt", ROLLING)
    report = check_folder(notes_dir)
    assert report.warnings == 0
    assert json.loads(report_json(report))["notes"][0]["transcripts"] == [
        {"path": "transcripts/Talk [dQw4w9WgXcQ].en.vtt", "language": "en"},
        {"path": "transcripts/Talk [dQw4w9WgXcQ].ja.vtt", "language": "ja"},
    ]
    assert "    youtube: dQw4w9WgXcQ; 2 transcripts (en, ja)" in report_text(report).splitlines()


def test_what_cannot_be_read_in_a_transcript_is_a_warning_with_its_line(
    write: WriteNote, notes_dir: Path
) -> None:
    write("talk.md", "---\ntitle: Talk\nvideo: media/talk.mp4\n---\nBody.\n")
    write("media/talk.mp4", b"")
    write(
        "media/talk.en.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\n00:03.00 --> 00:04.000\nx\n",
    )
    write("media/talk.de.srt", b"\x00\x01binary")
    write("named.md", "---\ntranscript: missing.vtt\n---\n")
    report = check_folder(notes_dir)
    notes = {note.path: note for note in report.notes}
    assert [
        (problem.kind.value, problem.severity.value, problem.message)
        for problem in notes["talk.md"].problems
    ] == [
        (
            "transcript",
            "warning",
            "The transcript 'media/talk.de.srt': 'talk.de.srt' is not a text file.",
        ),
        (
            "transcript",
            "warning",
            "The transcript 'media/talk.en.vtt': Line 6: '00:03.00 --> 00:04.000' has a time "
            "whose fraction is not three digits; the cue is dropped.",
        ),
    ]
    assert [problem.message for problem in notes["named.md"].problems] == [
        "The subtitle file 'missing.vtt' does not exist."
    ]
    assert (report.errors, report.warnings, report.exit_status(), report.exit_status(True)) == (
        0,
        3,
        0,
        1,
    )


def test_a_subtitle_file_named_for_a_video_no_note_has_is_a_folder_warning(
    write: WriteNote, notes_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write("talk.md", "---\ntitle: Talk\nvideoId: dQw4w9WgXcQ\n---\nBody.\n")
    write("transcripts/Talk [dQw4w9WgXcQ].en.vtt", ROLLING)
    write("transcripts/Gone [aaaaaaaaaaa].en.vtt", ROLLING)
    write("bbbbbbbbbbb.en.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n")
    write("named.md", "---\ntranscript: transcripts/Kept [ccccccccccc].en.vtt\n---\n")
    write("transcripts/Kept [ccccccccccc].en.vtt", ROLLING)  # a note names it: it has one
    write("plain.vtt", ROLLING)  # named for no video at all
    report = check_folder(notes_dir)
    assert report.folder_warnings == (
        "'bbbbbbbbbbb.en.srt' is named for the YouTube video bbbbbbbbbbb, "
        "but no note has that videoId.",
        "'transcripts/Gone [aaaaaaaaaaa].en.vtt' is named for the YouTube video aaaaaaaaaaa, "
        "but no note has that videoId.",
    )
    assert (report.errors, report.warnings, report.exit_status()) == (0, 2, 0)
    lines = report_text(report).splitlines()
    assert "warning: " + report.folder_warnings[0] in lines
    assert lines[-1] == "2 notes, 2 warnings."
    # With --json the report's shape has no place for them: they go to stderr, and count.
    assert main(["check", str(notes_dir), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["warnings"] == 2
    assert err.splitlines() == [
        f"viewer check: warning: {warning}" for warning in report.folder_warnings
    ]
    # Checking one note leaves the folder's slips to a check of the folder.
    assert check_folder(notes_dir, "talk.md").folder_warnings == ()


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    # ``viewer check FOLDER | head -1``: the pipe closes before the report is written.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "viewer", "check", str(SAMPLES), "--strict"],
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


CLIP = BUNDLED_NOTES / "media" / "clock-h264.mp4"  # 20 s long


def _stamp(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def test_a_local_copy_not_as_long_as_its_video_is_a_warning(
    write: WriteNote, notes_dir: Path
) -> None:
    write("media/talk.mp4", CLIP.read_bytes())
    pair = "videoId: 7-3IxVvWoxc\nvideo: media/talk.mp4"
    write("same.md", f"---\n{pair}\nduration: 0:21\n---\nAt {_stamp('00:15')}.\n")
    write("longer.md", f"---\n{pair}\nduration: 42:13\n---\nAt {_stamp('00:15')}.\n")
    # Without a duration, the note's last timestamp is what the copy must reach.
    write("short.md", f"---\n{pair}\n---\nAt {_stamp('00:15')}, then {_stamp('02:43:00')}.\n")
    write("reaches.md", f"---\n{pair}\n---\nAt {_stamp('00:15')}.\n")
    report = check_folder(notes_dir)
    said = {
        note.path: [(p.kind.value, p.severity.value, p.message) for p in note.problems]
        for note in report.notes
    }
    assert said["same.md"] == [] and said["reaches.md"] == []
    assert said["longer.md"] == [
        (
            "local-copy",
            "warning",
            "The local copy media/talk.mp4 is 0:20 long, the video 42:13 (its duration): "
            "2513 s apart, so the note's times may land elsewhere in the copy.",
        )
    ]
    assert said["short.md"] == [
        (
            "local-copy",
            "warning",
            "The note's last timestamp, 2:43, is past the end of the local copy media/talk.mp4 "
            "(0:20): the copy may be cut short, or of another cut of the video.",
        )
    ]
    assert report.exit_status() == 0 and report.exit_status(strict=True) == 1
    notes = {note["path"]: note for note in json.loads(report_json(report))["notes"]}
    assert notes["short.md"]["local_copy"] == {"path": "media/talk.mp4", "length": 20.0}
    assert notes["short.md"]["video"] == {"kind": "youtube", "id": "7-3IxVvWoxc"}
    assert "    youtube: 7-3IxVvWoxc; local copy: media/talk.mp4 (0:20); 2 timestamps" in (
        report_text(report).splitlines()
    )
