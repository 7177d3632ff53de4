"""Rendering notes: Markdown, timestamps that seek, wiki links, link and image policy."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.core.conftest import SAMPLE_NOTE, messages
from tests.core.html_checks import dangers, parse_html
from viewer.core.applinks import seek_href, slug
from viewer.core.links import LinkResolver, NoteNames
from viewer.core.markdown_guards import MAX_NESTING
from viewer.core.note import load_note, parse_note
from viewer.core.note_page import CONTENT_SECURITY_POLICY, note_document
from viewer.core.problems import Kind
from viewer.core.render import NoteRenderer, Rendered, RenderedLink, RenderedTimestamp

ID = "7-3IxVvWoxc"
ROOT = Path("/notes")
FOLDER = LinkResolver(
    [
        NoteNames("redpointai.md", "Redpoint AI"),
        NoteNames("people/Jonathan Frankle.md", "Jonathan Frankle", ("JF",)),
        NoteNames("other_note.md", "Other note"),
        NoteNames("sub/sibling.md", "Sibling"),
    ]
)


def render(
    renderer: NoteRenderer,
    text: str,
    path: str = "note.md",
    duration: float | None = None,
) -> Rendered:
    note = parse_note(text, ROOT / path, ROOT)
    return renderer.render(note, path, FOLDER.resolve, duration)


#: Front matter that gives a note a video: timestamps seek only in a note with one.
WITH_VIDEO = "---\nvideoId: 7-3IxVvWoxc\n---\n"


def body_of(rendered: Rendered) -> str:
    """The HTML of the note's body, without its header."""
    return rendered.html.split("</header>", 1)[1].removesuffix("</article>")


def anchor(data_t: str, label: str | None = None) -> str:
    return f'<a class="yt-timestamp" data-t="{data_t}">[{label or data_t}]</a>'


# --- the article ------------------------------------------------------------------------------


def test_the_article_has_title_properties_and_problems_in_its_header(
    renderer: NoteRenderer,
) -> None:
    rendered = render(renderer, "---\ntitle: T & U\nspeaker: Jo\nvideoId: nope\n---\nText\n")
    assert rendered.html == (
        '<article class="note"><header><h1 class="note-title">T &amp; U</h1>'
        '<dl class="properties"><dt>speaker</dt><dd>Jo</dd></dl>'
        "<div class=\"problems\"><p>videoId 'nope' is not a YouTube video id "
        "(11 letters, digits, '-' or '_'); no video is shown.</p></div>"
        '</header><p data-passage="0">Text</p></article>'
    )


def test_a_note_without_properties_or_problems_has_just_a_title(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "Text")
    assert rendered.html == (
        '<article class="note"><header><h1 class="note-title">Note</h1></header>'
        '<p data-passage="0">Text</p></article>'
    )
    assert messages(rendered.problems) == []


# --- Markdown -------------------------------------------------------------------------------


def test_tables_render_with_alignment(renderer: NoteRenderer) -> None:
    html = body_of(render(renderer, "| a | b |\n|:--|--:|\n| 1 | 2 |\n"))
    parsed = parse_html(html)
    assert [cell.text for cell in parsed.find("th")] == ["a", "b"]
    assert [cell.attrs.get("style") for cell in parsed.find("td")] == [
        "text-align:left",
        "text-align:right",
    ]


def test_fenced_code_keeps_its_text_and_its_markup_inert(renderer: NoteRenderer) -> None:
    text = "```python\nprint('[[not a link]]') # <b>x</b>\n" + anchor("02:43:00") + "\n```\n"
    parsed = parse_html(body_of(render(renderer, text)))
    (code,) = parsed.find("code")
    assert "print('[[not a link]]') # <b>x</b>" in code.text
    assert '<a class="yt-timestamp"' in code.text
    assert parsed.find("a") == []
    assert parsed.find("b") == []


def test_footnotes_link_both_ways(renderer: NoteRenderer) -> None:
    parsed = parse_html(body_of(render(renderer, "Claim[^1].\n\n[^1]: Source.\n")))
    assert parsed.find("a", class_="footnote-ref", href="#fn:1")
    assert parsed.find("a", class_="footnote-backref", href="#fnref:1")
    assert parsed.find("li", id="fn:1")
    assert parsed.find("div", class_="footnote")


