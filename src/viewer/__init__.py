"""Viewer: Markdown notes about videos, read beside the video itself."""

__version__ = "0.1.0"
