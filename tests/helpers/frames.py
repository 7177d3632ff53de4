"""Reading the time code the test clips carry in their picture (scripts/make_test_media.sh):
the frame number, in binary, as a row of black and white squares along the top edge."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not loaded for the system tests, which read screenshots
    from PySide6.QtMultimedia import QVideoFrame

#: The test clips' frame rate.
FPS = 25
#: The test clips' size in pixels.
WIDTH, HEIGHT = 320, 180
#: The bits of the frame number, least significant first: the middle of each square, in the
#: clip's pixels.
BIT_CENTRES = tuple((16 + 24 * i, 16) for i in range(10))
#: The clips' background colour (RGB), around the squares and the clock.
BACKGROUND = (0x20, 0x40, 0x60)


def frame_code(lightness: Callable[[int, int], int]) -> int:
    """The frame number, from the lightness (0-255) of the clip's pixel at ``(x, y)``."""
    bits = (lightness(x, y) > 128 for x, y in BIT_CENTRES)
    return sum(1 << i for i, bit in enumerate(bits) if bit)


def frame_number(frame: QVideoFrame) -> int:
    image = frame.toImage()
    return frame_code(lambda x, y: image.pixelColor(x, y).lightness())
