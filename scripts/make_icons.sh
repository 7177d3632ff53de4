#!/usr/bin/env bash
# make_icons.sh - render resources/icons/<app id>.svg to the freedesktop hicolor PNG sizes:
#   resources/icons/hicolor/{16x16,...,512x512}/apps/<app id>.png
# named after the app id (src/viewer/identity.py), as the desktop entry's Icon= says.
# Uses rsvg-convert (Debian: librsvg2-bin) when present, else ImageMagick's convert.
# Run it again after editing the SVG; the output PNGs are committed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
icons="$(dirname "$here")/resources/icons"
app_id="io.github.videonotes.Viewer"
svg="$icons/$app_id.svg"

for size in 16 24 32 48 64 128 256 512; do
  dir="$icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  out="$dir/$app_id.png"
  if command -v rsvg-convert >/dev/null; then
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio --format png \
      --output "$out" "$svg"
  elif command -v convert >/dev/null; then
    convert -background none -density "$(( 72 * size / 128 + 1 ))" "$svg" \
      -resize "${size}x${size}" -strip "PNG32:$out"
  else
    echo "need rsvg-convert (apt-get install librsvg2-bin) or ImageMagick convert" >&2
    exit 1
  fi
  echo "$out"
done
