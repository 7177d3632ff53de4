"""Rendering a note to safe HTML: Markdown, timestamps that seek, links that navigate.

The result links with the app's own schemes, which the note pane catches instead of loading:

* ``seek:163.5``: play the note's video from 163.5 s;
* ``note:people/Jonathan%20Frankle.md#heading``: open a note of the folder;
* ``missing-note:target``: a wiki link that matches no note;
* ``viewer-file://notes/<path>``: a file inside the opened folder (images), served read-only.

Everything passes through :func:`viewer.core.sanitize.sanitize` last.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from viewer.core.body_problems import body_problems
from viewer.core.links import WIKILINK, embed_start, parse_wikilink
from viewer.core.note import Note
from viewer.core.problems import Kind, Problem
from viewer.core.sanitize import sanitize
from viewer.core.timecode import MAX_SECONDS, Convention, format_seconds, parse_youtube_url
from viewer.core.timestamps import ANCHOR, anchor_timestamp, attributes, find_timestamps

FILE_ORIGIN = "viewer-file://notes/"
Resolve = Callable[[str], "str | None"]


def seek_href(seconds: float) -> str:
    # To the millisecond: ``:g`` keeps six digits, and 12345.67 would become 12345.7.
    return "seek:" + f"{seconds:.3f}".rstrip("0").rstrip(".")


def seek_seconds(value: str) -> float | None:
    """The time a ``seek:`` link's path stands for, if it is one the player can go to."""
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and 0 <= seconds <= MAX_SECONDS else None


def note_href(path: str, heading: str | None = None) -> str:
    fragment = f"#{quote(slug(heading))}" if heading else ""
    return f"note:{quote(path)}{fragment}"


def slug(text: str) -> str:
    """The id python-markdown's ``toc`` extension gives a heading with this text."""
    from markdown.extensions.toc import slugify

    return str(slugify(text, "-"))


@dataclass(frozen=True, slots=True)
class RenderedTimestamp:
    label: str
    seconds: float


@dataclass(frozen=True, slots=True)
class RenderedLink:
    target: str
    path: str | None


@dataclass(slots=True)
class Rendered:
    """A note's sanitized HTML and what rendering found in it."""

    html: str
    timestamps: list[RenderedTimestamp] = field(default_factory=list)
    links: list[RenderedLink] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class _Context:
    """What the Markdown processors need to know about the note being rendered."""

    path: str = ""
    resolve: Resolve = lambda _target: None
    convention: Convention = field(default_factory=lambda: Convention(False))
    video_id: str | None = None
    duration: float | None = None
    links: list[RenderedLink] = field(default_factory=list)


#: A character python-markdown hid behind a backslash escape, until its last tree step.
_ESCAPED = re.compile(f"{util.STX}([0-9]+){util.ETX}")