def test_sane_lists_do_not_mix_ordered_and_unordered(renderer: NoteRenderer) -> None:
    html = body_of(render(renderer, "1. one\n2. two\n\n* three\n\n3. four\n4. five\n"))
    assert html == (
        '<ol>\n<li data-passage="0">one</li>\n<li data-passage="1">two</li>\n</ol>\n'
        '<ul>\n<li data-passage="2">three</li>\n</ul>\n'
        '<ol start="3">\n<li data-passage="3">four</li>\n<li data-passage="4">five</li>\n</ol>'
    )


def test_headings_get_ids(renderer: NoteRenderer) -> None:
    parsed = parse_html(body_of(render(renderer, "## The Dominance of Transformers\n\n# Two\n")))
    assert parsed.find("h2", id="the-dominance-of-transformers")
    assert parsed.find("h1", id="two")
    assert slug("The Dominance of Transformers") == "the-dominance-of-transformers"


def test_block_quotes_and_raw_breaks(renderer: NoteRenderer) -> None:
    html = body_of(render(renderer, "> quoted <br/> line\n"))
    assert '<blockquote data-passage="0">' in html
    assert "<br>" in html


# --- timestamps -------------------------------------------------------------------------------


def test_a_timestamp_becomes_a_seek_link(renderer: NoteRenderer) -> None:
    html = body_of(render(renderer, f"{WITH_VIDEO}At {anchor('02:43:00')}."))
    assert html == (
        '<p data-passage="0">At <a aria-label="Play from 2:43" class="timestamp" '
        'href="seek:163" title="Play from 2:43 (written as [02:43:00])" '
        'rel="noopener noreferrer">2:43</a>.</p>'
    )


def test_a_wrong_label_shows_the_resolved_time_with_the_original_in_the_title(
    renderer: NoteRenderer,
) -> None:
    parsed = parse_html(body_of(render(renderer, WITH_VIDEO + anchor("06:10:00", "06:10:10"))))
    (link,) = parsed.find("a")
    assert link.text == "6:10"
    assert link.attrs["href"] == "seek:370"
    assert link.attrs["title"] == "Play from 6:10 (written as [06:10:10], data-t 06:10:00)"


@pytest.mark.parametrize(
    ("stamps", "seconds"),
    [
        (["02:43:00", "42:13:00", "01:00:00"], [163, 2533, 60]),
        (["00:00:33", "00:45:00", "01:00:00"], [33, 2700, 3600]),  # true hours (rule 2)
        (["00:05", "1:02:03", "16", "12.5", "1h2m3s"], [5, 3723, 16, 12.5, 3723]),
    ],
)
def test_timestamps_resolve_by_the_notes_convention(
    renderer: NoteRenderer, stamps: list[str], seconds: list[float]
) -> None:
    rendered = render(renderer, WITH_VIDEO + " ".join(anchor(stamp) for stamp in stamps))
    hrefs = [link.attrs["href"] for link in parse_html(body_of(rendered)).find("a")]
    assert hrefs == [seek_href(value) for value in seconds]
    assert rendered.timestamps == [
        RenderedTimestamp(stamp, value) for stamp, value in zip(stamps, seconds, strict=True)
    ]


def test_the_duration_lets_an_impossible_reading_give_way(renderer: NoteRenderer) -> None:
    text = WITH_VIDEO + anchor("00:00:33") + " " + anchor("00:45:00")
    assert [t.seconds for t in render(renderer, text).timestamps] == [33, 2700]
    rendered = render(renderer, text, duration=600)
    assert [t.seconds for t in rendered.timestamps] == [33, 45]
    assert 'href="seek:45"' in rendered.html


def test_a_timestamp_that_is_not_a_time_is_shown_without_a_link(renderer: NoteRenderer) -> None:
    rendered = render(renderer, anchor("soon", "later"))
    (link,) = parse_html(rendered.html).find("a")
    assert "href" not in link.attrs
    assert link.text == "later"
    assert link.attrs["title"] == "“soon” is not a time this app understands"
    assert rendered.timestamps == []


@pytest.mark.parametrize(
    ("seconds", "href"),
    [(163, "seek:163"), (163.5, "seek:163.5"), (12345.67, "seek:12345.67"),
     (604800, "seek:604800"), (0.25, "seek:0.25"), (3723.125, "seek:3723.125")],
)  # fmt: skip
def test_seek_hrefs_keep_the_exact_time(seconds: float, href: str) -> None:
    assert seek_href(seconds) == href


