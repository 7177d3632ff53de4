"""``viewer search``: one hit per line or JSON, and its exit status."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.conftest import SAMPLE_NOTE


def run_search(*args: str | Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "viewer", "search", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "XDG_CACHE_HOME": str(cache)},
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    shutil.copy(SAMPLE_NOTE, root / SAMPLE_NOTE.name)
    (root / "plain.md").write_text("A note about Databricks, with no timestamp.\n", "utf-8")
    return root


def test_one_hit_per_line(folder: Path, tmp_path: Path) -> None:
    result = run_search(folder, '"famous', 'bet"', cache=tmp_path / "cache")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    path, time, snippet = lines[0].split("\t")
    assert (path, time) == ("model_architectures_in_ai.md", "2:43")
    assert snippet.startswith('Frankle notes his "famous bet" on Transformers')


def test_the_time_of_a_hit_is_that_of_the_timestamp_its_words_belong_to(
    tmp_path: Path,
) -> None:
    # docs/FORMAT.md, "Which text a timestamp belongs to".
    root = tmp_path / "notes"
    root.mkdir()
    (root / "talk.md").write_text(
        "Aardvarks open the talk, before any timestamp.\n\n"
        'Badgers are said here <a class="yt-timestamp" data-t="00:10">[00:10]</a>, '
        'and cormorants after <a class="yt-timestamp" data-t="00:20">[00:20]</a>; '
        "dormice close it.\n\n"
        "A paragraph of its own about echidnas, with no timestamp.\n\n"
        "## Ferrets, a heading\n\n"
        '- Geckos, in a list <a class="yt-timestamp" data-t="01:09">[01:09]</a>\n',
        encoding="utf-8",
    )
    times = {}
    for word in ("aardvarks", "badgers", "cormorants", "dormice", "echidnas", "ferrets", "geckos"):
        result = run_search(root, word, cache=tmp_path / "cache")
        assert (result.returncode, result.stderr) == (0, ""), word
        ((path, time, _snippet),) = [line.split("\t") for line in result.stdout.splitlines()]
        assert path == "talk.md"
        times[word] = time
    assert times == {
        "aardvarks": "-",  # before the note's first timestamp: none
        "badgers": "0:10",  # the first timestamp after the words, in their paragraph
        "cormorants": "0:20",
        "dormice": "0:20",  # after the paragraph's last one: that last one
        "echidnas": "0:20",  # a paragraph without one: the latest before it in the note
        "ferrets": "0:20",  # a heading too
        "geckos": "1:09",
    }
    hits = json.loads(run_search(root, "aardvarks", "--json", cache=tmp_path / "cache").stdout)
    assert [(hit["seconds"], hit["label"]) for hit in hits["hits"]] == [(None, None)]
    hits = json.loads(run_search(root, "echidnas", "--json", cache=tmp_path / "cache").stdout)
    assert [(hit["seconds"], hit["label"]) for hit in hits["hits"]] == [(20.0, "00:20")]


def test_viewer_help_names_its_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "viewer", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    usage = result.stdout.split("\n\n")[0].splitlines()
    assert usage == [
        "usage: viewer [-h] [--new-window] [--smoke-test] [--version] [path]",
        "       viewer check PATH [--json] [--problems-only] [--strict]",
        "       viewer search FOLDER QUERY [QUERY ...] [--json] [--limit N]",
        "       viewer transcript NOTE [--json] [--language LANG]",
    ]
    text = " ".join(result.stdout.split())
    assert "'viewer search FOLDER QUERY' searches the notes of a folder" in text
    assert "'viewer search --help'" in text
    assert "'viewer transcript NOTE' prints what was said in a note's video" in text


def test_json_with_the_moment_of_each_hit(folder: Path, tmp_path: Path) -> None:
    result = run_search(folder, "databricks", "--json", "--limit", "5", cache=tmp_path / "cache")
    assert (result.returncode, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert report["query"] == "databricks"
    hits = {(hit["path"], hit["seconds"], hit["label"]) for hit in report["hits"]}
    assert hits == {
        ("model_architectures_in_ai.md", 0.0, "00:00:00"),
        ("plain.md", None, None),
    }
    for hit in report["hits"]:
        assert set(hit) == {"path", "title", "source", "snippet", "seconds", "label"}
        assert hit["source"] == "note"
        assert "Databricks" in hit["snippet"]
    # The index is in the cache folder given by XDG_CACHE_HOME, not in the notes folder.
    assert sorted(p.name for p in folder.iterdir()) == ["model_architectures_in_ai.md", "plain.md"]
    assert list((tmp_path / "cache" / "viewer" / "search").glob("*.sqlite3"))


def test_no_hits_exit_1(folder: Path, tmp_path: Path) -> None:
    result = run_search(folder, "wombat", cache=tmp_path / "cache")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")
    result = run_search(folder, "wombat", "--json", cache=tmp_path / "cache")
    assert result.returncode == 1
    assert json.loads(result.stdout) == {"query": "wombat", "hits": []}


def test_a_query_that_starts_with_a_minus(folder: Path, tmp_path: Path) -> None:
    result = run_search(folder, "--json", "--", "-lstms", "transformers", cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert all("LSTM" not in hit["snippet"] for hit in json.loads(result.stdout)["hits"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (['"famous bet'], "viewer search: A quote is not closed"),
        (["lstm", "OR"], "viewer search: OR needs a word on each side"),
        (["x\x01" * 300], "viewer search: The search is too long"),
        (["?!"], "viewer search: The search holds no letters or digits"),
        (["x", "--limit", "0"], "viewer search: argument --limit: the limit must be between"),
        (["x", "--limit", "many"], "viewer search: argument --limit: 'many' is not a number"),
        ([], "viewer search: the following arguments are required: query"),
    ],
)
def test_usage_errors_and_malformed_queries_exit_2(
    folder: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_search(folder, *args, cache=tmp_path / "cache")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = run_search(tmp_path / "nowhere", "x", cache=tmp_path / "cache")
    assert result.returncode == 2
    assert result.stderr == f"viewer search: '{tmp_path / 'nowhere'}' is not a folder\n"


def test_a_damaged_index_is_rebuilt_with_a_message(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run_search(folder, "databricks", cache=cache).returncode == 0
    (index,) = (cache / "viewer" / "search").glob("*.sqlite3")
    for extra in index.parent.glob("*-*"):
        extra.unlink()
    index.write_bytes(b"garbage" * 5000)
    result = run_search(folder, "databricks", cache=cache)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 2
    assert result.stderr == (
        "viewer search: The search index was damaged (file is not a database); it is rebuilt.\n"
    )


def test_a_hit_in_what_was_said_is_marked_and_its_source_given(
    folder: Path, tmp_path: Path
) -> None:
    (folder / "talk.md").write_text(
        "---\ntitle: A talk\nvideoId: AbCdEfGhIjK\n---\n\nNotes on the router.\n", "utf-8"
    )
    (folder / "The Talk [AbCdEfGhIjK].en.vtt").write_text(
        "WEBVTT\n\n00:01:02.500 --> 00:01:04.000\nthe router\twas said here\n", "utf-8"
    )
    cache = tmp_path / "cache"
    result = run_search(folder, "router", cache=cache)
    assert (result.returncode, result.stderr) == (0, "")
    lines = sorted(line.split("\t") for line in result.stdout.splitlines())
    assert lines == [
        ["talk.md", "-", "Notes on the router."],
        ["talk.md", "transcript 1:02", "the router was said here"],
    ]
    report = json.loads(run_search(folder, "router", "in:transcript", "--json", cache=cache).stdout)
    (hit,) = report["hits"]
    assert hit == {
        "path": "talk.md",
        "title": "A talk",
        "source": "transcript",
        "snippet": "the router was said here",
        "seconds": 62.5,
        "label": "1:02",
        "transcript": "The Talk [AbCdEfGhIjK].en.vtt",
        "language": hit["language"],  # as the transcript reader names it
        "cue": 0,
    }
    notes_only = json.loads(run_search(folder, "router", "in:notes", "--json", cache=cache).stdout)
    assert [hit["source"] for hit in notes_only["hits"]] == ["note"]
    result = run_search(folder, "router", "in:slides", cache=cache)
    assert result.returncode == 2
    assert result.stderr == (
        "viewer search: 'in:slides' is not a place to search: use in:notes or in:transcript.\n"
    )
