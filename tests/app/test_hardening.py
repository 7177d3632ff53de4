"""Hostile notes stay inert, bad files never crash the window, the notes folder is written only
when the reader asks (Add Note at This Moment, docs/CAPTURE.md).

Everything here runs in the real window with real QtWebEngine pages. The note pane's own
JavaScript is off, so the page's state is read from the app's isolated world (``note_eval``);
requests are seen by a recorder wrapped around the note profile's real interceptor. The files
come from ``tests/core/test_hostile_files.py``, where the same notes are checked without Qt.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineScript,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from pytestqt.qtbot import QtBot

from tests.conftest import REPO, SAMPLES
from tests.core.html_checks import url_scheme
from tests.core.test_hostile_files import (
    BAD_FILES,
    BIG_FILES,
    ESCAPING_VIDEOS,
    EVIL,
    FOLDER_PROBLEMS,
    HOSTILE_TITLE,
    hostile_note,
    make_bad_folder,
    make_escape_folder,
    refusal,
)
from tests.helpers.browser import UrlCatcher
from tests.helpers.pages import (
    click_element,
    evaluate,
    note_eval,
    player_eval,
    settled,
    wait_for_note,
)
from tests.helpers.players import video_loaded
from tests.helpers.waits import stays
from viewer.app.main_window import MainWindow
from viewer.app.note_view import Decision
from viewer.identity import PLAYER_ORIGIN

pytestmark = pytest.mark.e2e

LOCAL_SCHEMES = {"viewer-file", "data", "about", "blob"}


class RequestRecorder(QWebEngineUrlRequestInterceptor):
    """Sees every request of the note pane, then lets the app's own interceptor decide."""

    def __init__(self, app_interceptor: QWebEngineUrlRequestInterceptor) -> None:
        super().__init__()
        self.app_interceptor = app_interceptor
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        self.urls.append(info.requestUrl().toString())
        self.app_interceptor.interceptRequest(info)


def record_requests(window: MainWindow) -> RequestRecorder:
    recorder = RequestRecorder(window.note_profile.interceptor)
    window.note_profile.setUrlRequestInterceptor(recorder)
    window.note_profile.request_recorder = recorder  # type: ignore[attr-defined]  # keep alive
    return recorder


def record_decisions(window: MainWindow) -> list[tuple[str, Decision]]:
    decisions: list[tuple[str, Decision]] = []
    window.note_view.note_page.navigationDecided.connect(
        lambda url, decision: decisions.append((url.toString(), decision))
    )
    return decisions


#: What the page holds, read from the app's world: the marks a payload would leave, and every
#: element, attribute and URL that could run script or load something.
PAGE_STATE = """(() => {
  const all = [...document.querySelectorAll('*')];
  const urlNames = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background',
                    'srcset', 'xlink:href', 'srcdoc', 'ping', 'style'];
  return {
    title: document.title,
    name: window.name,
    href: location.href,
    noteTitle: document.querySelector('h1.note-title')?.textContent,
    pwned: [...document.querySelectorAll('[id^=pwned]')].map(e => e.id),
    forbidden: [...document.querySelectorAll(
      'script, iframe, frame, frameset, object, embed, applet, form, input, button, textarea,'
      + ' select, base, link, svg, math, video, audio, source, template, noscript, marquee,'
      + ' isindex, meta, style')].map(e => e.outerHTML.slice(0, 120)),
    meta: [...document.querySelectorAll('meta')].map(e => e.getAttribute('http-equiv')),
    styles: document.querySelectorAll('head > style').length,
    handlers: all.flatMap(e => [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
                                             .map(a => e.tagName + ' ' + a.name)),
    urls: all.flatMap(e => urlNames.filter(n => e.hasAttribute(n))
                                   .map(n => [e.tagName, n, e.getAttribute(n)])),
    frames: window.frames.length,
    problems: [...document.querySelectorAll('.problems, .note-warnings')].map(e => e.innerText)
                                                                          .join('\\n'),
    images: [...document.images].map(i => [i.getAttribute('src'), i.complete, i.naturalWidth]),
  };
})()"""


def page_state(qtbot: QtBot, window: MainWindow) -> dict[str, Any]:
    state = note_eval(qtbot, window, PAGE_STATE)
    assert isinstance(state, dict)
    return state