def test_a_fractional_timestamp_past_10000_seconds_seeks_exactly(renderer: NoteRenderer) -> None:
    assert 'href="seek:12345.67"' in render(renderer, WITH_VIDEO + anchor("03:25:45.67")).html


def test_escaped_text_in_a_link_label_stays_text(renderer: NoteRenderer) -> None:
    text = (
        '<a href="https://e.com">&lt;img src=x onerror=alert(1)&gt; &amp;lt;</a> '
        '<a class="yt-timestamp" data-t="zz">&lt;b&gt;bold?&lt;/b&gt;</a>'
    )
    parsed = parse_html(body_of(render(renderer, text)))
    assert parsed.find("img") == []
    assert parsed.find("b") == []
    first, second = parsed.find("a")
    assert first.text == "<img src=x onerror=alert(1)> &lt;"
    assert second.text == "<b>bold?</b>"


# --- own video ----------------------------------------------------------------------------------


def test_a_youtube_link_to_the_notes_own_video_seeks_in_place(renderer: NoteRenderer) -> None:
    text = (
        f"---\nvideoId: {ID}\n---\n"
        f"[at 2:43](https://www.youtube.com/watch?v={ID}&t=2m43s) "
        f"[start](https://youtu.be/{ID}) "
        f'<a href="https://youtu.be/{ID}?t=163">raw</a> '
        f"[other](https://youtu.be/dQw4w9WgXcQ?t=163)"
    )
    rendered = render(renderer, text)
    links = parse_html(body_of(rendered)).find("a")
    assert [(a.attrs.get("class"), a.attrs.get("href")) for a in links] == [
        ("video-link", "seek:163"),
        ("video-link", "seek:0"),
        ("video-link", "seek:163"),
        ("external", "https://youtu.be/dQw4w9WgXcQ?t=163"),
    ]
    assert [(t.label, t.seconds) for t in rendered.timestamps] == [("163", 163), ("163", 163)]


def test_without_a_youtube_video_youtube_links_stay_external(renderer: NoteRenderer) -> None:
    rendered = render(renderer, f"[x](https://youtu.be/{ID}?t=5)")
    (link,) = parse_html(rendered.html).find("a")
    assert (link.attrs["class"], link.attrs["href"]) == ("external", f"https://youtu.be/{ID}?t=5")


# --- wiki links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "css", "href", "shown"),
    [
        ("[[redpointai]]", "wikilink", "note:redpointai.md", "redpointai"),
        ("[[Redpoint AI|the podcast]]", "wikilink", "note:redpointai.md", "the podcast"),
        ("[[redpointai | the podcast]]", "wikilink", "note:redpointai.md", "the podcast"),
        ("[[people/Jonathan Frankle]]", "wikilink", "note:people/Jonathan%20Frankle.md",
         "people/Jonathan Frankle"),
        ("[[JF#Early Work]]", "wikilink", "note:people/Jonathan%20Frankle.md#early-work",
         "JF › Early Work"),
        ("[[JF#Early Work|early]]", "wikilink", "note:people/Jonathan%20Frankle.md#early-work",
         "early"),
        ("![[redpointai]]", "wikilink embed", "note:redpointai.md", "redpointai"),
        ("[[#Local heading]]", "wikilink", "note:note.md#local-heading", "Local heading"),
        ("[[missing note]]", "wikilink unresolved", "missing-note:missing%20note",
         "missing note"),
        ("[[../redpointai]]", "wikilink unresolved", "missing-note:../redpointai",
         "../redpointai"),
    ],
)  # fmt: skip
def test_wiki_links_become_note_links(
    renderer: NoteRenderer, text: str, css: str, href: str, shown: str
) -> None:
    (link,) = parse_html(body_of(render(renderer, text))).find("a")
    assert (link.attrs["class"], link.attrs["href"], link.text) == (css, href, shown)


def test_unresolved_links_are_reported_once_each_and_listed(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "[[nowhere]] [[redpointai]] [[nowhere|again]] [[elsewhere]]")
    assert rendered.links == [
        RenderedLink("nowhere", None),
        RenderedLink("redpointai", "redpointai.md"),
        RenderedLink("nowhere", None),
        RenderedLink("elsewhere", None),
    ]
    assert messages(rendered.problems) == [
        "The link [[nowhere]] matches no note in this folder.",
        "The link [[elsewhere]] matches no note in this folder.",
    ]
    (unresolved, *_) = parse_html(rendered.html).with_class("a", "unresolved")
    assert unresolved.attrs["title"] == "No note named “nowhere” in this folder"


