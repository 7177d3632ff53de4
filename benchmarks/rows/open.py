"""Open (``--rows open``): opening a folder of 10,000 generated notes, ready to navigate,
against reading every file's bytes in Python, each open in a fresh process
(``drivers/open_folder.py``):

* cold: the page cache dropped before both, as root;
* first: an empty index cache, the files in the page cache (the notes listed by name);
* the read of every note that follows in the background (reported, not judged);
* warm: again, from the index the read filled.
"""

from __future__ import annotations

from benchmarks.bench import Bench
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median

FIRST_OPEN = Target(ratio_at_most=3, under_ms=1000)


def measure(bench: Bench) -> list[Row]:
    count = bench.settings.open_notes
    samples = bench.open_runs(count, bench.settings.open_runs)
    folder = bench.folder(count)
    what = f"open {count:,} notes, ready to navigate"
    disk, first, first_read, warm = (
        _opened(samples, *row)
        for row in (
            ("open_cold", f"{what}: cold (page cache dropped)", FIRST_OPEN, "disk", "bytes_disk"),
            ("open_first", f"{what}: first open (page cache warm)", FIRST_OPEN, "first", "bytes"),
            (
                "open_first_read",
                f"{what}: first open, every note read and links resolved (in the background)",
                Target.none("in the background"),
                "first_read",
                "bytes",
            ),
            (
                "open_warm",
                "open the same folder again: warm (from the index, checked in the background)",
                Target(ratio_at_most=0.5),
                "warm",
                "bytes",
            ),
        )
    )
    if not samples["disk"]:
        disk.skipped = str(
            bench.drop_report.get("reason", "the page cache is not dropped (see --drop-caches)")
        )
    if samples["bytes_disk"] and samples["bytes"]:
        # The evidence that dropping the page cache worked: reading the bytes got slower.
        slower = median(samples["bytes_disk"]) / median(samples["bytes"])
        bench.drop_report["bytes_read_slower_after_drop"] = slower
        bench.drop_report["worked"] = slower > 2
    warm.details["background_check_s"] = median(samples["check"])
    nocache = [bench.open_once(folder, "nocache") for _ in range(min(3, bench.settings.open_runs))]
    first.details["without_index_cache_s"] = median(nocache)
    from benchmarks.stages import open_breakdown

    first.details["breakdown"] = open_breakdown(folder)
    first.details["shown"] = (
        "the index has never seen the folder and it holds more than READ_NOW_LIMIT notes: "
        "the notes are listed by file name (IndexCache.glance) and read in the background"
    )
    return [row.settle() for row in (disk, first, first_read, warm)]


def _opened(
    samples: dict[str, list[float]], key: str, what: str, target: Target, side: str, base: str
) -> Row:
    """A row of the opens in ``samples[side]`` against the reads in ``samples[base]``, with
    the CPU time of each."""
    row = Row(key, what, "s", target, samples=samples[side], baseline_samples=samples[base])
    if samples[f"{side}_cpu"]:
        cpu, base_cpu = median(samples[f"{side}_cpu"]), median(samples[f"{base}_cpu"])
        row.details.update(cpu_s=cpu, baseline_cpu_s=base_cpu, cpu_ratio=cpu / base_cpu)
    return row


FAMILY = Family("open", ("open_cold", "open_first", "open_first_read", "open_warm"), measure)