def assert_inert(state: dict[str, Any]) -> None:
    """No payload ran, and nothing in the page could run one or load anything remote."""
    assert state["title"] == "", "document.title was set"  # the note page has no <title>
    assert state["name"] == "", "window.name was set"
    assert state["pwned"] == []
    assert state["frames"] == 0
    # The app's own head: <meta charset>, the Content-Security-Policy and one <style>.
    head = [
        tag
        for tag in state["forbidden"]
        if tag.startswith(("<meta charset", '<meta http-equiv="Content-Security-Policy"'))
        or (tag.startswith("<style>") and state["styles"] == 1)
    ]
    assert [tag for tag in state["forbidden"] if tag not in head] == []
    assert state["meta"] == [None, "Content-Security-Policy"]
    assert state["handlers"] == []
    for tag, name, value in state["urls"]:
        if name == "style":  # what is left of a style: never a URL or an expression
            assert not re.search(r"url|expression|@import|behavior", value, re.I), (tag, value)
            continue
        assert name in ("href", "src"), (tag, name, value)
        assert url_scheme(value) not in {"javascript", "data", "vbscript", "file"}, (tag, value)
        assert not value.startswith(EVIL) or tag == "A", (tag, value)  # links only, no loads
    assert state["href"].startswith("viewer-file://notes/")


def png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


# --- 1. No script from a note runs ---------------------------------------------------------------


def _hostile_folder(tmp_path: Path, before: str = "") -> Path:
    """The hostile note, with some Markdown of the test's own ``before`` its payloads."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.md").write_text(hostile_note(before), encoding="utf-8")
    (folder / "welcome.md").write_text("# Welcome\n", encoding="utf-8")
    return folder


def test_no_script_from_a_hostile_note_runs_and_nothing_remote_is_requested(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    recorder = record_requests(window)
    decisions = record_decisions(window)
    window.open_folder(_hostile_folder(tmp_path), "hostile.md")
    wait_for_note(qtbot, window, HOSTILE_TITLE)

    def nothing_ran_or_loaded() -> None:
        state = page_state(qtbot, window)
        assert_inert(state)
        assert state["noteTitle"] == HOSTILE_TITLE  # the front matter payload is shown as text
        assert "is not a YouTube video id" in state["problems"]
        assert window.current == "hostile.md"
        # Only the app's own load: no meta refresh, no navigation started by the note.
        assert [decision for _url, decision in decisions] == [Decision.PAGE]
        # Nothing remote was even attempted: the CSP and the sanitizer stop it before any
        # request, so the app's interceptor had nothing to block.
        assert [url for url in recorder.urls if url.startswith(EVIL)] == []
        assert [url for url in recorder.urls if QUrl(url).scheme() not in LOCAL_SCHEMES] == []
        assert window.note_profile.interceptor.blocked == []

    # An error event, an autofocus, a refresh due at once would have come with the load and
    # the first frames after it; no script runs, so no fetch or timer can come later.
    stays(qtbot, nothing_ran_or_loaded, after=settled(qtbot, window.note_view.page()))
    # The script in the video id reached neither the player nor its page.
    assert window.player.source is None
    player = player_eval(
        qtbot,
        window,
        "({pwned: document.querySelectorAll('[id^=pwned]').length, name: window.name,"
        " title: document.title, scripts: [...document.scripts].map(s => s.src)})",
    )
    assert player["pwned"] == 0 and player["name"] == ""
    assert "pwned" not in player["title"]
    assert all(not src.startswith(EVIL) for src in player["scripts"])


def _load_without_csp(qtbot: QtBot, window: MainWindow, html: str) -> RequestRecorder:
    """``html`` in a page of the note profile, without the note document's CSP."""
    recorder = record_requests(window)
    page = QWebEnginePage(window.note_profile)
    try:
        with qtbot.waitSignal(page.loadFinished, timeout=10_000):
            page.setHtml(html, QUrl("viewer-file://notes/"))
        qtbot.waitUntil(lambda: f"{EVIL}/proof.png" in recorder.urls)
    finally:
        shiboken6.delete(page)
    return recorder


def test_the_request_recorder_sees_remote_requests(qtbot: QtBot, window: MainWindow) -> None:
    """Proof that the empty lists above are a real check: without the CSP, a load is seen."""
    recorder = _load_without_csp(qtbot, window, f'<img src="{EVIL}/proof.png">')
    assert f"{EVIL}/proof.png" in recorder.urls