def _unescape(text: str) -> str:
    """``text`` with backslash escapes undone (``\\|`` in a table, ``\\_`` in a URL)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1))), text)


def _link(text: str, href: str | None, css: str, title: str | None = None) -> etree.Element:
    element = etree.Element("a")
    if href is not None:
        element.set("href", href)
    element.set("class", css)
    if title:
        element.set("title", title)
    element.text = text
    return element


class _WikiLinks(InlineProcessor):
    def __init__(self, context: _Context, md: markdown.Markdown) -> None:
        super().__init__(WIKILINK.pattern, md)
        self.context = context

    def handleMatch(  # type: ignore[override]
        self, m: Any, data: str
    ) -> tuple[etree.Element | None, int, int]:
        inner = _unescape(self.unescape(m.group("inner")))
        embed = embed_start(data, m)
        link = parse_wikilink(inner, embed is not None)
        if link is None:
            return None, m.start(0), m.end(0)
        start = m.start(0) if embed is None else embed  # an embed's "!" goes too
        css = "wikilink embed" if link.embed else "wikilink"
        if not link.target:  # [[#heading]]: a heading of this very note
            element = _link(link.text, note_href(self.context.path, link.heading), css)
            return element, start, m.end(0)
        found = self.context.resolve(link.target)
        self.context.links.append(RenderedLink(link.target, found))
        if found is None:
            title = f"No note named “{link.target}” in this folder"
            element = _link(
                link.text, f"missing-note:{quote(link.target)}", css + " unresolved", title
            )
        else:
            element = _link(link.text, note_href(found, link.heading), css)
        return element, start, m.end(0)


class _Anchors(InlineProcessor):
    """Raw ``<a …>`` elements: timestamps become seek links, others are classified."""

    def __init__(self, context: _Context, md: markdown.Markdown) -> None:
        super().__init__(ANCHOR.pattern, md)
        self.context = context

    def handleMatch(  # type: ignore[override]
        self, m: Any, data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        attrs = attributes(m.group("attrs"))
        # The label stays as written: its entities are Markdown's to show, never markup.
        label = m.group("label")
        anchor = anchor_timestamp(attrs, label)
        if anchor is None:
            href, css = classify_href(attrs.get("href", ""), self.context)
            return _link(label, href, css, attrs.get("title")), m.start(0), m.end(0)
        if anchor.value is None:
            title = f"“{anchor.data_t or anchor.label}” is not a time this app understands"
            text = util.AtomicString(anchor.label or anchor.data_t)  # unescaped: plain text only
            return _link(text, None, "timestamp", title), *m.span(0)
        seconds = self.context.convention.seconds(anchor.value, self.context.duration)
        shown = format_seconds(seconds)
        title = f"Play from {shown} (written as [{anchor.label}]"
        title += f", data-t {anchor.data_t})" if anchor.label != anchor.data_t else ")"
        return _link(shown, seek_href(seconds), "timestamp", title), m.start(0), m.end(0)


def classify_href(href: str, context: _Context) -> tuple[str | None, str]:
    """Where a link in a note may go, and how it is styled; ``None`` means nowhere."""
    href = href.strip()
    if not href:
        return None, ""
    if href.startswith("#"):
        return href, ""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None, ""
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        youtube = parse_youtube_url(href)
        if youtube and context.video_id and youtube.video_id == context.video_id:
            return seek_href(youtube.start or 0), "video-link"
        return href, "external"
    if scheme == "mailto":
        return href, "external"
    if scheme or parts.netloc:
        return None, ""
    # A relative link: a note of the folder (by path, then by name) or nothing.
    base = posixpath.dirname(context.path)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    found = context.resolve(target) if not target.startswith("../") else None
    if found is None:
        return None, ""
    heading = unquote(parts.fragment) or None
    return f"note:{quote(found)}" + (f"#{quote(heading)}" if heading else ""), "wikilink"


class _Links(Treeprocessor):
    """Markdown ``[text](url)`` links and ``![alt](src)`` images."""

    def __init__(self, context: _Context, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "a" and "class" not in element.attrib:
                    self._link(element)
                elif element.tag == "img":
                    parent[index] = self._image(element)

    def _link(self, element: etree.Element) -> None:
        if element.get("href", "").startswith("#fn"):
            return  # footnote references keep their in-page anchors
        href, css = classify_href(_unescape(element.get("href", "")), self.context)
        if href is None:
            element.attrib.pop("href", None)
        else:
            element.set("href", href)
        if css:
            element.set("class", css)

    def _image(self, element: etree.Element) -> etree.Element:
        src = _unescape(element.get("src", "")).strip()
        alt = element.get("alt", "") or "image"
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            # Remote images are not fetched: a note does not get to call home.
            external = parts.scheme.lower() in ("http", "https")
            replacement = _link(f"🖼 {alt}", src if external else None, "external image-link")
            replacement.tail = element.tail
            return replacement
        base = posixpath.dirname(self.context.path)
        name = unquote(parts.path).replace("\\", "/")  # as resolve_inside reads it
        target = posixpath.normpath(posixpath.join(base, name))
        if target.startswith("../") or target == ".." or target.startswith("/"):
            replacement = etree.Element("span")
            replacement.set("class", "refused")
            replacement.text = f"[image outside the notes folder: {alt}]"
            replacement.tail = element.tail
            return replacement
        element.set("src", FILE_ORIGIN + quote(target))
        return element


#: How far python-markdown may look for the end of a link's text or address. Unbounded, it
#: looks to the end of the paragraph for every unclosed "[" or "](", which is quadratic
#: (Python-Markdown#798): a 12 KB note of them took seconds, an 80 KB one minutes.
LINK_LOOKAHEAD = 1000
_LINK_PROCESSORS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)
#: A "[" or "](" whose end is not within the lookahead: each costs the parser a full look.
_FAR_BRACKET = re.compile(rf"\[(?![^\]]{{0,{LINK_LOOKAHEAD}}}\])")
_FAR_PAREN = re.compile(rf"\]\((?![^)]{{0,{LINK_LOOKAHEAD}}}\))")
#: Past this many, a note is laid out as plain text rather than freezing the window.
MAX_UNCLOSED_LINKS = 1500


class _BoundedLookahead:
    """Mixed into python-markdown's link processors: they look at most LINK_LOOKAHEAD ahead."""

    def getLink(self, data: str, index: int) -> Any:
        return super().getLink(data[: index + LINK_LOOKAHEAD], index)  # type: ignore[misc]

    def getText(self, data: str, index: int) -> Any:
        return super().getText(data[: index + LINK_LOOKAHEAD], index)  # type: ignore[misc]


