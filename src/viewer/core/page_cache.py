"""The last note's page, kept between runs: the next start shows it before anything else.

One file in the user's cache folder, beside the folder index
(``$XDG_CACHE_HOME/viewer/last-page.html``): the document the note pane last loaded for a
note, after a header line that says what it was made from. It is shown again only if all of
that is still so::

    pages = PageCache()
    pages.store(root, "talks/a.md", "A talk", "light", document, style)  # a note was shown
    page = pages.load(root, "talks/a.md", "light", style)  # the next start: or None

What a page is made from, and so what the header keeps: the note's absolute path, its file's
modification time (ns) and size, the theme, the stylesheet (its digest) and the code that
rendered it: the modules the renderer and the page reach, named in the header, whose sources
are checksummed (:func:`~viewer.core.code_digest.source_checksum`), so a start checks them
without importing the renderer. What it is not made from is not checked: the other notes of the
folder (the links' targets, the backlinks). The app renders the note anyway once the folder is
open, and replaces the page if it differs.

Loading this module costs next to nothing (no Markdown, no YAML), which is its point. The
cache is only ever a shortcut: a file that is missing, damaged, of another version or stale is
not used, and never raises; a page that cannot be written is not kept. It is never written
inside the notes folder.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import os
import sys
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from viewer.core.code_digest import reached_modules, source_checksum
from viewer.core.paths import is_inside, user_cache_folder

log = logging.getLogger("viewer.pages")

_VERSION = 1
#: A bigger page is not kept: reading it back would cost more than rendering the note.
MAX_BYTES = 4 * 1024 * 1024
#: The modules a page is rendered by: their code, and all they reach of the app's, counts.
_RENDERERS = ("viewer.core.render", "viewer.core.note_page")


def default_page_cache_path() -> Path:
    """``$XDG_CACHE_HOME/viewer/last-page.html``, beside the folder index."""
    return user_cache_folder() / "last-page.html"


@dataclass(frozen=True, slots=True)
class CachedPage:
    """A page from the cache, still as it would be rendered now (as far as the cache knows)."""

    root: Path
    #: The note, folder-relative (``/`` separated).
    note: str
    #: The note's title (for the window's).
    title: str
    theme: str
    document: str


class PageCache:
    """The last note's page (one file; see the module's description)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_page_cache_path()

    def load(self, root: Path, note: str, theme: str, style: str) -> CachedPage | None:
        """The page of ``note`` (folder-relative, in the folder ``root``) in ``theme`` with the
        stylesheet ``style``, if it is the one kept and nothing it was made from has changed."""
        try:
            with open(self.path, "rb") as file:
                header = json.loads(file.readline())
                body = file.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.info("the page cache %s cannot be read (%s)", self.path, error)
            return None
        if not isinstance(header, dict) or header.get("version") != _VERSION:
            return None
        if len(body) != header.get("length") or zlib.crc32(body) != header.get("crc32"):
            log.info("the page cache %s is damaged; not used", self.path)
            return None
        path = _note_path(root, note)
        try:
            stat = os.stat(path)
        except (OSError, ValueError):
            return None
        wanted = _key(root, note, stat, theme, style)
        if any(header.get(key) != value for key, value in wanted.items()):
            return None
        modules = header.get("modules")
        if not isinstance(modules, list) or not all(isinstance(name, str) for name in modules):
            return None
        if source_checksum(modules) != header.get("code"):
            return None  # the code that rendered it changed
        title = header.get("title")
        try:
            document = body.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return CachedPage(root, note, title if isinstance(title, str) else "", theme, document)

    def store(
        self, root: Path, note: str, title: str, theme: str, document: str, style: str
    ) -> None:
        """Keep ``document``, the page of ``note`` (folder-relative, in ``root``; called
        ``title``) as just rendered in ``theme`` with the stylesheet ``style``, in place of
        the page kept."""
        path = _note_path(root, note)
        try:
            stat = os.stat(path)
            if is_inside(os.path.realpath(self.path), os.path.realpath(root)):
                log.info("the page cache %s is inside the notes folder; not used", self.path)
                return
        except (OSError, ValueError):
            return
        body = document.encode("utf-8", "replace")
        if len(body) > MAX_BYTES:
            self.forget()
            return
        modules, code = _renderer_code()
        header = {
            "version": _VERSION,
            **_key(root, note, stat, theme, style),
            "title": title,
            "modules": modules,
            "code": code,
            "length": len(body),
            "crc32": zlib.crc32(body),
        }
        line = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n"
        self._write(line + body)

    def forget(self) -> None:
        """Drop the page kept (if any)."""
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def _write(self, data: bytes) -> None:
        """Write atomically: a reader sees the old file or the new one, never half of one."""
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(data)
            os.replace(temporary, self.path)
        except OSError as error:
            log.info("the page cache %s was not written (%s)", self.path, error)
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _note_path(root: Path, note: str) -> str:
    return os.path.join(root, *note.split("/"))


def _digest(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}"


@cache
def _renderer_code() -> tuple[list[str], str]:
    """The modules that render a page (they are loaded by then) and the checksum of their
    code."""
    names: set[str] = set()
    for name in _RENDERERS:
        module = sys.modules.get(name) or importlib.import_module(name)
        names.update(reached.__name__ for reached in reached_modules(module))
    modules = sorted(names)
    return modules, source_checksum(modules) or ""


def _key(root: Path, note: str, stat: os.stat_result, theme: str, style: str) -> dict[str, object]:
    """What a kept page must match to be shown: the note's file as it is, the theme, the
    stylesheet."""
    return {
        "root": str(root),
        "note": note,
        "mtime_ns": stat.st_mtime_ns,
        "size": stat.st_size,
        "theme": theme,
        "style": _digest(style),
    }
