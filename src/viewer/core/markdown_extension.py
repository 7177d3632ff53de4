"""The python-markdown extension that makes a note's links the app's own.

Wiki links become ``note:`` or ``missing-note:`` links, timestamp anchors become ``seek:``
links, Markdown links to notes of the folder navigate, links to a time range of the note's own
video play it (:mod:`viewer.core.fragments`), and images load from inside the folder only (see
:mod:`viewer.core.applinks`). Everything else a link could do is decided by
:func:`classify_href`.
"""

from __future__ import annotations

import os
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from viewer.core.applinks import file_href, missing_note_href, note_href, seek_href
from viewer.core.fragments import TimeRange, media_fragment, without_fragment, youtube_range
from viewer.core.links import WIKILINK, embed_start, parse_wikilink
from viewer.core.markdown_guards import bound_link_processors
from viewer.core.timecode import Convention, format_seconds, parse_youtube_url
from viewer.core.timestamps import ANCHOR, anchor_timestamp, attributes
from viewer.core.video import VideoSource

Resolve = Callable[[str], "str | None"]


@dataclass(frozen=True, slots=True)
class RenderedLink:
    target: str
    path: str | None


@dataclass(slots=True)
class NoteContext:
    """What the Markdown processors need to know about the note being rendered."""

    path: str = ""
    resolve: Resolve = lambda _target: None
    convention: Convention = field(default_factory=lambda: Convention(False))
    video_id: str | None = None
    #: The note's video, and the folder the note is in (absolute): a link to the video's file
    #: or URL with a time range plays that range.
    video: VideoSource | None = None
    note_folder: str = ""
    #: Why the note's timestamps cannot play (it has no usable video), or None when they can.
    no_video: str | None = None
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


class _NoteInline(InlineProcessor):
    """An inline processor that knows the note being rendered."""

    def __init__(self, pattern: re.Pattern[str], context: NoteContext, md: markdown.Markdown):
        super().__init__(pattern.pattern, md)
        self.context = context


class _WikiLinks(_NoteInline):
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
            element = _link(link.text, missing_note_href(link.target), css + " unresolved", title)
        else:
            element = _link(link.text, note_href(found, link.heading), css)
        return element, start, m.end(0)


class _Anchors(_NoteInline):
    """Raw ``<a …>`` elements: timestamps become seek links, others are classified."""

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
        if self.context.no_video:
            # Shown, so the text reads right, but inert: there is nothing to play.
            return _link(shown, None, "timestamp inert", self.context.no_video), *m.span(0)
        title = f"Play from {shown} (written as [{anchor.label}]"
        title += f", data-t {anchor.data_t})" if anchor.label != anchor.data_t else ")"
        element = _link(shown, seek_href(seconds), "timestamp", title)
        element.set("aria-label", f"Play from {shown}")  # a screen reader's name for it
        return element, m.start(0), m.end(0)


def classify_href(href: str, context: NoteContext) -> tuple[str | None, str]:
    """Where a link in a note may go, and how it is styled; ``None`` means nowhere."""
    href = href.strip()
    if not href:
        return None, ""
    if href.startswith("#"):
        if context.video is not None and (ranged := media_fragment(href)) is not None:
            return _range_href(ranged), "video-link"  # ``#t=90,120``: the note's own video
        return href, ""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None, ""
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        youtube = parse_youtube_url(href)
        if youtube and context.video_id and youtube.video_id == context.video_id:
            with_end = youtube_range(href)
            return _range_href(with_end[1] if with_end else TimeRange(0.0)), "video-link"
        ranged = media_fragment(parts.fragment) if parts.fragment else None
        if ranged is not None and _is_video_url(href, context):
            return _range_href(ranged), "video-link"
        return href, "external"
    if scheme == "mailto":
        return href, "external"
    if scheme or parts.netloc:
        return None, ""
    ranged = media_fragment(parts.fragment) if parts.fragment else None
    if ranged is not None and _is_video_file(unquote(parts.path), context):
        return _range_href(ranged), "video-link"
    # A relative link: a note of the folder (by path, then by name) or nothing.
    base = posixpath.dirname(context.path)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    found = context.resolve(target) if not target.startswith("../") else None
    if found is None:
        return None, ""
    # The fragment names a heading, by its text or its slug: element ids are slugs.
    return note_href(found, unquote(parts.fragment) or None), "wikilink"


def _range_href(found: TimeRange) -> str:
    return seek_href(found.start, found.end)


def _is_video_url(href: str, context: NoteContext) -> bool:
    """Is ``href`` (its fragment aside) the note's media URL?"""
    video = context.video
    return video is not None and video.kind == "url" and without_fragment(href) == video.value


def _is_video_file(relative: str, context: NoteContext) -> bool:
    """Does a link relative to the note name the note's video file?"""
    video = context.video
    if video is None or video.kind != "file" or not context.note_folder or not relative:
        return False
    joined = os.path.normpath(os.path.join(context.note_folder, relative.replace("\\", "/")))
    if joined == video.value:
        return True
    try:
        return os.path.realpath(joined) == video.value  # through a link, as the video was read
    except (OSError, ValueError):
        return False


class _Links(Treeprocessor):
    """Markdown ``[text](url)`` links and ``![alt](src)`` images."""

    def __init__(self, context: NoteContext, md: markdown.Markdown) -> None:
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
        element.set("src", file_href(target))
        return element


class ViewerExtension(Extension):
    """Wiki links, timestamp anchors and link policy for python-markdown."""

    def __init__(self, context: NoteContext) -> None:
        super().__init__()
        self.context = context

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Above 'link' (160) so [[…]] is not read as a reference, above 'html' (90) for anchors.
        md.inlinePatterns.register(_WikiLinks(WIKILINK, self.context, md), "wikilink", 175)
        md.inlinePatterns.register(_Anchors(ANCHOR, self.context, md), "viewer-anchor", 95)
        md.treeprocessors.register(_Links(self.context, md), "viewer-links", 5)
        bound_link_processors(md)
