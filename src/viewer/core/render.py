"""Rendering a note to safe HTML: Markdown, timestamps that seek, links that navigate.

The Markdown goes through :mod:`viewer.core.markdown_extension`, which turns links into the
app's own (:mod:`viewer.core.applinks`); notes python-markdown would take too long over are
laid out as plain text (:mod:`viewer.core.markdown_guards`). The body is sanitized, then each
of its passages gets its id (``data-passage="N"``, :mod:`viewer.core.passage_blocks`), and the
whole article passes through the sanitizer last (:mod:`viewer.core.sanitize`): the ids are
written after the note's own ``data-passage`` attributes are gone, so a note cannot forge one.

The passages, the timestamps and how they read are the note's timeline
(:mod:`viewer.core.timeline`), given or made here: the page seeks where the timeline says.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

import markdown
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension

from viewer.core.applinks import note_href
from viewer.core.body_problems import body_problems
from viewer.core.markdown_extension import NoteContext, RenderedLink, Resolve, ViewerExtension
from viewer.core.markdown_guards import (
    MAX_UNCLOSED_LINKS,
    MAX_UNCLOSED_TAGS,
    too_deep,
    unclosed_links,
    unclosed_tags,
)
from viewer.core.note import Note
from viewer.core.passage_blocks import with_passage_ids
from viewer.core.problems import Kind, Problem
from viewer.core.sanitize import sanitize, sanitize_with_passage_ids
from viewer.core.timeline import NoteTimeline

__all__ = ["NoteRenderer", "Rendered", "RenderedLink", "RenderedTimestamp"]


@dataclass(frozen=True, slots=True)
class RenderedTimestamp:
    label: str
    seconds: float


@dataclass(slots=True)
class Rendered:
    """A note's sanitized HTML and what rendering found in it."""

    html: str
    timestamps: list[RenderedTimestamp] = field(default_factory=list)
    links: list[RenderedLink] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The note's timeline the page was made from (its passage ids are the page's).
    timeline: NoteTimeline | None = None


class NoteRenderer:
    """Renders notes; keeps one Markdown instance, so create one per thread."""

    def __init__(self) -> None:
        self._context = NoteContext()
        self._markdown = self._new_markdown()

    def _new_markdown(self) -> markdown.Markdown:
        # Instances, not names: naming them makes python-markdown search the installed
        # packages' entry points, which costs more than building the whole parser.
        extensions = [
            TableExtension(),
            FencedCodeExtension(),
            FootnoteExtension(),
            SaneListExtension(),
            TocExtension(),
            DefListExtension(),
            AbbrExtension(),
            ViewerExtension(self._context),
        ]
        return markdown.Markdown(extensions=extensions, output_format="html")

    def render(
        self,
        note: Note,
        path: str,
        resolve: Resolve,
        duration: float | None = None,
        backlinks: Sequence[tuple[str, str]] = (),
        timeline: NoteTimeline | None = None,
    ) -> Rendered:
        """``note`` at folder-relative ``path`` as sanitized HTML of an ``<article>``.

        ``backlinks`` are the (path, title) of the notes that link here, listed at the end.
        ``timeline`` is the note's (:meth:`NoteTimeline.of`), if the caller has it; its
        ``duration`` is then the video's length, and ``duration`` is not used.
        """
        if timeline is None:
            timeline = NoteTimeline.of(note, duration)
        convention = timeline.convention
        context = self._context
        context.path, context.resolve, context.convention = path, resolve, convention
        context.video_id, context.duration = timeline.youtube_id, timeline.duration
        context.video, context.note_folder = note.video, str(note.path.parent)
        context.links = []
        context.no_video = None if note.video else _why_no_video(note)
        problems = list(note.problems)
        try:
            if unclosed_links(note.body) > MAX_UNCLOSED_LINKS:
                body = _as_text(
                    note, problems, "too many unclosed links ('[' or '](' without an end)"
                )
            elif unclosed_tags(note.body) > MAX_UNCLOSED_TAGS:
                body = _as_text(note, problems, "too many unclosed HTML elements")
            elif too_deep(note.body):
                body = _as_text(note, problems, None)
            else:
                body = self._markdown.reset().convert(note.body)
                body = with_passage_ids(sanitize(body), timeline.passages)
        except RecursionError:
            # The parser stopped half-way, its state stacked up: the next note needs a new one.
            self._markdown = self._new_markdown()
            body = _as_text(note, problems, None)
        missing = (link.target for link in context.links if link.path is None)
        problems.extend(body_problems(note.body, note.body_line, missing, convention))
        article = "".join(
            [
                '<article class="note"><header>',
                f'<h1 class="note-title">{html.escape(note.title)}</h1>',
                _properties(note.properties),
                _problems(problems),
                "</header>",
                body,
                _backlinks(backlinks),
                _warnings(problems),
                "</article>",
            ]
        )
        timestamps = [RenderedTimestamp(stamp.label, stamp.seconds) for stamp in timeline.stamps]
        html_ = sanitize_with_passage_ids(article)
        return Rendered(html_, timestamps, list(context.links), problems, timeline)


def _as_text(note: Note, problems: list[Problem], too_many: str | None) -> str:
    """The note as plain text, the reason said among ``problems``: ``too_many`` of something
    to lay out, or (None) nested too deeply."""
    reason = f"has {too_many} to lay out" if too_many else "is nested too deeply to lay out"
    problems.append(Problem(Kind.SHOWN_AS_TEXT, f"The note {reason}; it is shown as plain text."))
    return f"<pre>{html.escape(note.body)}</pre>"


def _properties(properties: dict[str, str]) -> str:
    if not properties:
        return ""
    rows = "".join(
        f"<dt>{html.escape(key)}</dt><dd>{html.escape(value)}</dd>"
        for key, value in properties.items()
    )
    return f'<dl class="properties">{rows}</dl>'


def _backlinks(backlinks: Sequence[tuple[str, str]]) -> str:
    if not backlinks:
        return ""
    items = "".join(
        f'<li><a class="wikilink" href="{html.escape(note_href(path))}">'
        f"{html.escape(title)}</a></li>"
        for path, title in backlinks
    )
    return f'<section class="backlinks"><h2>Linked from</h2><ul>{items}</ul></section>'


def _why_no_video(note: Note) -> str:
    if note.video_problem is not None:
        return f"Can't play: {note.video_problem.message}"
    return "Can't play: this note has no video."


def _problems(problems: list[Problem]) -> str:
    """Errors, at the top: the reader sees less than the file holds and should know why."""
    items = "".join(
        f"<p>{html.escape(problem.message)}</p>" for problem in problems if problem.is_error
    )
    return f'<div class="problems">{items}</div>' if items else ""


def _warnings(problems: list[Problem]) -> str:
    """Warnings, quietly at the foot: the note is whole, but something in it looks like a slip."""
    items = "".join(
        f"<li>{html.escape(_with_line(problem))}</li>"
        for problem in problems
        if not problem.is_error
    )
    return f'<section class="note-warnings"><ul>{items}</ul></section>' if items else ""


def _with_line(problem: Problem) -> str:
    return f"Line {problem.line}: {problem.message}" if problem.line else problem.message
