"""Notes rendered to their pages in a thread of their own, the latest one asked for only.

Rendering a note (its Markdown, the sanitizer, the page around it) takes the interpreter 5 to
10 ms for a note of a few pages, and far longer for a long one: on the UI thread it held up
the window each time the reader moved to another note in the list. Here the note pane asks for
a page and gets it back on the UI thread, through :attr:`NoteRenders.rendered`, once it is
made; meanwhile the window goes on (the render holds the interpreter, which it hands over to
the UI thread every few milliseconds, Python's switch interval).

A request overtakes every earlier one: one still waiting is dropped unmade, one being made is
dropped when done. So a burst of moves costs at most one stale render, and the page that
arrives is always the one asked for last.

    renders = NoteRenders(parent)
    renders.rendered.connect(show)          # a Page: the latest asked for
    number = renders.ask(Request(...))      # its number is the Page's
    renders.cancel()                        # nothing asked for is wanted any more
    renders.stop()                          # the window closes

The thread keeps one :class:`~viewer.core.render.NoteRenderer` (one per thread); it is made,
and Markdown imported, with the first request, off the UI thread too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from viewer.core.background import give_way
from viewer.core.note_page import note_document

if TYPE_CHECKING:
    from viewer.core.markdown_extension import Resolve
    from viewer.core.note import Note
    from viewer.core.render import NoteRenderer
    from viewer.core.timeline import NoteTimeline


#: A request is handed to the thread this long after it is made: a timer, not a zero-time call
#: (which comes before the timers and input already due), so that what was waiting for the UI
#: thread meanwhile is done first, before the render competes with it for the interpreter.
HAND_OVER_MS = 1


@dataclass(frozen=True, slots=True)
class Request:
    """What a note's page is made of; everything in it is read, never changed, by the thread."""

    note: Note
    #: Folder-relative.
    path: str
    resolve: Resolve
    duration: float | None
    backlinks: Sequence[tuple[str, str]]
    timeline: NoteTimeline | None
    style: str
    theme: str
    #: Given the finished page, in the thread, if it is still the latest asked for (to keep it
    #: for the next start); None: nothing.
    keep: Callable[[str], None] | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A note's page, made as asked by the request of this number."""

    number: int
    request: Request
    document: str


def page_of(renderer: NoteRenderer, request: Request) -> str:
    """The note pane's document for ``request``."""
    rendered = renderer.render(
        request.note, request.path, request.resolve, request.duration, request.backlinks,
        timeline=request.timeline,
    )  # fmt: skip
    return note_document(rendered.html, request.style, request.theme)


class _Queue:
    """The request waiting, and the number of the latest asked for: shared by both threads."""

    def __init__(self) -> None:
        self.wake = threading.Condition()
        self.waiting: tuple[int, Request] | None = None
        self.latest = 0
        self.stopping = False

    def is_latest(self, number: int) -> bool:
        with self.wake:
            return number == self.latest


class _Bridge(QObject):
    """Carries a finished page (or the error that stopped it) from the thread to the UI thread.
    Made without a parent: the thread holds it as long as it runs."""

    done = Signal(int, object)  # number, the document (str) or the exception


class NoteRenders(QObject):
    #: The page asked for last, made (on the UI thread).
    rendered = Signal(object)  # Page

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue = _Queue()
        self._bridge = _Bridge()
        self._bridge.done.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        #: The requests on their way, by number (the latest only, once the others are dropped).
        self._asked: dict[int, Request] = {}
        self._thread: threading.Thread | None = None
        #: Whether the latest request is to be handed to the thread (a zero timer runs).
        self._handing = False

    def ask(self, request: Request) -> int:
        """Make ``request``'s page, in place of any asked for before: its number.

        The thread is given it once the UI thread is back in its event loop and has done what
        was waiting (:data:`HAND_OVER_MS`): rendering meanwhile would take the interpreter
        from the rest of what the UI thread does now (for the note chosen: the list, the
        video, the transcript), in turns of Python's switch interval, and make that take
        several times as long."""
        queue = self._queue
        with queue.wake:
            queue.latest += 1
            number = queue.latest
            queue.waiting = None  # overtaken before it was started
        self._asked = {number: request}
        if not self._handing:
            self._handing = True
            QTimer.singleShot(HAND_OVER_MS, self, self._hand_over)
        return number

    def _hand_over(self) -> None:
        self._handing = False
        if not self._asked:
            return  # cancelled meanwhile
        number, request = next(iter(self._asked.items()))
        queue = self._queue
        with queue.wake:
            if queue.stopping or number != queue.latest:
                return
            queue.waiting = (number, request)
            queue.wake.notify()
        if self._thread is None:
            self._thread = threading.Thread(
                target=_run, args=(queue, self._bridge), name="note renders", daemon=True
            )
            self._thread.start()

    def cancel(self) -> None:
        """Drop every page asked for (waiting or being made)."""
        queue = self._queue
        with queue.wake:
            queue.latest += 1
            queue.waiting = None
        self._asked.clear()

    def busy(self) -> bool:
        """Whether a page asked for is still to come."""
        return bool(self._asked)

    def stop(self) -> None:
        """Drop what is waiting, let the page being made finish, and end the thread."""
        queue = self._queue
        with queue.wake:
            queue.stopping = True
            queue.latest += 1
            queue.waiting = None
            queue.wake.notify()
        self._asked.clear()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _arrived(self, number: int, outcome: object) -> None:
        request = self._asked.pop(number, None)
        if request is None:
            return  # overtaken: a later page is on its way, or none is wanted
        if isinstance(outcome, BaseException):
            raise outcome  # on the UI thread, as an error while showing the note always was
        assert isinstance(outcome, str)
        self.rendered.emit(Page(number, request, outcome))


def _run(queue: _Queue, bridge: _Bridge) -> None:
    """The thread: each request in turn, the latest only; behind the window's thread."""
    give_way()
    renderer: NoteRenderer | None = None
    while True:
        with queue.wake:
            while queue.waiting is None and not queue.stopping:
                queue.wake.wait()
            if queue.stopping:
                return
            assert queue.waiting is not None
            (number, request), queue.waiting = queue.waiting, None
        outcome: object
        try:
            if renderer is None:
                from viewer.core.render import NoteRenderer

                renderer = NoteRenderer()
            outcome = document = page_of(renderer, request)
            if request.keep is not None and queue.is_latest(number):
                request.keep(document)
        except Exception as error:  # said on the UI thread; the next note gets a new renderer
            renderer = None
            outcome = error
        bridge.done.emit(number, outcome)
