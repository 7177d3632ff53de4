"""Parsing timestamps in every written form and resolving the three-field ambiguity."""

from __future__ import annotations

import pytest

from viewer.core.timecode import (
    MAX_SECONDS,
    Convention,
    Timecode,
    format_seconds,
    is_video_id,
    note_uses_true_hours,
    parse,
    parse_youtube_url,
    resolve,
)


def parsed(text: str) -> Timecode:
    value = parse(text)
    assert value is not None, text
    return value


# --- parse -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("12:34", 754),  # MM:SS
        ("00:05", 5),
        ("0:16", 16),
        ("90:00", 5400),  # minutes may pass 59 in two fields
        ("1:02:03", 3723),  # H:MM:SS
        ("01:00:57", 3657),
        ("163", 163),  # plain seconds
        ("163s", 163),
        ("0", 0),
        ("12.5", 12.5),  # fractional seconds
        ("1:02.5", 62.5),
        ("00:00:33.25", 33.25),
        ("1h2m3s", 3723),
        ("2m43s", 163),
        ("1h", 3600),
        ("45m", 2700),
        ("1.5h", 5400),
        ("  02:43  ", 163),
        ("1H2M3S", 3723),
    ],
)
def test_unambiguous_forms_parse_to_seconds(text: str, seconds: float) -> None:
    value = parsed(text)
    assert value.seconds == seconds
    assert value.minutes_reading is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "abc",
        "1:60",
        "00:60:00",
        "00:00:60",
        "1:2:3:4",
        "-5",
        "1e5",
        "1m2h",
        "h",
        "12:",
        ":12",
        "1" * 40,
        "9999999999",  # longer than a week
        "200:00:01",  # 200 hours: more than a week
        "nan",
        "inf",
    ],
)
def test_what_is_not_a_time_parses_to_none(text: str) -> None:
    assert parse(text) is None


def test_the_longest_value_is_a_week() -> None:
    assert parsed(str(int(MAX_SECONDS))).seconds == MAX_SECONDS
    assert parse(str(int(MAX_SECONDS) + 1)) is None


@pytest.mark.parametrize(
    ("text", "hms", "minutes"),
    [
        ("02:43:00", 2 * 3600 + 43 * 60, 163),
        ("42:13:00", 42 * 3600 + 13 * 60, 2533),
        ("59:50:00", 59 * 3600 + 50 * 60, 3590),
        ("01:00:00", 3600, 60),
        ("00:45:00", 2700, 45),
        ("00:00:00", 0, 0),
    ],
)
def test_a_three_field_value_ending_in_00_has_two_readings(
    text: str, hms: float, minutes: float
) -> None:
    value = parsed(text)
    assert value.minutes_reading is not None
    assert (value.seconds, value.minutes_reading) == (hms, minutes)


@pytest.mark.parametrize("text", ["00:00:33", "00:58:43", "01:00:57", "02:43:01", "60:00:00"])
def test_a_three_field_value_not_ending_in_00_or_past_59_is_true_hours_only(text: str) -> None:
    assert parsed(text).minutes_reading is None


# --- the three-field rules of FORMAT.md ----------------------------------------------------


@pytest.mark.parametrize(
    ("values", "true_hours"),
    [
        (["00:00:33"], True),
        (["00:58:43", "02:43:00"], True),
        (["0:05:07"], True),
        (["02:43:00", "42:13:00", "01:00:00"], False),
        (["01:00:57"], False),  # C is not 00, but A is not 00 either: no proof
        (["00:00:00", "00:45:00"], False),  # C is 00: no proof
        (["00:33", "12:34"], False),  # two fields say nothing about three
        ([], False),
    ],
)
def test_rule_2_a_note_with_00_b_c_and_c_not_00_is_in_true_hours(
    values: list[str], true_hours: bool
) -> None:
    assert note_uses_true_hours(parsed(v) for v in values) is true_hours
    assert Convention.of(parsed(v) for v in values) == Convention(true_hours)


@pytest.mark.parametrize(
    ("text", "true_hours", "seconds"),
    [
        # Rule 1: C is not 00, hours minutes seconds whatever the note.
        ("01:00:57", False, 3657),
        ("01:00:57", True, 3657),
        ("02:43:01", False, 9781),
        # Rule 2: C is 00 -> minutes:seconds, unless the note is in true hours.
        ("02:43:00", False, 163),
        ("42:13:00", False, 2533),
        ("59:50:00", False, 3590),
        ("01:00:00", False, 60),
        ("00:45:00", True, 2700),
        ("01:00:00", True, 3600),
        # Two fields and plain seconds are never ambiguous.
        ("12:34", True, 754),
        ("163", False, 163),
    ],
)
def test_rules_1_and_2_resolve_each_value(text: str, true_hours: bool, seconds: float) -> None:
    value = parsed(text)
    assert resolve(value, true_hours=true_hours) == seconds
    assert Convention(true_hours).seconds(value) == seconds


