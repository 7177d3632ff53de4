"""Slips in a note's body worth a quiet word: links to missing notes, labels that disagree.

Both are warnings: the note is shown whole, and the app already does the right thing (a link
to a missing note is muted, a timestamp plays from its ``data-t``). Each names its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from viewer.core.links import WIKILINK, parse_wikilink
from viewer.core.problems import Kind, Problem
from viewer.core.text import without_code
from viewer.core.timecode import Convention, Timecode, format_seconds, parse
from viewer.core.timestamps import ANCHOR, anchor_timestamp, attributes


def body_problems(
    body: str, body_line: int, missing_targets: Iterable[str], convention: Convention
) -> list[Problem]:
    """The warnings of a body whose line 1 is line ``body_line`` of its file, by line.

    ``missing_targets`` are the wiki link targets that matched no note, as the renderer found
    them; ``convention`` is how the note's timestamps are read.
    """
    visible = without_code(body)
    found = [
        *_missing_notes(visible, body_line, missing_targets),
        *_label_mismatches(visible, body_line, convention),
    ]
    return sorted(found, key=lambda problem: problem.line or 0)


_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@[-`{-~])")


def _missing_notes(body: str, body_line: int, targets: Iterable[str]) -> list[Problem]:
    missing = dict.fromkeys(targets)
    if not missing:
        return []
    lines: dict[str, int] = {}
    for match in WIKILINK.finditer(body):
        link = parse_wikilink(match.group("inner"))
        if link is None:
            continue
        # Markdown reads "a\_b" as "a_b", and so the renderer named it.
        target = _BACKSLASH_ESCAPE.sub(r"\1", link.target)
        if target in missing and target not in lines:
            lines[target] = body_line + body.count("\n", 0, match.start())
    return [
        Problem(
            Kind.MISSING_NOTE,
            f"The link [[{target}]] matches no note in this folder.",
            lines.get(target),
        )
        for target in missing
    ]


def _readings(value: Timecode) -> set[float]:
    """Every time a value may stand for: ``02:43:00`` is 2 h 43 min, or 2 min 43 s."""
    return {value.seconds} | ({value.minutes_reading} if value.minutes_reading else set())


def _label_mismatches(body: str, body_line: int, convention: Convention) -> list[Problem]:
    problems = []
    for match in ANCHOR.finditer(body):
        anchor = anchor_timestamp(attributes(match.group("attrs")), match.group("label"))
        if anchor is None or not anchor.label or anchor.label == anchor.data_t:
            continue
        truth, label = parse(anchor.data_t), parse(anchor.label)
        # A label that is not a time ("intro") does not disagree; one that is, under no
        # reading of either, does.
        if truth is None or label is None or _readings(truth) & _readings(label):
            continue
        problems.append(
            Problem(
                Kind.LABEL_MISMATCH,
                f"The timestamp labelled [{anchor.label}] has data-t {anchor.data_t}: it plays "
                f"from {format_seconds(convention.seconds(truth))}, not "
                f"{format_seconds(convention.seconds(label))}.",
                body_line + body.count("\n", 0, match.start()),
            )
        )
    return problems
