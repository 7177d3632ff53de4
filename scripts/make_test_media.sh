#!/usr/bin/env bash
# make_test_media.sh - generate the small clips under tests/data/media/ (and the bundled MP4
# sample in notes/media/) that the native player's tests and the sample note use.
#
# A development tool: the clips are committed, so the tests never need ffmpeg.
#
# Every video clip is 20 s, 320x180, 25 fps, with a keyframe every 5 s (so a seek to 7.3 s
# must decode from 5 s: a player that snaps to keyframes is caught), and shows:
#   * a burned-in clock "SS.ss" and the frame number, for people;
#   * a time code for programs: a row of 10 squares along the top edge, 16x16 px each, the
#     centre of square i at x = 16 + 24*i, y = 16; square i is white when bit i of the frame
#     number is set (least significant bit on the left), black otherwise. A test reads the
#     frame number from the decoded QVideoFrame's pixels, and compares it with the time asked;
#   * a tick in the audio at each whole second.
#
# Outputs (tests/data/media/ unless said):
#   clock-h264.mp4   H.264 + AAC in MP4 (also copied to notes/media/clock-h264.mp4)
#   clock-hevc.mkv   HEVC + AAC in Matroska
#   clock-vp9.webm   VP9 + Opus in WebM
#   clock-av1.webm   AV1 + Opus in WebM (Qt Multimedia has no AV1 software decoder)
#   ticks.mp3        MP3 audio only, 20 s
#   ticks.m4a        AAC audio only in MP4, 20 s
#   damaged.mp4      the first 40 % of an MP4 whose index (moov) is at the end: cut short
#
# Deterministic: single-threaded encoders, bitexact muxing, no metadata.
#
# Usage:   scripts/make_test_media.sh [OUTPUT_DIR]
# Needs:   ffmpeg with libx264, libx265, libvpx-vp9, libaom-av1, libopus, libmp3lame and
#          drawtext (Debian: ffmpeg), and the DejaVu fonts (Debian: fonts-dejavu-core).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(dirname "$here")"
out="${1:-$top/tests/data/media}"
font="${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf}"
duration=20
fps=25
gop=125
bits=10

command -v ffmpeg >/dev/null || { echo "ffmpeg not found (apt-get install ffmpeg)" >&2; exit 1; }
[[ -f "$font" ]] || { echo "font not found: $font (apt-get install fonts-dejavu-core)" >&2; exit 1; }
mkdir -p "$out"

clock='%{eif\:trunc(t)\:d\:2}.%{eif\:mod(trunc(t*100+0.5)\,100)\:d\:2}'
graph="[0:v]drawtext=fontfile=${font}:text='${clock}':fontsize=64:fontcolor=white"
graph+=":x=(w-text_w)/2:y=(h-text_h)/2+10"
graph+=",drawtext=fontfile=${font}:text='frame %{eif\:n\:d\:3}':fontsize=16:fontcolor=white"
graph+=":x=(w-text_w)/2:y=h-28"
for ((i = 0; i < bits; i++)); do
  x=$((8 + 24 * i))
  graph+=",drawbox=x=${x}:y=8:w=16:h=16:color=black:t=fill"
  graph+=",drawbox=x=${x}:y=8:w=16:h=16:color=white:t=fill:enable='mod(floor(n/$((1 << i)))\,2)'"
done
graph+="[v]"

tick="0.2*lt(mod(t\,1)\,0.04)*sin(2*PI*t*880)"
sources=(
  -f lavfi -i "color=c=0x204060:size=320x180:rate=${fps}:duration=${duration}"
  -f lavfi -i "aevalsrc=exprs=${tick}:sample_rate=48000:channel_layout=mono:duration=${duration}"
)
common=(
  -filter_complex "$graph" -map '[v]' -map 1:a -pix_fmt yuv420p -g "$gop" -keyint_min "$gop"
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -t "$duration"
)

encode() {  # encode NAME VIDEO-AND-AUDIO-OPTIONS...
  local name="$1"
  shift
  ffmpeg -hide_banner -loglevel error -y "${sources[@]}" "${common[@]}" "$@" "$out/$name"
  echo "wrote $out/$name ($(stat -c %s "$out/$name") bytes)"
}

encode clock-h264.mp4 -c:v libx264 -preset medium -crf 30 -threads 1 -sc_threshold 0 \
  -c:a aac -b:a 32k -movflags +faststart
encode clock-hevc.mkv -c:v libx265 -preset medium -crf 32 \
  -x265-params "pools=none:frame-threads=1:scenecut=0:log-level=error" -c:a aac -b:a 32k
encode clock-vp9.webm -c:v libvpx-vp9 -b:v 0 -crf 45 -deadline good -cpu-used 4 -threads 1 \
  -row-mt 0 -c:a libopus -b:a 24k
encode clock-av1.webm -c:v libaom-av1 -b:v 0 -crf 50 -cpu-used 8 -threads 1 -row-mt 0 \
  -c:a libopus -b:a 24k

audio=(-f lavfi -i "aevalsrc=exprs=${tick}:sample_rate=44100:channel_layout=mono:duration=${duration}")
ffmpeg -hide_banner -loglevel error -y "${audio[@]}" -map_metadata -1 -fflags +bitexact \
  -c:a libmp3lame -b:a 32k -write_xing 1 "$out/ticks.mp3"
ffmpeg -hide_banner -loglevel error -y "${audio[@]}" -map_metadata -1 -fflags +bitexact \
  -flags:a +bitexact -c:a aac -b:a 32k -movflags +faststart "$out/ticks.m4a"
echo "wrote $out/ticks.mp3 and $out/ticks.m4a"

# Cut short: without faststart the index comes last, so the head alone has frames and no index.
whole="$(mktemp --suffix=.mp4)"
trap 'rm -f "$whole"' EXIT
ffmpeg -hide_banner -loglevel error -y "${sources[@]}" "${common[@]}" \
  -c:v libx264 -preset medium -crf 30 -threads 1 -c:a aac -b:a 32k "$whole"
head -c $(($(stat -c %s "$whole") * 4 / 10)) "$whole" >"$out/damaged.mp4"
echo "wrote $out/damaged.mp4 ($(stat -c %s "$out/damaged.mp4") bytes)"

if [[ $# -eq 0 ]]; then
  mkdir -p "$top/notes/media"
  cp "$out/clock-h264.mp4" "$top/notes/media/clock-h264.mp4"
  echo "copied clock-h264.mp4 to notes/media/"
fi