def test_a_note_with_00_00_33_reads_00_45_00_as_45_minutes() -> None:
    values = [parsed(t) for t in ("00:00:33", "00:45:00")]
    convention = Convention.of(values)
    assert [convention.seconds(v) for v in values] == [33, 45 * 60]


@pytest.mark.parametrize(
    ("text", "true_hours", "duration", "seconds"),
    [
        # Minutes reading fits: kept, even though the hours reading would not.
        ("02:43:00", False, 600, 163),
        # Hours reading past the end, minutes reading fits: the minutes reading wins.
        ("00:45:00", True, 600, 45),
        ("01:00:00", True, 120, 60),
        ("02:00:00", False, 8000, 120),  # both fit: the convention stands
        ("02:00:00", False, 100, 120),  # both past the end: the convention stands
        ("02:00:00", True, 100, 7200),
        ("00:45:00", True, 3000, 2700),  # both fit: the convention stands
        ("00:45:00", True, None, 2700),  # duration unknown
        ("00:45:00", True, 0, 2700),  # duration not known yet (0)
        ("01:00:57", False, 100, 3657),  # unambiguous values never change
    ],
)
def test_rule_3_a_reading_past_the_end_gives_way(
    text: str, true_hours: bool, duration: float | None, seconds: float
) -> None:
    value = parsed(text)
    assert resolve(value, true_hours=true_hours, duration=duration) == seconds
    assert Convention(true_hours).seconds(value, duration) == seconds


def test_the_exact_end_of_the_video_still_fits() -> None:
    assert resolve(parsed("01:00:00"), true_hours=True, duration=3600) == 3600
    assert resolve(parsed("01:00:00"), true_hours=True, duration=3599) == 60


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (5, "0:05"), (163, "2:43"), (3599.9, "59:59"), (3600, "1:00:00"),
     (3723.5, "1:02:03"), (36000, "10:00:00")],
)  # fmt: skip
def test_format_seconds(seconds: float, shown: str) -> None:
    assert format_seconds(seconds) == shown


# --- YouTube ----------------------------------------------------------------------------------

ID = "7-3IxVvWoxc"


@pytest.mark.parametrize(
    ("url", "start"),
    [
        (f"https://www.youtube.com/watch?v={ID}", None),
        (f"https://youtube.com/watch?v={ID}&t=163", 163),
        (f"https://www.youtube.com/watch?v={ID}&t=2m43s", 163),
        (f"https://www.youtube.com/watch?t=163s&v={ID}", 163),
        (f"https://www.youtube.com/watch?v={ID}#t=163", 163),
        (f"https://www.youtube.com/watch?v={ID}#t=1h2m3s", 3723),
        (f"https://m.youtube.com/watch?v={ID}&feature=share", None),
        (f"https://youtu.be/{ID}", None),
        (f"https://youtu.be/{ID}?t=163", 163),
        (f"http://youtu.be/{ID}?si=abc&t=42", 42),
        (f"https://www.youtube.com/embed/{ID}?start=163", 163),
        (f"https://www.youtube-nocookie.com/embed/{ID}?start=5&end=9", 5),
        (f"https://www.youtube.com/shorts/{ID}", None),
        (f"https://www.youtube.com/live/{ID}?t=10", 10),
        (f"HTTPS://WWW.YOUTUBE.COM/watch?v={ID}", None),
        (f"  https://youtu.be/{ID}?t=1:02  ", 62),
        (f"https://youtu.be/{ID}?t=nonsense", None),
    ],
)
def test_youtube_urls_give_the_id_and_start(url: str, start: float | None) -> None:
    link = parse_youtube_url(url)
    assert link is not None
    assert (link.video_id, link.start) == (ID, start)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        ID,
        f"https://example.com/watch?v={ID}",
        f"https://youtube.com.evil.example/watch?v={ID}",
        f"https://evil.example/?u=https://youtu.be/{ID}",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=toolongvideoid1",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/channel/UCabcdefghijk",
        "https://www.youtube.com/",
        "https://youtu.be/",
        f"javascript://youtu.be/{ID}",
        f"ftp://youtu.be/{ID}",
        f"https://www.youtube.com/embed/{ID[:-1]}%22",
        "http://[::1",
    ],
)
def test_other_urls_are_not_youtube_links(url: str) -> None:
    assert parse_youtube_url(url) is None


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        (ID, True),
        ("dQw4w9WgXcQ", True),
        ("___________", True),
        ("-----------", True),
        ("7-3IxVvWox", False),
        ("7-3IxVvWoxcc", False),
        ("7-3IxVvWox!", False),
        ("7-3IxVvWox\n", False),
        ("7-3IxVvWox'", False),
        ("", False),
    ],
)
def test_video_ids_are_eleven_safe_characters(text: str, valid: bool) -> None:
    assert is_video_id(text) is valid
