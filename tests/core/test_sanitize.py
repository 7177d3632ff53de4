"""Nothing from a note can run: known XSS vectors through the sanitizer and the renderer.

Outputs are parsed back with :mod:`html.parser` and checked structurally (no dangerous
element, no ``on*`` attribute, no dangerous URL scheme), not by looking for substrings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.html_checks import dangers, parse_html, url_scheme
from viewer.core.links import LinkResolver, NoteNames
from viewer.core.note import parse_note
from viewer.core.render import NoteRenderer
from viewer.core.sanitize import sanitize

VECTORS = [
    # script
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<script type="module">import "//evil.example/x.js"</script>',
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<img src=`x`onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<video src=x onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<div onmouseover="alert(1)">x</div>',
    '<a href="https://example.com" onclick="alert(1)">x</a>',
    '<p ONCLICK="alert(1)">x</p>',
    # javascript:, data:, vbscript:, file: URLs
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&#58;alert(1)">x</a>',
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="\njavascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<img src="javascript:alert(1)">',
    # svg and math
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<math href="javascript:alert(1)">click</math>',
    # frames, objects, forms
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object>',
    '<object type="text/x-scriptlet" data="http://evil.example/x"></object>',
    '<embed src="x.swf">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<form><button formaction="javascript:alert(1)">go</button></form>',
    "<isindex action=javascript:alert(1) type=image>",
    # head elements
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    # styles
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<style>@import "//evil.example/x.css";</style>',
    '<div style="width:expression(alert(1))">x</div>',
    '<td style="background:url(javascript:alert(1))">x</td>',
    '<table><tr><td style="background-image:url(https://evil.example/t.png)">x</td></tr></table>',
    # mutation XSS
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<template><script>alert(1)</script></template>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<a href="x" title="</a><img src=x onerror=alert(1)>">x</a>',
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
]


def test_there_are_many_vectors() -> None:
    assert len(VECTORS) >= 25


@pytest.mark.parametrize(
    "html",
    [
        "<script>x</script>", "<iframe></iframe>", "<object></object>", "<embed>", "<form>",
        "<meta>", "<base>", "<style></style>", "<svg>", "<p onclick=x>", "<img ONERROR=x>",
        '<a href="javascript:x">', '<a href=" \tJava&#x0A;Script:x">', '<img src="data:x">',
        '<a href="VBScript:x">', '<a href="file:///x">', '<p style="background:url(x)">',
    ],
)  # fmt: skip
def test_the_checker_sees_each_kind_of_danger(html: str) -> None:
    # Proof that "dangers(...) == []" below is a real check, not an empty one.
    assert dangers(html)


def test_the_checker_passes_harmless_html() -> None:
    harmless = '<p title="onclick">on<a href="note:x" class="timestamp">javascript:</a></p>'
    assert dangers(harmless) == []


@pytest.mark.parametrize("vector", VECTORS)
def test_the_sanitizer_defuses_every_vector(vector: str) -> None:
    assert dangers(sanitize(vector)) == []


@pytest.mark.parametrize("vector", VECTORS)
def test_the_renderer_defuses_every_vector_in_a_note_body(vector: str) -> None:
    html = render(f"Text before.\n\n{vector}\n\ninline {vector} too\n\n> {vector}\n")
    assert dangers(html) == []


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("javascript:x", "javascript"), (" \tJava\nScript:x", "javascript"),
     ("\x01data:x", "data"), ("https://e", "https"), ("relative/path", ""), ("a b:c", "ab")],
)  # fmt: skip
def test_url_scheme_reads_like_a_browser(url: str, scheme: str) -> None:
    assert url_scheme(url) == scheme


# --- injection through the note's own fields ----------------------------------------------------

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(1)>"


def render(text: str, resolve_names: list[NoteNames] | None = None) -> str:
    note = parse_note(text, Path("/notes/n.md"), Path("/notes"))
    resolver = LinkResolver(resolve_names or [NoteNames("real.md", "Real")])
    return NoteRenderer().render(note, "n.md", resolver.resolve).html


@pytest.mark.parametrize(
    "yaml",
    [
        f"title: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'",
        f"speaker: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'",
        f"'{PAYLOAD.replace(chr(39), chr(39) * 2)}': key",
        f"tags: ['{PAYLOAD.replace(chr(39), chr(39) * 2)}', b]",
        f"videoId: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'",
        f"video: 'javascript:{PAYLOAD.replace(chr(39), chr(39) * 2)}'",
        f"aliases: ['{PAYLOAD.replace(chr(39), chr(39) * 2)}']",
    ],
)
def test_front_matter_values_are_text(yaml: str) -> None:
    html = render(f"---\n{yaml}\n---\nBody\n")
    assert dangers(html) == []
    parsed = parse_html(html)
    assert parsed.find("img") == []
    shown = " ".join(element.text for element in parsed.elements)
    if "aliases" not in yaml:
        assert "<script>alert(1)</script>" in shown  # shown as text, not dropped silently


def test_an_invalid_video_id_never_reaches_a_url() -> None:
    html = render("---\nvideoId: \"x'); alert(1); ('\"\n---\n[x](https://youtu.be/abcdefghijk)")
    for element in parse_html(html).elements:
        for name in ("href", "src"):
            assert "alert" not in element.attrs.get(name, "")


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        # A target no note has is a link to a missing note; one that names "real" opens it.
        (f"[[{PAYLOAD}]]", "missing-note"),
        (f"[[real|{PAYLOAD}]]", "note"),
        (f"[[real#{PAYLOAD}]]", "note"),
        (f"![[{PAYLOAD}]]", "missing-note"),
        ("[[javascript:alert(1)]]", "missing-note"),
        ("[[real|javascript:alert(1)]]", "note"),
        ('[[x" onmouseover="alert(1)]]', "missing-note"),
        ("[[real|&lt;img src=x onerror=alert(1)&gt;]]", "note"),
    ],
)
def test_wiki_link_targets_and_text_are_text(text: str, scheme: str) -> None:
    html = render(text)
    assert dangers(html) == []
    links = parse_html(html).find("a")
    assert [url_scheme(link.attrs.get("href", "")) for link in links] == [scheme]


@pytest.mark.parametrize(
    ("text", "href"),
    [
        # A data-t that is not a time seeks nowhere; a time seeks there, whatever else the
        # anchor carries (the note has a video, so a good timestamp is a link).
        ('<a class="yt-timestamp" data-t="&quot; onclick=&quot;alert(1)">[x]</a>', None),
        ('<a class="yt-timestamp" data-t=\'"><script>alert(1)</script>\'>[02:43:00]</a>', None),
        ('<a class="yt-timestamp" data-t="02:43:00" onclick="alert(1)">[02:43:00]</a>', "seek:163"),
        (
            '<a class="yt-timestamp" data-t="02:43:00" href="javascript:alert(1)">[x]</a>',
            "seek:163",
        ),
        ('<a class="yt-timestamp" data-t="javascript:alert(1)">[javascript:alert(1)]</a>', None),
        (
            '<a class="yt-timestamp" data-t="02:43:00">[&lt;img src=x onerror=alert(1)&gt;]</a>',
            "seek:163",
        ),
        ('<a class="yt-timestamp" data-t="&lt;img src=x onerror=alert(1)&gt;">[x]</a>', None),
        ('<a class="yt-timestamp" data-t="<img src=x onerror=alert(1)>">[x]</a>', None),
        ('<a class="yt-timestamp" data-t=02:43:00 onmouseover=alert(1)>[x]</a>', "seek:163"),
        # No data-t: the label is the time.
        ('<a href="javascript:alert(1)" class="yt-timestamp">[02:43]</a>', "seek:163"),
    ],
)
def test_timestamp_attributes_are_text(text: str, href: str | None) -> None:
    html = render(f"---\nvideoId: abcdefghijk\n---\n{text}")
    assert dangers(html) == []
    parsed = parse_html(html)
    assert parsed.find("img") == []
    links = parsed.find("a")
    assert [link.attrs.get("href") for link in links] == [href]
    for link in links:
        assert set(link.attrs) <= {"class", "href", "title", "rel", "aria-label"}
        # The name a screen reader says is the app's own, never the note's text.
        assert link.attrs.get("aria-label", "Play from 0:00").startswith("Play from ")


# --- the allowlist ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ('<a class="timestamp" href="seek:163">2:43</a>',
         '<a class="timestamp" href="seek:163" rel="noopener noreferrer">2:43</a>'),
        ('<a class="wikilink unresolved" href="missing-note:x">x</a>',
         '<a class="wikilink unresolved" href="missing-note:x" rel="noopener noreferrer">x</a>'),
        ('<a href="note:a.md#h">x</a>', '<a href="note:a.md#h" rel="noopener noreferrer">x</a>'),
        ('<img src="viewer-file://notes/a.png" alt="a">',
         '<img src="viewer-file://notes/a.png" alt="a">'),
        ('<a class="evil timestamp">x</a>', '<a class="timestamp" rel="noopener noreferrer">x</a>'),
        ('<p class="x" id="keep">t</p>', '<p id="keep">t</p>'),
        ("<unknown>text kept</unknown>", "text kept"),
        ("<script>gone</script>after", "after"),
        ("<style>p{}</style>after", "after"),
        ("<!-- a comment -->after", "after"),
        ('<td style="text-align: center; color: red">x</td>', "x"),
        ('<table><tr><td style="text-align: center; color: red">x</td></tr></table>',
         '<table><tbody><tr><td style="text-align:center">x</td></tr></tbody></table>'),
        ('<a href="https://e.com" rel="opener" target="_blank">x</a>',
         '<a href="https://e.com" rel="noopener noreferrer">x</a>'),
        ('<p style="position:fixed">x</p>', "<p>x</p>"),
    ],
)  # fmt: skip
def test_the_allowlist_keeps_what_the_app_renders_and_drops_the_rest(html: str, clean: str) -> None:
    assert sanitize(html) == clean


@pytest.mark.parametrize("scheme", ["http", "https", "mailto", "note", "missing-note",
                                    "viewer-file"])  # fmt: skip
def test_the_apps_own_schemes_pass(scheme: str) -> None:
    assert parse_html(sanitize(f'<a href="{scheme}:x">x</a>')).find("a")[0].attrs["href"] == (
        f"{scheme}:x"
    )


@pytest.mark.parametrize("scheme", ["javascript", "data", "vbscript", "file", "ftp", "blob",
                                    "filesystem", "chrome", "qrc", "about"])  # fmt: skip
def test_other_schemes_are_dropped(scheme: str) -> None:
    (link,) = parse_html(sanitize(f'<a href="{scheme}:x">x</a>')).find("a")
    assert "href" not in link.attrs


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ('<img src="https://tracker.example/pixel.gif">', None),
        ('<img src="//tracker.example/pixel.gif">', None),
        ('<img src="http://192.168.0.1/x.png">', None),
        ('<img src="viewer-file://notes/media/chart.png">', "viewer-file://notes/media/chart.png"),
        ('<img src="chart.png">', "chart.png"),
    ],
)
def test_raw_html_images_never_load_from_the_network(html: str, kept: str | None) -> None:
    # The page's CSP would block these too; the allowlist does not rely on it.
    out = sanitize(html)
    if kept is None:
        assert "src=" not in out
    else:
        assert f'src="{kept}"' in out


@pytest.mark.parametrize(
    ("href", "kept"),
    [("seek:163", True), ("seek:12.5", True), ("seek:nan", False), ("seek:1e400", False),
     ("seek:-5", False), ("seek:abc", False), ("SEEK:inf", False)],
)  # fmt: skip
def test_seek_links_survive_only_with_a_plain_time(href: str, kept: bool) -> None:
    link = parse_html(sanitize(f'<a href="{href}"><b>x</b></a>')).find("a")[0]
    assert ("href" in link.attrs) is kept
