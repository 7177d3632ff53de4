"""A smoke test of the benchmark harness: its generator, and the shape of what it reports.

No timing is asserted here: the targets belong to ``python -m benchmarks``, not to the tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks import captions, generate
from benchmarks.bench import Bench, Settings
from benchmarks.cli import measure_families
from benchmarks.model import Family, Row, Target
from benchmarks.report import table
from benchmarks.rows import FAMILIES

from tests.conftest import REPO
from viewer.core.folder import NotesFolder
from viewer.core.note import load_note
from viewer.core.timeline import NoteTimeline


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
        stamps = NoteTimeline.of(note).stamps
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
    # The target's text and the verdict come from one value.
    assert rows["render"]["target"] == "ratio <= 1.5"
    assert rows["render"]["met"] is (rows["render"]["ratio"] <= 1.5)
    assert rows["open_first_read"]["target"] == "none: in the background"
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


@pytest.mark.parametrize(
    ("target", "text"),
    [
        (Target(ratio_at_most=1.5), "ratio <= 1.5"),
        (Target(ratio_at_most=1.25), "ratio <= 1.25"),
        (Target(ratio_at_most=3, under_ms=1000), "ratio <= 3, and under 1 s"),
        (Target(ratio_at_most=1.5, p95_under_ms=100), "ratio <= 1.5, p95 under 100 ms"),
        (Target(under_ms=50), "under 50 ms"),
        (Target(exponent_at_most=1.1), "exponent <= 1.1 (log-log fit)"),
        (
            Target(under_ms=16, first_under_ms=50, final_under_ms=150),
            "under 16 ms, first under 50 ms, final under 150 ms",
        ),
        (Target.none("in the background"), "none: in the background"),
    ],
)
def test_a_target_reads_as_the_table_prints_it(target: Target, text: str) -> None:
    assert target.text == text
    row = Row("key", "what", "ms", target, samples=[1.0], baseline_samples=[1.0])
    assert f"| {text} |" in table([row])
    assert row.as_json()["target"] == text


def timed(target: Target, figures: list[float], baseline: float = 1.0, unit: str = "ms") -> Row:
    return Row("key", "what", unit, target, samples=figures, baseline_samples=[baseline]).settle()


def test_a_ratio_target_is_met_up_to_its_bound() -> None:
    target = Target(ratio_at_most=1.5)
    assert timed(target, [3.0], baseline=2.0).met is True
    assert timed(target, [3.002], baseline=2.0).met is False
    assert timed(target, [1.0], baseline=2.0).met is True


def test_a_bound_in_time_is_met_only_below_it_in_the_rows_unit() -> None:
    target = Target(ratio_at_most=3, under_ms=1000)
    assert timed(target, [0.999], unit="s").met is True
    assert timed(target, [1.0], unit="s").met is False
    assert timed(target, [3.5], baseline=1.0, unit="s").met is False  # under 1 s, ratio 3.5
    stall = Target(under_ms=50)
    assert timed(stall, [49.9], baseline=10.0).met is True  # the ratio is not judged
    assert timed(stall, [50.0]).met is False
    with pytest.raises(ValueError, match="'MiB'"):
        timed(stall, [100.0], unit="MiB")


def test_a_p95_target_judges_the_tail_of_the_samples() -> None:
    target = Target(ratio_at_most=1.5, p95_under_ms=100)
    # Twenty samples: the nearest-rank p95 is the 19th, so one slow sample is within it.
    one_slow = [10.0] * 19 + [150.0]
    assert timed(target, one_slow, baseline=10.0).met is True
    two_slow = [10.0] * 18 + [150.0] * 2
    assert timed(target, two_slow, baseline=10.0).met is False
    assert timed(target, [16.0] * 20, baseline=10.0).met is False  # p95 16 ms, ratio 1.6


def test_an_exponent_target_judges_the_figure_without_a_ratio() -> None:
    target = Target(exponent_at_most=1.1)
    row = Row("scaling", "what", "exponent", target, figure=1.1, baseline=0.9).judge()
    assert row.met is True and row.ratio is None
    assert Row("scaling", "what", "exponent", target, figure=1.11).judge().met is False


def test_an_interaction_is_judged_by_its_stall_and_when_its_results_came() -> None:
    target = Target(under_ms=16, first_under_ms=50, final_under_ms=150)

    def interaction(stall: float, first: float, final: float) -> Row:
        row = Row("key", "what", "ms", target, samples=[stall])
        row.details = {"busy_ms": stall, "first_ms": first, "final_ms": final}
        return row.settle()

    assert interaction(15.9, 49.0, 149.0).met is True
    assert interaction(16.0, 49.0, 149.0).met is False
    assert interaction(15.0, 50.0, 149.0).met is False
    assert interaction(15.0, 20.0, 150.0).met is False
    # The table says when the results came after the stall and the work in it.
    assert "| 15.0 ms (busy 15; 20 / 150 ms) |" in table([interaction(15.0, 20.0, 150.0)])
    missing = Row("key", "what", "ms", target, samples=[1.0]).settle()
    assert missing.met is False  # a bound on results that were never noted is not met


def test_the_work_done_before_an_interaction_is_not_its_stall(qapp: object) -> None:
    from benchmarks.drivers.interactive import Ticks
    from PySide6.QtCore import QCoreApplication, QEventLoop

    def run_for(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    ticks = Ticks()
    run_for(0.05)
    time.sleep(0.2)  # the driver's own work, such as picking the notes it will change
    since = ticks.start()
    run_for(0.05)  # the interaction: the window idle
    stall, _cpu, _busy = ticks.stall(since, time.perf_counter())
    ticks.timer.stop()
    assert stall < 100  # the 200 ms before it are not counted


def test_a_row_without_a_target_is_reported_not_judged() -> None:
    row = timed(Target.none("in the background"), [9.0], baseline=1.0)
    assert row.ratio == 9.0
    assert row.met is None


def test_a_target_has_bounds_or_a_reason_for_none() -> None:
    with pytest.raises(ValueError, match="bounds"):
        Target()
    with pytest.raises(ValueError, match="bounds"):
        Target(ratio_at_most=1.5, none_because="in the background")


def test_a_failed_family_is_reported_as_the_rows_it_measures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = Bench(Settings.make(True, False, 1), tmp_path, log=lambda _message: None)

    def driver(name: str, *_args: str, timeout: float = 0) -> None:
        raise RuntimeError(f"{name} printed no result")

    monkeypatch.setattr(bench, "driver", driver)
    rows = measure_families(bench, [FAMILIES["startup"]])
    assert [row.key for row in rows] == ["startup_note", "startup_player"]
    assert [row.error for row in rows] == ["RuntimeError: bare_startup printed no result"] * 2
    assert [row.as_json()["target"] for row in rows] == ["", ""]
    printed = table(rows)
    assert "| startup_note   | —      | —        | —     |        | ERROR |" in printed
    assert "startup_note: RuntimeError: bare_startup printed no result" in printed


def test_a_family_that_measures_other_rows_than_it_names_is_an_error(tmp_path: Path) -> None:
    bench = Bench(Settings.make(True, False, 1), tmp_path, log=lambda _message: None)
    family = Family(
        "render", ("render",), lambda _bench: [Row("other", "what", "ms", Target(under_ms=5))]
    )
    [row] = measure_families(bench, [family])
    assert row.key == "render"
    assert row.error == "RuntimeError: render measured the rows ('other',), not ('render',)"


def test_three_hours_of_generated_auto_captions_are_about_ten_thousand_rolling_cues(
    tmp_path: Path,
) -> None:
    path = tmp_path / "talk.en.vtt"
    cues = captions.generate_captions(path, 3 * 3600.0, seed=2)
    assert 9_000 <= cues <= 11_000
    text = path.read_text(encoding="utf-8")
    assert text.count(" --> ") == cues
    assert text.startswith("WEBVTT\nKind: captions\nLanguage: en\n\n")
    # The same seed gives the same bytes; another gives others.
    again = tmp_path / "again.vtt"
    captions.generate_captions(again, 3 * 3600.0, seed=2)
    assert again.read_bytes() == path.read_bytes()
    captions.generate_captions(again, 3 * 3600.0, seed=3)
    assert again.read_bytes() != path.read_bytes()


def test_the_transcript_row_reads_its_file_against_a_bare_pass(tmp_path: Path) -> None:
    bench = Bench(Settings.make(True, False, 1), tmp_path, log=lambda _message: None)
    [row] = measure_families(bench, [FAMILIES["transcript"]])
    assert row.error is None, row.error
    assert row.key == "transcript_read" and row.target_text == "ratio <= 2"
    assert row.figure is not None and row.baseline is not None and row.ratio is not None
    assert row.details["words_read"] > 25_000
    assert row.details["segments_read"] < row.details["cues_in_file"] / 2