def test_a_wiki_link_in_a_table_uses_an_escaped_bar(renderer: NoteRenderer) -> None:
    text = "| who | link |\n|---|---|\n| JF | [[people/Jonathan Frankle\\|Jonathan]] |\n"
    rendered = render(renderer, text)
    (link,) = parse_html(body_of(rendered)).find("a")
    assert link.attrs["href"] == "note:people/Jonathan%20Frankle.md"
    assert link.text == "Jonathan"
    assert rendered.links == [RenderedLink("people/Jonathan Frankle", "people/Jonathan Frankle.md")]
    assert messages(rendered.problems) == []


def test_wiki_links_in_code_are_text(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "`[[redpointai]]`")
    assert parse_html(rendered.html).find("a") == []
    assert rendered.links == []


# --- Markdown links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "css", "href"),
    [
        ("[x](https://example.com/a?b=1)", "external", "https://example.com/a?b=1"),
        ("[x](HTTP://EXAMPLE.COM)", "external", "HTTP://EXAMPLE.COM"),
        ("<https://example.com>", "external", "https://example.com"),
        ("[x](mailto:someone@example.com)", "external", "mailto:someone@example.com"),
        ('<a href="https://example.com" onclick="x()">raw</a>', "external", "https://example.com"),
        ("[x](other_note.md)", "wikilink", "note:other_note.md"),
        ("[x](other_note.md#Part)", "wikilink", "note:other_note.md#part"),
        # The fragment names a heading by its text: it points at the heading's id.
        ("[x](other_note.md#Some%20Heading)", "wikilink", "note:other_note.md#some-heading"),
        ("[x](other%20note.md)", "wikilink", "note:other_note.md"),
        ("[x](sibling.md)", "wikilink", "note:sub/sibling.md"),  # relative to this note
        ("[x](../redpointai.md)", "wikilink", "note:redpointai.md"),
        ("[x](other\\_note.md)", "wikilink", "note:other_note.md"),  # a Markdown escape
        ("[x](#local)", None, "#local"),
    ],
)
def test_markdown_links_are_classified(
    renderer: NoteRenderer, text: str, css: str | None, href: str
) -> None:
    (link,) = parse_html(body_of(render(renderer, text, path="sub/note.md"))).find("a")
    assert (link.attrs.get("class"), link.attrs.get("href")) == (css, href)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[x](javascript:alert(1))", "x"),
        ("[x](JAVASCRIPT:alert(1))", "x"),
        ("[x](data:text/html,hi)", "x"),
        ("[x](file:///etc/passwd)", "x"),
        ("[x](//evil.example/path)", "x"),
        ("[x](ftp://example.com)", "x"),
        ("[x](missing.md)", "x"),
        ("[x](../../outside.md)", "x"),
        ("[x](C:\\secret.md)", "x"),
        ('<a href="vbscript:x">raw</a>', "raw"),
    ],
)
def test_links_that_may_go_nowhere_lose_their_href(
    renderer: NoteRenderer, text: str, shown: str
) -> None:
    (link,) = parse_html(body_of(render(renderer, text, path="sub/note.md"))).find("a")
    assert "href" not in link.attrs
    assert link.text == shown


# --- images -----------------------------------------------------------------------------------


def test_remote_images_are_not_loaded_but_linked(renderer: NoteRenderer) -> None:
    parsed = parse_html(body_of(render(renderer, "![a chart](https://example.com/chart.png)")))
    assert parsed.find("img") == []
    (link,) = parsed.find("a")
    assert link.attrs == {
        "class": "external image-link",
        "href": "https://example.com/chart.png",
        "rel": "noopener noreferrer",
    }
    assert link.text == "🖼 a chart"


@pytest.mark.parametrize(
    "src", ["data:image/png;base64,AAAA", "//evil.example/x.png", "ftp://example.com/x.png"]
)
def test_other_remote_images_become_links_to_nowhere(renderer: NoteRenderer, src: str) -> None:
    parsed = parse_html(body_of(render(renderer, f"![pic]({src})")))
    assert parsed.find("img") == []
    (link,) = parsed.find("a")
    assert "href" not in link.attrs
    assert link.text == "🖼 pic"