def _bound_link_processors(md: markdown.Markdown) -> None:
    # Registry keeps (name, priority) pairs privately; re-registering needs the priority.
    for item in list(getattr(md.inlinePatterns, "_priority")):  # noqa: B009
        if item.name in _LINK_PROCESSORS:
            original = md.inlinePatterns[item.name]
            bounded = type(
                f"Bounded{type(original).__name__}", (_BoundedLookahead, type(original)), {}
            )
            md.inlinePatterns.register(bounded(original.pattern, md), item.name, item.priority)


#: Raw HTML elements that never have an end tag.
_OPENING_TAG = re.compile(
    r"<(?!(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b)[a-zA-Z]"
)
#: Past this many open raw HTML elements, a note is laid out as plain text: the sanitizer's
#: HTML parser is quadratic in nesting depth (40,000 nested elements took 5 s).
MAX_UNCLOSED_TAGS = 5000


def unclosed_tags(body: str) -> int:
    """How many raw HTML elements in ``body`` are opened and never closed (roughly)."""
    if body.count("<") <= MAX_UNCLOSED_TAGS:
        return 0  # cannot be more, and most notes stop here
    return len(_OPENING_TAG.findall(body)) - body.count("</") - body.count("/>")


def unclosed_links(body: str) -> int:
    """How many link openings in ``body`` have no end within the lookahead."""
    return len(_FAR_BRACKET.findall(body)) + len(_FAR_PAREN.findall(body))


class ViewerExtension(Extension):
    """Wiki links, timestamp anchors and link policy for python-markdown."""

    def __init__(self, context: _Context) -> None:
        super().__init__()
        self.context = context

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Above 'link' (160) so [[…]] is not read as a reference, above 'html' (90) for anchors.
        md.inlinePatterns.register(_WikiLinks(self.context, md), "wikilink", 175)
        md.inlinePatterns.register(_Anchors(self.context, md), "viewer-anchor", 95)
        md.treeprocessors.register(_Links(self.context, md), "viewer-links", 5)
        _bound_link_processors(md)


class NoteRenderer:
    """Renders notes; keeps one Markdown instance, so create one per thread."""

    def __init__(self) -> None:
        self._context = _Context()
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
    ) -> Rendered:
        """``note`` at folder-relative ``path`` as sanitized HTML of an ``<article>``.

        ``backlinks`` are the (path, title) of the notes that link here, listed at the end.
        """
        video_id = note.video.value if note.video and note.video.kind == "youtube" else None
        found = find_timestamps(note.body, video_id)
        convention = Convention.of(item.value for item in found)
        context = self._context
        context.path, context.resolve, context.convention = path, resolve, convention
        context.video_id, context.duration, context.links = video_id, duration, []
        problems = list(note.problems)
        try:
            if unclosed_links(note.body) > MAX_UNCLOSED_LINKS:
                body = f"<pre>{html.escape(note.body)}</pre>"
                problems.append(
                    Problem(
                        Kind.SHOWN_AS_TEXT,
                        "The note has too many unclosed links ('[' or '](' without an end) to "
                        "lay out; it is shown as plain text.",
                    )
                )
            elif unclosed_tags(note.body) > MAX_UNCLOSED_TAGS:
                body = f"<pre>{html.escape(note.body)}</pre>"
                problems.append(
                    Problem(
                        Kind.SHOWN_AS_TEXT,
                        "The note has too many unclosed HTML elements to lay out; it is shown "
                        "as plain text.",
                    )
                )
            else:
                body = self._markdown.reset().convert(note.body)
        except RecursionError:
            # The parser stopped half-way, its state stacked up: the next note needs a new one.
            self._markdown = self._new_markdown()
            body = f"<pre>{html.escape(note.body)}</pre>"
            problems.append(
                Problem(
                    Kind.SHOWN_AS_TEXT,
                    "The note is nested too deeply to lay out; it is shown as plain text.",
                )
            )
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
        timestamps = [
            RenderedTimestamp(item.label, convention.seconds(item.value, duration))
            for item in found
        ]
        return Rendered(sanitize(article), timestamps, list(context.links), problems)


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


#: No script of any kind, nothing remote: only the app's own files and inline styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src viewer-file: data:; media-src viewer-file:; "
    "style-src 'unsafe-inline'; font-src 'none'; script-src 'none'; object-src 'none'; "
    "frame-src 'none'; form-action 'none'; base-uri 'none'"
)


def note_document(article: str, css: str, theme: str = "light") -> str:
    """A complete page for the note pane around already sanitized ``article`` HTML."""
    return (
        "<!DOCTYPE html>"
        f'<html data-theme="{html.escape(theme)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
        f"<style>{css}</style></head><body>{article}</body></html>"
    )