def test_the_note_profile_blocks_remote_subresources_even_without_the_csp(
    qtbot: QtBot, window: MainWindow
) -> None:
    _load_without_csp(
        qtbot, window, f'<link rel="stylesheet" href="{EVIL}/x.css"><img src="{EVIL}/proof.png">'
    )
    assert f"{EVIL}/proof.png" in window.note_profile.interceptor.blocked
    assert f"{EVIL}/x.css" in window.note_profile.interceptor.blocked


HOSTILE_CLICKS = [
    "#js-link",
    "#js-block-link",
    "#entity-js-link",
    "#tab-js-link",
    "#data-link",
    "#vbscript-link",
    "#file-link",
    "a:not([href])",  # the Markdown javascript: and data: links, their href removed
]


def test_hostile_links_clicked_with_the_mouse_go_nowhere(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, browser: UrlCatcher
) -> None:
    # A link of the test's own, which the app gives to the system's browser: a click the
    # app does act on, leaving the page as it is.
    folder = _hostile_folder(tmp_path, "[our link](https://example.org/ours)\n\n")
    window.open_folder(folder, "hostile.md")
    wait_for_note(qtbot, window, HOSTILE_TITLE)
    recorder = record_requests(window)
    decisions = record_decisions(window)
    # No form survived to be sent, not even its buttons.
    assert note_eval(qtbot, window, "document.querySelectorAll('form, button').length") == 0
    for selector in HOSTILE_CLICKS:
        click_element(qtbot, window.note_view, selector)
    click_element(qtbot, window.note_view, "a[href='https://example.org/ours']")  # last
    # Their href is gone: a click does not even ask to navigate. The good link's click, after
    # them, is the only navigation asked for.
    stays(
        qtbot,
        lambda: [decision for _url, decision in decisions] == [Decision.EXTERNAL],
        after=lambda: bool(browser.urls),
    )
    assert browser.urls == ["https://example.org/ours"]
    state = page_state(qtbot, window)
    assert_inert(state)
    assert state["noteTitle"] == HOSTILE_TITLE
    assert window.current == "hostile.md"
    assert [url for url in recorder.urls if QUrl(url).scheme() not in LOCAL_SCHEMES] == []