@pytest.mark.parametrize(
    ("src", "url"),
    [
        ("pics/chart.png", "viewer-file://notes/sub/pics/chart.png"),
        ("./chart one.png", "viewer-file://notes/sub/chart%20one.png"),
        ("chart%20one.png", "viewer-file://notes/sub/chart%20one.png"),
        ("../top.png", "viewer-file://notes/top.png"),
        ("my\\_chart.png", "viewer-file://notes/sub/my_chart.png"),  # a Markdown escape
    ],
)
def test_relative_images_are_served_from_the_folder(
    renderer: NoteRenderer, src: str, url: str
) -> None:
    parsed = parse_html(body_of(render(renderer, f"![chart]({src})", path="sub/note.md")))
    (image,) = parsed.find("img")
    assert image.attrs == {"alt": "chart", "src": url}


@pytest.mark.parametrize(
    "src", ["../../outside.png", "%2e%2e/%2e%2e/outside.png", "/etc/passwd", "..%5C..%5Cx.png"]
)
def test_images_outside_the_folder_are_refused(renderer: NoteRenderer, src: str) -> None:
    parsed = parse_html(body_of(render(renderer, f"![secret]({src}) after", path="sub/note.md")))
    assert parsed.find("img") == []
    (refused,) = parsed.find("span", class_="refused")
    assert refused.text == "[image outside the notes folder: secret]"
    assert body_of(render(renderer, f"![secret]({src}) after", path="sub/note.md")).endswith(
        "</span> after</p>"
    )


def test_the_page_loads_images_only_from_the_folder_and_runs_no_script() -> None:
    document = note_document("<p>x</p>", "p { color: red }", "dark")
    assert f'content="{CONTENT_SECURITY_POLICY}"' in document
    policy = dict(
        part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";") if part.strip()
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'none'"
    assert "http" not in policy["img-src"]
    assert policy["img-src"].split() == ["viewer-file:", "data:"]
    assert '<html data-theme="dark">' in document
    assert document.endswith("<body><p>x</p></body></html>")


# --- robustness ---------------------------------------------------------------------------------


def test_a_note_too_deeply_nested_is_shown_as_text(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "* " * 3000 + "deep <b>")
    assert "The note is nested too deeply to lay out; it is shown as plain text." in messages(
        rendered.problems
    )
    assert "<pre>* * *" in rendered.html
    assert "deep &lt;b&gt;</pre>" in rendered.html


@pytest.mark.parametrize(
    "body",
    [
        "- " * MAX_NESTING + "deep",
        "1. " * MAX_NESTING + "deep",
        "> " * MAX_NESTING + "deep",
        "".join("    " * level + "- item\n" for level in range(MAX_NESTING + 1)),
    ],
    ids=["bullets", "numbers", "quotes", "indentation"],
)
def test_a_note_nested_past_the_limit_is_shown_as_text_whatever_the_parser_does(
    renderer: NoteRenderer, body: str
) -> None:
    """Not left to python-markdown's recursion: 3.11.4 lays such a list out, and the page then
    cannot (the note pane stopped answering)."""
    rendered = render(renderer, body)
    assert "The note is nested too deeply to lay out; it is shown as plain text." in messages(
        rendered.problems
    )
    assert "<pre>" in rendered.html


@pytest.mark.parametrize("rule", ["-" * 200, "*" * 200, "- " * 3 + "-" * 200])
def test_a_long_rule_is_no_nesting(renderer: NoteRenderer, rule: str) -> None:
    rendered = render(renderer, f"Above\n\n{rule}\n\nBelow")
    assert not messages(rendered.problems)
    assert "<hr" in rendered.html


def test_a_note_nested_just_within_the_limit_is_laid_out(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "- " * (MAX_NESTING - 1) + "deep")
    assert not messages(rendered.problems)
    assert rendered.html.count("<ul>") == MAX_NESTING - 1


def test_the_renderer_works_normally_after_a_note_too_deeply_nested(
    renderer: NoteRenderer,
) -> None:
    render(renderer, "* " * 3000 + "deep")
    assert body_of(render(renderer, "Just *text*.")) == (
        '<p data-passage="0">Just <em>text</em>.</p>'
    )
    assert body_of(render(renderer, "- a\n- b")) == (
        '<ul>\n<li data-passage="0">a</li>\n<li data-passage="1">b</li>\n</ul>'
    )


