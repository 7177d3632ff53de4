"""What a row is: a figure against a baseline, judged by a target declared once.

``Target`` holds the bounds; the text the table prints and the verdict are both derived from
them, so the two cannot drift apart. ``Row`` holds one measured line of the table, ``Family``
a group of rows measured together (what ``--rows`` names).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from benchmarks.stats import median, percentile

if TYPE_CHECKING:
    from benchmarks.bench import Bench

_MS_PER_UNIT = {"s": 1000.0, "ms": 1.0}


def _number(value: float) -> str:
    return f"{value:g}"


def _duration(ms: float) -> str:
    return f"{_number(ms / 1000)} s" if ms >= 1000 else f"{_number(ms)} ms"


def _in_ms(value: float, unit: str) -> float:
    if unit not in _MS_PER_UNIT:
        raise ValueError(f"a bound in time cannot judge a figure in {unit!r}")
    return value * _MS_PER_UNIT[unit]


@dataclass(frozen=True)
class Target:
    """The bounds a row must keep; every bound given must hold for the row to meet it.

    * ``ratio_at_most``: the figure over the baseline;
    * ``under_ms``: the figure itself (a row in seconds or milliseconds);
    * ``p95_under_ms``: the 95th percentile of the row's samples;
    * ``exponent_at_most``: the figure, a log-log slope;
    * ``first_under_ms``, ``final_under_ms``: an interaction's first and final results on
      screen (``details["first_ms"]``, ``details["final_ms"]``; the figure is its stall);
    * ``Target.none(why)``: no bound: the row is reported, not judged.
    """

    ratio_at_most: float | None = None
    under_ms: float | None = None
    p95_under_ms: float | None = None
    exponent_at_most: float | None = None
    first_under_ms: float | None = None
    final_under_ms: float | None = None
    none_because: str | None = None

    def __post_init__(self) -> None:
        bounded = any(bound is not None for bound in self._bounds())
        if bounded == (self.none_because is not None):
            raise ValueError("a target has bounds, or none and the reason why, not both")

    @classmethod
    def none(cls, why: str) -> Target:
        return cls(none_because=why)

    def _bounds(self) -> tuple[float | None, ...]:
        return (
            self.ratio_at_most,
            self.under_ms,
            self.p95_under_ms,
            self.exponent_at_most,
            self.first_under_ms,
            self.final_under_ms,
        )

    @property
    def text(self) -> str:
        """What the table prints, e.g. ``ratio <= 3, and under 1 s``."""
        if self.none_because is not None:
            return f"none: {self.none_because}"
        parts = []
        if self.exponent_at_most is not None:
            parts.append(f"exponent <= {_number(self.exponent_at_most)} (log-log fit)")
        if self.ratio_at_most is not None:
            parts.append(f"ratio <= {_number(self.ratio_at_most)}")
        if self.under_ms is not None:
            parts.append(f"{'and ' if parts else ''}under {_duration(self.under_ms)}")
        if self.p95_under_ms is not None:
            parts.append(f"p95 under {_duration(self.p95_under_ms)}")
        if self.first_under_ms is not None:
            parts.append(f"first under {_duration(self.first_under_ms)}")
        if self.final_under_ms is not None:
            parts.append(f"final under {_duration(self.final_under_ms)}")
        return ", ".join(parts)

    def met(self, row: Row) -> bool | None:
        """Whether the row keeps every bound; None for a target of none."""
        if self.none_because is not None:
            return None
        kept = []
        if self.exponent_at_most is not None:
            kept.append(row.figure is not None and row.figure <= self.exponent_at_most)
        if self.ratio_at_most is not None:
            kept.append(row.ratio is not None and row.ratio <= self.ratio_at_most)
        if self.under_ms is not None:
            kept.append(row.figure is not None and _in_ms(row.figure, row.unit) < self.under_ms)
        if self.p95_under_ms is not None:
            p95 = _in_ms(percentile(row.samples, 0.95), row.unit) if row.samples else None
            kept.append(p95 is not None and p95 < self.p95_under_ms)
        for bound, key in ((self.first_under_ms, "first_ms"), (self.final_under_ms, "final_ms")):
            if bound is not None:
                value = row.details.get(key)
                kept.append(value is not None and float(value) < bound)
        return all(kept)


@dataclass
class Row:
    key: str
    what: str
    unit: str
    target: Target | None  # None only on a row whose family failed before making it
    figure: float | None = None
    baseline: float | None = None
    ratio: float | None = None
    met: bool | None = None
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    skipped: str | None = None  # why it was not measured in this run

    @classmethod
    def failed(cls, key: str, error: BaseException) -> Row:
        return cls(key, key, "", None, error=f"{type(error).__name__}: {error}")

    @property
    def target_text(self) -> str:
        return self.target.text if self.target is not None else ""

    def settle(self, statistic: Callable[[Sequence[float]], float] = median) -> Row:
        """Figure and baseline from the samples (their medians, unless told), their ratio,
        and the verdict."""
        if self.samples:
            self.figure = statistic(self.samples)
        if self.baseline_samples:
            self.baseline = statistic(self.baseline_samples)
        if self.figure is not None and self.baseline:
            self.ratio = self.figure / self.baseline
        return self.judge()

    def judge(self) -> Row:
        """The verdict of the target on the figure, once there is one."""
        if self.target is not None and self.figure is not None:
            self.met = self.target.met(self)
        return self

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "target": self.target_text}


@dataclass(frozen=True)
class Family:
    """Rows measured together, under one name of ``--rows``."""

    name: str
    keys: tuple[str, ...]  # the rows it reports: what a failure is reported as
    measure: Callable[[Bench], list[Row]]