def _local_video_folder(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "seek"
    (folder / "media").mkdir(parents=True)
    shutil.copy(SAMPLES / "media" / "test-pattern.webm", folder / "media")
    (folder / "note.md").write_text(
        f"---\ntitle: Seek links\nvideo: media/test-pattern.webm\n---\n\n{body}\n",
        encoding="utf-8",
    )
    return folder


def test_seek_links_that_are_not_a_time_are_refused_not_raised(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    body = "\n\n".join(
        f'<div><a id="{name}" href="seek:{value}">{name}</a></div>'
        for name, value in (
            ("nan", "nan"),
            ("inf", "1e400"),
            ("text", "abc"),
            ("neg", "-5"),
            ("good", "3"),  # last, a good one: the proof that the clicks got through
        )
    )
    window.open_folder(_local_video_folder(tmp_path, body), "note.md")
    wait_for_note(qtbot, window, "Seek links")
    decisions = record_decisions(window)
    asked: list[float] = []
    window.note_view.note_page.seekRequested.connect(asked.append)
    landed: list[float] = []
    window.player.seeked.connect(landed.append)
    for name in ("nan", "inf", "text", "neg", "good"):
        click_element(qtbot, window.note_view, f"#{name}")
    stays(
        qtbot,
        lambda: [decision for _url, decision in decisions] == [Decision.SEEK],
        after=lambda: bool(landed),
    )
    assert (asked, landed) == ([3.0], [3.0])


# --- 2. No note reaches outside its folder --------------------------------------------------------


def _images_note(root: Path, outside: Path) -> None:
    (outside / "secret.png").write_bytes(png(7, 5))
    (root / "inside.png").write_bytes(png(3, 3))
    (root / "link-out.png").symlink_to(outside / "secret.png")
    raw = {
        "raw-up": "../../secret.png",
        "raw-abs": "/secret.png",
        "vf-dots": "viewer-file://notes/../secret.png",
        "vf-encoded": "viewer-file://notes/%2e%2e/secret.png",
        "vf-encoded-slash": "viewer-file://notes/..%2fsecret.png",
        "vf-absolute": f"viewer-file://notes/{str(outside / 'secret.png').replace('/', '%2F')}",
        "vf-backslash": "viewer-file://notes/sub%5C..%5C..%5Csecret.png",
        "vf-link": "viewer-file://notes/link-out.png",
        "vf-host": "viewer-file://other/secret.png",
        "file-url": f"file://{outside / 'secret.png'}",
    }
    images = "\n".join(f'<div><img id="{key}" src="{src}"></div>' for key, src in raw.items())
    (root / "sub" / "images.md").write_text(
        "# Images\n\n![control](../inside.png)\n\n"
        "![up](../../secret.png) ![abs](/etc/passwd) ![link](../link-out.png)\n\n"
        f"{images}\n",
        encoding="utf-8",
    )


def test_images_outside_the_folder_are_never_loaded(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = make_escape_folder(tmp_path)
    _images_note(root, tmp_path)
    recorder = record_requests(window)
    window.open_folder(root, "sub/images.md")
    wait_for_note(qtbot, window, "Images")

    def images() -> list[list[Any]]:
        return page_state(qtbot, window)["images"]

    # The control image, inside the folder, does load: the check below is a real one.
    qtbot.waitUntil(lambda: ["viewer-file://notes/inside.png", True, 3] in images())
    qtbot.waitUntil(lambda: all(complete for _src, complete, _width in images()))
    loaded = [(src, width) for src, _complete, width in images() if width]
    assert loaded == [("viewer-file://notes/inside.png", 3)]
    refused = note_eval(qtbot, window, "[...document.querySelectorAll('span.refused')].length")
    assert refused == 2  # the two Markdown images that name a place outside: said in words
    assert all(QUrl(url).scheme() in LOCAL_SCHEMES for url in recorder.urls)


def test_the_file_scheme_serves_nothing_from_outside_the_folder(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = make_escape_folder(tmp_path)
    window.open_folder(root, "welcome.md")
    wait_for_note(qtbot, window, "Welcome")
    secret = str(tmp_path / "secret.txt")
    refused = [
        "viewer-file://notes/../secret.txt",
        "viewer-file://notes/%2e%2e/secret.txt",
        "viewer-file://notes/%2E%2E%2Fsecret.txt",
        "viewer-file://notes/..%2fsecret.txt",
        "viewer-file://notes/%252e%252e%252fsecret.txt",
        "viewer-file://notes/sub/..%2f..%2fsecret.txt",
        "viewer-file://notes/..%5Csecret.txt",
        f"viewer-file://notes/{secret.replace('/', '%2F')}",
        f"viewer-file://notes/{secret}",
        "viewer-file://notes/link-out.txt",
        "viewer-file://other/secret.txt",
        f"viewer-file://{tmp_path.name}/secret.txt",
    ]
    page = QWebEnginePage(window.note_profile)

    def text_at(url: str) -> str:
        with qtbot.waitSignal(page.loadFinished, timeout=10_000):
            page.load(QUrl(url))
        result: list[str] = []
        page.toPlainText(result.append)
        qtbot.waitUntil(lambda: bool(result))
        return result[0]

    try:
        assert "inside the folder" in text_at("viewer-file://notes/inside.txt")  # the control
        for url in refused:
            assert "TOP SECRET" not in text_at(url), url
    finally:
        shiboken6.delete(page)


@pytest.mark.parametrize("profile", ["note", "player"])
def test_pages_of_other_origins_read_nothing_of_the_folder(
    qtbot: QtBot, window: MainWindow, notes: Path, profile: str
) -> None:
    """The YouTube frame lives in the player's profile: no page but the app's own may read the
    notes folder through the file scheme, and what is served carries nosniff and a CSP."""
    (notes / "pic.png").write_bytes(png(7, 5))
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    web_profile = window.note_profile if profile == "note" else window.player_profile
    own_origin = "viewer-file://notes/" if profile == "note" else f"{PLAYER_ORIGIN}/"
    page = QWebEnginePage(web_profile)
    world = QWebEngineScript.ScriptWorldId.ApplicationWorld

    def image_width(origin: str) -> int:
        with qtbot.waitSignal(page.loadFinished, timeout=10_000):
            page.setHtml('<img id="i" src="viewer-file://notes/pic.png">', QUrl(origin))
        script = "(() => { const i = document.getElementById('i');"
        script += " return i.complete ? i.naturalWidth : -1; })()"
        qtbot.waitUntil(lambda: evaluate(qtbot, page, script, world) != -1, timeout=5_000)
        return int(evaluate(qtbot, page, script, world))

    try:
        assert image_width(own_origin) == 7  # the control: the app's own page reads it
        assert image_width("https://www.youtube.com/") == 0
        assert image_width("https://evil.example/") == 0
    finally:
        shiboken6.delete(page)


# Chromium reports the script it refused to run: that line is what this test provokes.
@pytest.mark.qt_log_ignore(r"^Blocked script execution in 'viewer-file://notes/page.svg'")
def test_served_files_carry_nosniff_and_a_sandboxing_csp(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    (notes / "page.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="ran"</script></svg>',
        encoding="utf-8",
    )
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    page = QWebEnginePage(window.player_profile)
    try:
        with qtbot.waitSignal(page.loadFinished, timeout=10_000):
            page.load(QUrl("viewer-file://notes/page.svg"))
        # The player's profile runs script, yet the file's own script did not run.
        title = evaluate(
            qtbot, page, "document.title", QWebEngineScript.ScriptWorldId.ApplicationWorld
        )
        assert title == ""
    finally:
        shiboken6.delete(page)


def test_links_out_of_the_folder_are_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = make_escape_folder(tmp_path)
    escape = root / "sub" / "escape.md"
    escape.write_text(
        escape.read_text(encoding="utf-8")
        + '\n<div><a id="note-up" href="note:../outside.md">note up</a>'
        ' <a id="file-up" href="viewer-file://notes/..%2fsecret.txt">file up</a></div>\n',
        encoding="utf-8",
    )
    window.open_folder(root, "sub/escape.md")
    wait_for_note(qtbot, window, "Escape attempts")
    problems = page_state(qtbot, window)["problems"]
    for target in ("../outside", "/etc/passwd", "%2e%2e%2foutside", "link-out"):
        assert f"The link [[{target}]] matches no note in this folder." in problems
    decisions = record_decisions(window)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    click_element(qtbot, window.note_view, "a.wikilink.unresolved")
    qtbot.waitUntil(lambda: any("no note named “../outside”" in m for m in messages))
    click_element(qtbot, window.note_view, "#note-up")
    qtbot.waitUntil(
        lambda: any("'../outside.md' is not a note of this folder." in m for m in messages)
    )
    click_element(qtbot, window.note_view, "#file-up")
    qtbot.waitUntil(lambda: len(decisions) == 3)
    assert [decision for _url, decision in decisions] == [
        Decision.MISSING_NOTE,
        Decision.NOTE,
        Decision.REFUSED,
    ]
    assert window.current == "sub/escape.md"
    assert page_state(qtbot, window)["noteTitle"] == "Escape attempts"


def test_local_videos_outside_the_folder_are_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = make_escape_folder(tmp_path)
    window.open_folder(root, "welcome.md")
    for name in ESCAPING_VIDEOS:
        window.open_note(f"video-{name}.md")
        wait_for_note(qtbot, window, f"Video {name}")
        problems = page_state(qtbot, window)["problems"]
        assert refusal(name, tmp_path) in problems, (name, problems)
        assert window.player.source is None, name
    state = player_eval(qtbot, window, "document.body.dataset.state")
    assert state == "empty"


# --- 3. Bad files give a message, never a crash ---------------------------------------------------


def test_every_bad_file_is_shown_with_its_problems(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = make_bad_folder(tmp_path / "bad", BAD_FILES)
    window.open_folder(root, "good.md")
    wait_for_note(qtbot, window, "Good")
    assert window.folder is not None
    assert set(window.folder.problems) == FOLDER_PROBLEMS
    assert set(window.folder.entries) == {*BAD_FILES, "good.md", "folder.md/inner.md"}
    for name, (_data, title, problem) in BAD_FILES.items():
        window.open_note(name)
        wait_for_note(qtbot, window, title)
        state = page_state(qtbot, window)
        assert problem in state["problems"], (name, state["problems"])
        assert_inert(state)


BIG_NOTES = {
    **{name: (data, title) for name, (data, title, _problem) in BIG_FILES.items()},
    # Long but ordinary notes, under the app's own 1 MB cap, so nothing is cut: the real sample
    # note 203 times over (1 MB), and 700 KB of Japanese prose (percent-encoding triples it).
    "long.md": (
        lambda: (
            b"# Long\n\n"
            + (REPO / "tests/core/data/samples/model_architectures_in_ai.md")
            .read_bytes()
            .split(b"---\n", 2)[2]
            * 203
        ),
        "Long",
    ),
    "japanese.md": (
        lambda: ("# 長いノート\n\n" + "動画の内容についての長い説明です。" * 14_000).encode(),
        "長いノート",
    ),
}


@pytest.mark.parametrize("name", list(BIG_NOTES))
def test_a_big_note_is_shown_not_left_behind_the_previous_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, name: str
) -> None:
    root = tmp_path / "big"
    root.mkdir()
    (root / "small.md").write_text("# Small\n", encoding="utf-8")
    data, title = BIG_NOTES[name]
    (root / name).write_bytes(data())
    window.open_folder(root, "small.md")
    wait_for_note(qtbot, window, "Small")
    with qtbot.waitSignal(window.note_view.loadFinished, timeout=30_000) as loaded:
        window.open_note(name)
    assert window.current == name
    assert loaded.args == [True], "the note pane did not load the note"
    wait_for_note(qtbot, window, title)


def test_a_folder_with_a_malformed_video_url_still_opens(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "typo"
    root.mkdir()
    (root / "typo.md").write_text(
        '---\ntitle: Typo\nvideo: "https://yout[[be/Hs2nK9dLw-c"\n---\nBody\n', encoding="utf-8"
    )
    assert window.open_folder(root, "typo.md")
    wait_for_note(qtbot, window, "Typo")
    assert "video" in page_state(qtbot, window)["problems"]
    assert window.player.source is None


@pytest.mark.parametrize(
    "how",
    ["removed", "directory", "dangling link", "link loop"],
)
def test_a_note_that_goes_away_while_open_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, how: str
) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "other.md").write_text("# Other\n", encoding="utf-8")
    path = root / "going.md"
    path.write_text("# Going away\n\nStill here.\n", encoding="utf-8")
    window.open_folder(root, "going.md")
    wait_for_note(qtbot, window, "Going away")

    path.unlink()
    if how == "directory":
        path.mkdir()
    elif how == "dangling link":
        path.symlink_to(root / "nowhere.md")
    elif how == "link loop":
        path.symlink_to(path)
    if how == "directory":
        # Still a path of the folder: the file watcher reloads it, and it cannot be read.
        qtbot.waitUntil(lambda: "cannot be" in page_state(qtbot, window)["problems"], timeout=5_000)
        assert window.current == "going.md"
        window.reload()  # F5 reads the folder again: the note is no longer one of it
    # Gone (a file no more, a link to nothing): the folder is read again and the pane says so.
    qtbot.waitUntil(lambda: "no longer in the folder" in window.statusBar().currentMessage())
    gone = "document.querySelector('h1.note-title')?.textContent"
    qtbot.waitUntil(lambda: note_eval(qtbot, window, gone) == "This note is gone")
    assert window.folder is not None and "going.md" not in window.folder
    assert window.current is None
    window.open_note("other.md")
    wait_for_note(qtbot, window, "Other")


@pytest.mark.allow_log(r"is not a folder")
def test_the_folder_removed_while_open_says_so_on_reload(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "doomed"
    root.mkdir()
    (root / "note.md").write_text("# Doomed\n", encoding="utf-8")
    window.open_folder(root, "note.md")
    wait_for_note(qtbot, window, "Doomed")
    shutil.rmtree(root)
    window.reload()
    qtbot.waitUntil(lambda: "cannot be read" in window.statusBar().currentMessage())
    assert str(root) in window.statusBar().currentMessage()
    window.reload()  # again: still a message, not a crash
    window.go_back()
    window.commands.zoom(+1)


def test_f5_reloads_the_note(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    with qtbot.waitSignal(window.noteShown, timeout=2_000):
        QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_F5)


def test_a_symlink_loop_in_the_folder_is_reported_not_raised(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "loops"
    root.mkdir()
    (root / "loop.png").symlink_to("loop.png")
    (root / "loop.webm").symlink_to("loop.webm")
    (root / "image.md").write_text("# Loop image\n\n![loop](loop.png)\n", encoding="utf-8")
    (root / "video.md").write_text(
        "---\ntitle: Loop video\nvideo: loop.webm\n---\nBody\n", encoding="utf-8"
    )
    assert window.open_folder(root, "image.md")
    wait_for_note(qtbot, window, "Loop image")
    qtbot.waitUntil(lambda: all(c for _s, c, _w in page_state(qtbot, window)["images"]))
    window.open_note("video.md")
    wait_for_note(qtbot, window, "Loop video")
    assert "loop" in page_state(qtbot, window)["problems"]


# --- 4. The notes folder is written only when the reader asks -------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry below ``folder``: kind, size, modification time and contents' hash."""
    found: dict[str, tuple[Any, ...]] = {}
    for directory, names, files in os.walk(folder):
        for name in [".", *names, *files]:
            path = Path(directory, name)
            info = path.lstat()
            key = path.relative_to(folder).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[key] = ("dir", info.st_mtime_ns, info.st_mode)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[key] = ("file", info.st_size, info.st_mtime_ns, info.st_mode, digest)
    return found


def test_a_whole_session_writes_nothing_into_the_notes_folder_that_was_not_asked_for(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path, settings_dir: Path
) -> None:
    before = snapshot(notes)
    window = make_window()
    window.open_folder(notes, "test_pattern_seeking.md")
    wait_for_note(qtbot, window, "Test pattern: seeking a local video")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:12']")
    # A note typed at this moment, then cancelled (Esc): nothing is written.
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_N)
    qtbot.waitUntil(window.capture_box.editor.hasFocus)
    QTest.keyClicks(window.capture_box.editor, "not to be written")
    QTest.keyClick(window.capture_box.editor, Qt.Key.Key_Escape)
    assert not window.capture_box.isVisible()
    click_element(qtbot, window.note_view, "a.wikilink[href='note:welcome.md']")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    keys = window.note_view.focusProxy()
    QTest.keyClick(keys, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_for_note(qtbot, window, "Test pattern: seeking a local video")
    QTest.keyClick(keys, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    wait_for_note(qtbot, window, "Welcome to Viewer")
    with qtbot.waitSignal(window.noteShown, timeout=10_000):
        window.reload()  # F5 (the key is broken: see test_f5_reloads_the_note)
    QTest.keyClick(keys, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.note_view.zoomFactor() == 1.1)
    QTest.keyClick(keys, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    window.commands.zoom(+1)
    window.open_note("sourdough_fermentation.md")
    wait_for_note(qtbot, window, "The Science of Sourdough Fermentation")
    window.display.rerender()
    window.close()

    # Closing ends with the settings written: whatever the session writes is written by then.
    stays(
        qtbot,
        lambda: snapshot(notes) == before,
        after=lambda: QSettings().value("session/note") == "sourdough_fermentation.md",
    )
    # What the app remembers went to the user's settings, outside the notes folder.
    settings = Path(QSettings().fileName())
    assert settings.is_file() and settings_dir in settings.parents
    assert QSettings().value("session/note") == "sourdough_fermentation.md"
    assert notes not in settings.parents


JUNK: dict[str, bytes] = {
    "random bytes": random.Random(1).randbytes(8192),
    "damaged values": (
        b"[window]\ngeometry=@ByteArray(\x00\x01\xff garbage)\n"
        b"state=@Variant(\x00\x00\x00\x7f\x00\x00\x00\x05junk)\nsplitter=@Variant(\xff\xff)\n"
        b"[note]\nzoom=nan\n[session]\nfolder=\x00/etc\nnote=../../etc/passwd\n"
        b"recent=@Variant(\x00\x00\x00\x09\x00\x00\x00\x02)\n"
    ),
    "unreadable format": b"[[[[[\n=\n\\\n[note\nzoom",
}


@pytest.mark.allow_log(r"^settings file .* is damaged")
# A settings value of an unknown type: Qt says so, then the app reads the default.
@pytest.mark.qt_log_ignore(r"^QVariant::load: unknown user type")
@pytest.mark.parametrize("junk", list(JUNK))
def test_a_corrupted_settings_file_is_not_fatal(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path, junk: str
) -> None:
    settings = Path(QSettings().fileName())
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(JUNK[junk])
    window = make_window()
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    window.commands.zoom(+1)
    zoom = window.note_view.zoomFactor()
    window.close()

    store = QSettings()
    assert store.status() == QSettings.Status.NoError
    assert float(store.value("note/zoom")) == pytest.approx(zoom)  # type: ignore[arg-type]
    assert store.value("session/note") == "welcome.md"
    if junk == "unreadable format":  # set aside, not lost
        assert settings.with_suffix(".conf.damaged").read_bytes() == JUNK[junk]
