"""The app's one identity: what desktops, installers, settings and YouTube know it by."""

from __future__ import annotations

#: Reverse-DNS application id: the .desktop file's name, StartupWMClass, icon names, the
#: Inno Setup AppId and the macOS bundle identifier.
APP_ID = "io.github.videonotes.Viewer"
#: The name people see.
APP_NAME = "Viewer"
#: QSettings' organization and application (settings live under <config>/videonotes/Viewer).
ORGANIZATION = "videonotes"
#: YouTube's "Embedded player API client identity": the player page's base URL, the ``origin``
#: and ``widget_referrer`` player parameters and the Referer of its requests. The host is the
#: application id in lower case; it need not resolve in DNS (docs: ../shared/YOUTUBE.md).
PLAYER_ORIGIN = f"https://{APP_ID.lower()}"