def test_one_renderer_renders_many_notes_independently(renderer: NoteRenderer) -> None:
    first = render(renderer, "---\nvideoId: " + ID + "\n---\n[[nowhere]] " + anchor("00:00:33"))
    second = render(renderer, anchor("02:43:00") + f" [x](https://youtu.be/{ID}?t=5)")
    assert first.links == [RenderedLink("nowhere", None)]
    assert second.links == []
    assert messages(second.problems) == []
    assert [t.seconds for t in second.timestamps] == [163]
    assert 'class="external"' in second.html  # the first note's video is forgotten


def test_the_sample_note_renders_safely_with_22_seek_links(renderer: NoteRenderer) -> None:
    note = load_note(SAMPLE_NOTE)
    rendered = renderer.render(note, SAMPLE_NOTE.name, lambda _target: None)
    parsed = parse_html(rendered.html)
    seeks = parsed.with_class("a", "timestamp")
    assert len(seeks) == 22
    assert [a.attrs["href"] for a in seeks][:3] == ["seek:0", "seek:163", "seek:179"]
    assert seeks[-1].attrs["href"] == "seek:60"
    assert seeks[-1].text == "1:00"
    assert [a.text for a in parsed.with_class("a", "unresolved")] == [
        "redpointai",
        "debate about future directions",
        "Future Outlook on Architectures",
        "bullish on compound AI systems and agents",
    ]
    assert parsed.find("h2", id="the-dominance-of-transformers")
    assert dangers(rendered.html) == []


def test_backlinks_are_listed_at_the_end_as_note_links(renderer: NoteRenderer) -> None:
    note = parse_note("Body text.", Path("/notes/target.md"), Path("/notes"))
    rendered = renderer.render(
        note,
        "target.md",
        lambda _target: None,
        backlinks=[("people/Mara Lindqvist.md", "Mara <Lindqvist>")],
    )
    tail = rendered.html.split("Body text.", 1)[1]
    assert '<section class="backlinks"><h2>Linked from</h2>' in tail
    assert (
        '<a class="wikilink" href="note:people/Mara%20Lindqvist.md" rel="noopener noreferrer">'
        "Mara &lt;Lindqvist&gt;</a>"
    ) in tail
    plain = renderer.render(note, "target.md", lambda _target: None)
    assert "backlinks" not in plain.html


@pytest.mark.parametrize("opening", ["<div>", "<span>x", "<blockquote><p>"])
def test_a_note_of_endlessly_nested_html_is_shown_as_text_quickly(
    renderer: NoteRenderer, opening: str
) -> None:
    note = parse_note(opening * 40_000, Path("/n/nested.md"), Path("/n"))
    started = time.perf_counter()
    rendered = renderer.render(note, "nested.md", lambda _target: None)
    # A guard against a freeze (it took 5 s and more before), not a performance target.
    assert time.perf_counter() - started < 3
    assert "too many unclosed HTML elements" in rendered.problems[-1].message
    assert "&lt;" in rendered.html


def test_balanced_raw_html_is_laid_out_as_usual(renderer: NoteRenderer) -> None:
    body = "<details><summary>More</summary>\n\nText.\n\n</details>\n" * 3000
    rendered = renderer.render(
        parse_note(body, Path("/n/d.md"), Path("/n")), "d.md", lambda _t: None
    )
    assert rendered.html.count("<details>") == 3000


# --- problems: errors at the top, warnings quietly at the foot ---------------------------------


def test_errors_get_the_banner_and_warnings_a_short_list_at_the_foot(
    renderer: NoteRenderer,
) -> None:
    text = (
        "---\ntitle: T\nvideoId: nope\n---\nIntro\n\n"
        f"See [[nowhere]] at {anchor('06:10:00', '06:10:10')}.\n"
    )
    rendered = render(renderer, text)
    assert [(problem.kind, problem.line) for problem in rendered.problems] == [
        (Kind.VIDEO, 3),
        (Kind.MISSING_NOTE, 7),
        (Kind.LABEL_MISMATCH, 7),
    ]
    header, foot = rendered.html.split("</header>")[0], rendered.html.split("</header>")[1]
    assert "<div class=\"problems\"><p>videoId 'nope' is not a YouTube video id" in header
    assert "nowhere" not in header
    assert foot.endswith(
        '<section class="note-warnings"><ul>'
        "<li>Line 7: The link [[nowhere]] matches no note in this folder.</li>"
        "<li>Line 7: The timestamp labelled [06:10:10] has data-t 06:10:00: it plays from "
        "6:10, not 6:10:10.</li></ul></section></article>"
    )


