"""A smoke test of the benchmark harness: its generator, and the shape of what it reports.

No timing is asserted here: the targets belong to ``python -m benchmarks``, not to the tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from benchmarks import generate

from tests.conftest import REPO
from viewer.core.folder import NotesFolder
from viewer.core.note import load_note
from viewer.core.timestamps import find_timestamps


def contents(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    one = generate.generate_folder(tmp_path / "one", 120, seed=7)
    two = generate.generate_folder(tmp_path / "two", 120, seed=7)
    assert one == two
    assert contents(tmp_path / "one") == contents(tmp_path / "two")
    mtimes = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "one").rglob("*.md")}
    assert mtimes == {p.name: p.stat().st_mtime_ns for p in (tmp_path / "two").rglob("*.md")}
    generate.generate_folder(tmp_path / "other", 120, seed=8)
    assert contents(tmp_path / "other") != contents(tmp_path / "one")


def test_the_same_seed_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    """Nothing depends on the hash seed of the process that generates."""
    generate.generate_folder(tmp_path / "here", 40, seed=3)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.generate",
            str(tmp_path / "there"),
            "--count",
            "40",
            "--seed",
            "3",
        ],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    assert contents(tmp_path / "here") == contents(tmp_path / "there")


def test_generated_notes_look_like_real_ones(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    paths = generate.generate_folder(root, 200)
    folder = NotesFolder.open(root)
    assert len(folder) == len(paths) == 200
    assert sum(entry.problems for entry in folder) == 0
    sizes = [(root / path).stat().st_size for path in paths]
    assert 4_000 < sum(sizes) / len(sizes) < 6_500
    conventions = set()
    for path in paths:
        note = load_note(root / path, root)
        assert note.video is not None and note.video.kind == "youtube"
        data = (root / path).read_bytes()
        assert re.match(rb"(\xef\xbb\xbf)?---\r?\ntitle: ", data)
        assert b"tags: [" in data
        stamps = find_timestamps(note.body)
        assert 20 <= len(stamps) <= 40
        for stamp in stamps:
            conventions.add("hours" if stamp.value.minutes_reading is None else "minutes")
        assert '<a class="yt-timestamp" data-t="' in note.body
    assert conventions == {"minutes", "hours"}
    links = [target for targets in folder.links.values() for target in targets]
    resolved = sum(1 for target in links if folder.resolve(target))
    assert 0.4 < resolved / len(links) < 0.95  # most resolve, many do not, as in real folders
    assert any(entry.aliases for entry in folder)
    assert any(path.startswith("people/") for path in paths)


def test_the_harness_reports_rows_as_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", "--rows", "render,open"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert {"date", "machine", "settings", "drop_caches", "rows", "elapsed_s"} <= set(report)
    assert report["settings"]["quick"] is True
    assert report["machine"]["cpus"] >= 1
    rows = {row["key"]: row for row in report["rows"]}
    assert set(rows) == {"render", "open_cold", "open_first", "open_first_read", "open_warm"}
    # --quick never empties the page cache: that row says why it was not measured.
    assert rows.pop("open_cold")["skipped"]
    for row in rows.values():
        assert row["error"] is None and row["skipped"] is None
        assert isinstance(row["what"], str) and row["what"]
        assert isinstance(row["target"], str) and row["target"]
        # The background read has no target of its own: it is reported, not judged.
        if row["key"] == "open_first_read":
            assert row["met"] is None
        else:
            assert isinstance(row["met"], bool)
        for key in ("figure", "baseline", "ratio"):
            assert isinstance(row[key], float) and row[key] > 0
        assert row["samples"] and row["baseline_samples"]
        assert abs(row["ratio"] - row["figure"] / row["baseline"]) < 1e-9
    breakdown = rows["open_first"]["details"]["breakdown"]
    assert breakdown["notes"] == report["settings"]["open_notes"]
    assert all(value >= 0 for value in breakdown["seconds"].values())


def test_unknown_rows_are_refused() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--rows", "nonsense"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "unknown rows" in done.stderr
