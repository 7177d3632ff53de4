"""Reading the time code the test clips carry in their picture (scripts/make_test_media.sh):
the frame number, in binary, as a row of black and white squares along the top edge."""

from __future__ import annotations

from PySide6.QtMultimedia import QVideoFrame

#: The test clips' frame rate.
FPS = 25


def frame_number(frame: QVideoFrame) -> int:
    image = frame.toImage()
    bits = (image.pixelColor(16 + 24 * i, 16).lightness() > 128 for i in range(10))
    return sum(1 << i for i, bit in enumerate(bits) if bit)