def test_a_missing_link_written_with_escapes_is_found_on_its_line(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "Intro\n\nSee [[a\\_b]].\n")
    assert [(problem.message, problem.line) for problem in rendered.problems] == [
        ("The link [[a_b]] matches no note in this folder.", 3)
    ]


def test_a_note_with_only_warnings_has_no_banner(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "# Title\n\n[[nowhere]]\n")
    assert '<div class="problems">' not in rendered.html
    assert rendered.html.count('<section class="note-warnings">') == 1
    (link,) = parse_html(rendered.html).with_class("a", "unresolved")  # muted, with its hover
    assert link.attrs["title"] == "No note named “nowhere” in this folder"


@pytest.mark.parametrize(
    ("data_t", "label", "line"),
    [
        ("06:10:00", "06:10:10", 3),  # the generator's slip, from the issue
        ("02:43:00", "2:44", 3),
        ("00:00:33", "00:00:34", 3),
    ],
)
def test_a_label_that_disagrees_with_its_time_is_a_warning_on_its_line(
    renderer: NoteRenderer, data_t: str, label: str, line: int
) -> None:
    rendered = render(renderer, f"Intro\n\nAt {anchor(data_t, label)} it happens.\n")
    (problem,) = rendered.problems
    assert (problem.kind, problem.line, problem.is_error) == (Kind.LABEL_MISMATCH, line, False)
    assert f"labelled [{label}] has data-t {data_t}" in problem.message


@pytest.mark.parametrize(
    ("data_t", "label"),
    [
        ("02:43:00", "02:43:00"),
        ("02:43:00", "2:43"),  # the same time written shorter (minutes:seconds:00)
        ("02:43:00", "02:43"),
        ("16", "0:16"),  # seconds
        ("01:00:00", "1:00:00"),  # hours or minutes: one of the readings agrees
        ("00:01:00", "intro"),  # a label that is no time does not disagree
    ],
)
def test_a_label_that_says_the_same_time_is_no_problem(
    renderer: NoteRenderer, data_t: str, label: str
) -> None:
    assert render(renderer, f"At {anchor(data_t, label)}.\n").problems == []


def test_a_label_mismatch_written_as_code_is_not_reported(renderer: NoteRenderer) -> None:
    assert render(renderer, f"`{anchor('06:10:00', '06:10:10')}`\n").problems == []


def test_a_note_without_front_matter_shows_its_heading_once(renderer: NoteRenderer) -> None:
    rendered = render(renderer, "# Sourdough basics\n\nText.\n\n## Starter\n")
    assert rendered.html.count("Sourdough basics") == 1
    assert '<h1 class="note-title">Sourdough basics</h1>' in rendered.html
    assert '<h2 data-passage="1" id="starter">Starter</h2>' in body_of(rendered)


def test_a_front_matter_title_that_repeats_the_first_heading_is_shown_once(
    renderer: NoteRenderer,
) -> None:
    rendered = render(renderer, "---\ntitle: Talk\n---\n\n# Talk\n\nText\n")
    assert rendered.html.count("Talk") == 1


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Talk\n---\n# Another heading\n",  # a heading that says something else
        "Intro first.\n\n# Talk\n",  # the heading is not at the top: it stays where it is
    ],
)
def test_headings_that_are_not_a_repeated_title_stay(renderer: NoteRenderer, text: str) -> None:
    rendered = render(renderer, text)
    assert body_of(rendered).count("<h1") == 1


@pytest.mark.parametrize(
    ("front", "why"),
    [
        ("title: Plain\n", "Can't play: this note has no video."),
        (
            "video: media/missing.mp4\n",
            "Can't play: The video file 'media/missing.mp4' does not exist.",
        ),
        ("videoId: nope\n", "Can't play: videoId 'nope' is not a YouTube video id"),
    ],
)
def test_timestamps_of_a_note_without_a_usable_video_are_inert_and_say_why(
    tmp_path: Path, front: str, why: str
) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        f'---\n{front}---\nSaid <a class="yt-timestamp" data-t="02:43:00">[02:43:00]</a>.\n',
        encoding="utf-8",
    )
    rendered = NoteRenderer().render(load_note(path, tmp_path), "note.md", lambda _t: None)
    (stamp,) = parse_html(rendered.html).with_class("a", "timestamp")
    assert stamp.attrs["class"] == "timestamp inert"
    assert "href" not in stamp.attrs
    assert stamp.attrs["title"].startswith(why)
    assert stamp.text == "2:43"
