#!/usr/bin/env bash
# make_sample_video.sh - generate notes/media/test-pattern.webm, the sample video.
#
# The bundled note notes/test_pattern_seeking.md points at this file (front matter
# `video: media/test-pattern.webm`). The video is a 40 s, 640x360, 25 fps VP9 WebM with:
#   * SMPTE colour bars (ffmpeg `smptebars`) as the background (static, so the file stays small);
#   * a large running clock "MM:SS.d" (the current position in the video) burned in the middle,
#     so a person can see at a glance where a timestamp click has sought to;
#   * a smaller "frame N   t=SS.SS s" line under it, and a yellow progress bar along the bottom
#     edge that slides in from the left (full width at the end);
#   * a quiet Opus audio track: a short 880 Hz tick at the start of every second
#     (a 1320 Hz one every 10 s), so playback and seeking can be heard as well as seen.
# Keyframes every second (-g 25) keep seeks snappy in any player.
#
# Deterministic: single-threaded encoding, bitexact muxing, no metadata; running it twice with the
# same ffmpeg/libvpx gives the same bytes.
#
# Usage:   scripts/make_sample_video.sh [OUTPUT]      (default: notes/media/test-pattern.webm)
# Needs:   ffmpeg with libvpx-vp9, libopus and drawtext (Debian: ffmpeg), and the DejaVu fonts
#          (Debian: fonts-dejavu-core).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$(dirname "$here")/notes/media/test-pattern.webm}"
font="${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf}"
duration=40
fps=25

command -v ffmpeg >/dev/null || { echo "ffmpeg not found (apt-get install ffmpeg)" >&2; exit 1; }
[[ -f "$font" ]] || { echo "font not found: $font (apt-get install fonts-dejavu-core)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"

# Clock text: minutes:seconds.tenths of the frame's presentation time ("00:12.4").
clock='%{eif\:trunc(t/60)\:d\:2}\:%{eif\:mod(trunc(t)\,60)\:d\:2}.%{eif\:mod(trunc(t*10)\,10)\:d\:1}'
info='frame %{eif\:n\:d\:4}   t\=%{eif\:trunc(t)\:d\:2}.%{eif\:mod(trunc(t*100+0.5)\,100)\:d\:2} s'

graph="[0:v]drawbox=x=(iw-520)/2:y=(ih-170)/2-20:w=520:h=170:color=black@0.72:t=fill"
graph+=",drawtext=fontfile=${font}:text='${clock}':fontsize=120:fontcolor=white"
graph+=":x=(w-text_w)/2:y=(h-170)/2-20+(170-text_h)/2"
graph+=",drawtext=fontfile=${font}:text='${info}':fontsize=22:fontcolor=white"
graph+=":box=1:boxcolor=black@0.72:boxborderw=6:x=(w-text_w)/2:y=(h+170)/2-6"
graph+=",drawtext=fontfile=${font}:text='Viewer test pattern':fontsize=20:fontcolor=white"
graph+=":box=1:boxcolor=black@0.72:boxborderw=6:x=12:y=12"
graph+=",drawbox=x=0:y=ih-14:w=iw:h=14:color=black:t=fill[bg]"
# Progress bar: a yellow strip that slides in from the left, x = -W + W*t/duration.
graph+=";color=c=yellow:size=640x10:rate=${fps}:duration=${duration}[bar]"
graph+=";[bg][bar]overlay=x=-w+W*t/${duration}:y=H-12:eval=frame:shortest=1[v]"

# Audio: 40 ms ticks at each whole second, higher pitch on multiples of 10 s; quiet (-20 dBFS).
tick="0.1*lt(mod(t\,1)\,0.04)*sin(2*PI*t*if(lt(mod(t\,10)\,0.5)\,1320\,880))"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "smptebars=size=640x360:rate=${fps}:duration=${duration}" \
  -f lavfi -i "aevalsrc=exprs=${tick}:sample_rate=48000:channel_layout=mono:duration=${duration}" \
  -filter_complex "$graph" -map '[v]' -map 1:a \
  -c:v libvpx-vp9 -pix_fmt yuv420p -b:v 0 -crf 42 -deadline good -cpu-used 2 \
  -g "$fps" -keyint_min "$fps" -row-mt 0 -threads 1 -tile-columns 0 \
  -c:a libopus -b:a 24k -application audio \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  -t "$duration" -f webm "$out"

echo "wrote $out ($(stat -c %s "$out") bytes)"
