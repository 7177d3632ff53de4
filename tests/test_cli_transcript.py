"""``viewer transcript``: a note's transcript as lines or JSON, and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from viewer.cli import main

BRIDGES = SAMPLES / "why_bridges_hum.md"
SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello\nthere\n\n2\n01:02:03,000 --> 01:02:04,000\nLater\n"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "transcript", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "LANG": "C", "LANGUAGE": ""},
    )
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def no_system_language(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_the_bundled_talk_prints_one_line_per_segment_of_what_was_said() -> None:
    status, out, err = run(BRIDGES)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "0:01\thi everyone I'm Tomas Brandt and I spend most of my working life"
    assert all(line.count("\t") == 1 for line in lines)
    assert [line.split("\t")[0] for line in lines] == sorted(
        (line.split("\t")[0] for line in lines), key=lambda time: tuple(map(int, time.split(":")))
    )
    # Each line said comes once: as the 10 ms cues of the file repeat it, plainly.
    vtt = (SAMPLES / "transcripts" / "Why Bridges Hum [Hq4vTz8WbLs].en.vtt").read_text("utf-8")
    repeated = [
        block.split("\n")[1] for block in vtt.split("\n\n") if block.rstrip("\n").endswith("\n ")
    ]
    said = " ".join(line.split("\t")[1] for line in lines)
    assert said == " ".join(repeated)
    assert said.endswith("it is the sound of the wind being managed thank you")


def write(root: Path, relative: str, content: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_json_gives_the_note_the_file_its_language_and_the_cues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = write(tmp_path, "talk.md", "---\nvideo: media/talk.mp4\n---\n")
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "talk.mp4").write_bytes(b"")
    write(tmp_path, "media/talk.en.srt", SRT)
    assert main(["transcript", str(note), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == {
        "note": "talk.md",
        "file": "media/talk.en.srt",
        "language": "en",
        "cues": [
            {"start": 1, "end": 2.5, "text": "Hello\nthere"},
            {"start": 3723, "end": 3724, "text": "Later"},
        ],
        "problems": [],
    }
    assert main(["transcript", str(note)]) == 0
    assert capsys.readouterr().out == "0:01\tHello there\n1:02:03\tLater\n"


def test_a_language_is_chosen_by_option_or_from_the_system(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    note = write(tmp_path, "talk.md", "---\nvideoId: dQw4w9WgXcQ\n---\n")
    write(tmp_path, "subs/Talk [dQw4w9WgXcQ].en.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n")
    write(tmp_path, "subs/Talk [dQw4w9WgXcQ].ja.srt", "1\n00:00:01,000 --> 00:00:02,000\n今日は\n")
    assert main(["transcript", str(note)]) == 0
    assert capsys.readouterr().out == "0:01\tHello\n"  # English without a system language
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert main(["transcript", str(note)]) == 0
    assert capsys.readouterr().out == "0:01\t今日は\n"
    assert main(["transcript", str(note), "--language", "en"]) == 0
    assert capsys.readouterr().out == "0:01\tHello\n"
    assert main(["transcript", str(note), "--language", "de"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        err == "viewer transcript: 'talk.md' has no transcript in 'de' (its languages: en, ja).\n"
    )


def test_a_note_without_a_transcript_exits_1_with_a_sentence(tmp_path: Path) -> None:
    note = write(tmp_path, "plain.md", "# Plain\n")
    assert run(note) == (1, "", "viewer transcript: 'plain.md' has no transcript.\n")


def test_a_transcript_that_cannot_be_read_exits_1_and_says_why(tmp_path: Path) -> None:
    note = write(tmp_path, "talk.md", "---\ntranscript: talk.vtt\n---\n")
    write(tmp_path, "talk.vtt", "Dear diary,\n")
    status, out, err = run(note)
    assert (status, out) == (1, "")
    assert err.startswith("viewer transcript: talk.vtt: This is neither WebVTT")


@pytest.mark.parametrize(
    "args",
    [[], ["missing.md"], ["--json"], ["notes"], ["talk.md", "--bogus"]],
    ids=["no note", "missing", "option only", "a folder", "unknown option"],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    write(tmp_path, "talk.md", "# Talk\n")
    (tmp_path / "notes").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "transcript", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("viewer transcript: ")
