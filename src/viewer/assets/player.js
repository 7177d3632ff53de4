/* Viewer: the web player (YouTube's IFrame Player API, or an HTML5 <video>).
 *
 * Inlined into player.html by Python. Talks to Python over the QWebChannel
 * object "bridge" (qwebchannel.js is injected at DocumentCreation).
 *
 * Python -> page (signals):
 *   loadRequested(kind, value)     kind: "youtube" | "media" | "none" (value: why, if
 *                                  the note names a video that cannot be used)
 *   seekRequested(seconds, play)
 *   commandRequested(name, value)  "toggle" | "play" | "pause" | "skip" | "frame" |
 *                                  "rate" | "volume" | "mute" ("frame": value frames
 *                                  on, paused, 1/30 s each)
 *   themeRequested(theme)          "light" | "dark"
 *   captionRequested(text)         the caption of the moment ("" for none); Python looks
 *                                  it up in the transcript at each time report
 *   captionsShownRequested(shown)  captions on or off (the C key)
 * Page -> Python (slots):
 *   reportReady()
 *   reportState(currentTime, duration, playing, rate, volume, muted)
 *   reportSeeked(currentTime)
 *   reportFailure(code, message)   codes: see viewer.app.player.base.Failure
 *   reportOpenInBrowser()
 *
 * One object per kind of player (YouTubePlayer, MediaPlayer, NoPlayer), all of
 * one shape; the Pane holds the current one, keeps requests that come before it
 * is ready, and reports to Python. No HTML is built from strings: text that may
 * carry user data goes through textContent.
 */
'use strict';

const YT_API_URL = 'https://www.youtube.com/iframe_api';
const YT_API_TIMEOUT_MS = 10_000;
const YT_POLL_MS = 250;
const STATE_MIN_INTERVAL_MS = 250;
// One frame, for a frame step: neither the IFrame API nor <video> tells the frame rate.
const FRAME_S = 1 / 30;
// YT.PlayerState, fixed by the IFrame API.
const YT = {UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5};

const FORMAT_MESSAGE =
  "This video's format can't be played here. WebM (VP8, VP9, AV1) plays; H.264/MP4 does not.";
const DAMAGED_MESSAGE =
  "This file can't be read as a video: it may be damaged, or its format isn't supported here.";

const TITLES = {
  'offline': "YouTube can't be reached",
  'embed-blocked': "This video can't be embedded here",
  'identity': "YouTube didn't accept this player",
  'not-found': "This video can't be found",
  'network': 'The video stopped loading',
};
const DEFAULT_TITLE = "This video can't be played";

const els = {
  body: document.body,
  ytHost: document.getElementById('yt-host'),
  media: document.getElementById('media'),
  title: document.getElementById('status-title'),
  message: document.getElementById('status-message'),
  openButton: document.getElementById('open-in-browser'),
  openLabel: document.querySelector('#open-in-browser span'),
  captions: document.getElementById('captions'),
  caption: document.getElementById('caption'),
};

// The captions are a popover, so they live in the page's top layer: above the picture, and
// above an element shown fullscreen (YouTube's own button puts its iframe there), once put back
// on top after it.
function captionsOnTop() {
  if (els.captions.matches(':popover-open')) {
    els.captions.hidePopover();
  }
  els.captions.showPopover();
}
captionsOnTop();
document.addEventListener('fullscreenchange', captionsOnTop);

const finite = (n, fallback) => (Number.isFinite(Number(n)) ? Number(n) : fallback);

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

// ---- The YouTube IFrame API script, loaded once per page ------------------

const youTubeApi = {
  promise: null,

  load() {
    if (window.YT?.Player && window.YT.loaded === 1) {
      return Promise.resolve();
    }
    if (!this.promise) {
      this.promise = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(
          `YouTube didn't answer within ${YT_API_TIMEOUT_MS / 1000} seconds. ` +
          'Check your internet connection, or open the video in your browser.')),
        YT_API_TIMEOUT_MS);
        window.onYouTubeIframeAPIReady = () => {
          clearTimeout(timer);
          resolve();
        };
        const script = document.createElement('script');
        script.src = YT_API_URL;
        script.async = true;
        script.onerror = () => {
          clearTimeout(timer);
          script.remove();
          reject(new Error("The YouTube player couldn't be downloaded. " +
            'Check your internet connection, or open the video in your browser.'));
        };
        document.head.append(script);
      });
      // A failed load may be tried again with the next video.
      this.promise.catch(() => { this.promise = null; });
    }
    return this.promise;
  },
};

function youTubeFailure(code) {
  switch (Number(code)) {
    case 2:
      return ['invalid', 'YouTube rejected the request: the video id is not valid.'];
    case 5:
      return ['unplayable', "YouTube's player can't play this video here."];
    case 100:
      return ['not-found', 'YouTube says this video does not exist, was removed, or is private.'];
    case 101:
    case 150:
      return ['embed-blocked',
        "The video's owner doesn't allow it to be played inside other apps."];
    case 152:
    case 153:
      return ['identity',
        `YouTube couldn't tell which app is showing the video (error ${code}), ` +
        'so it refused to play it here.'];
    default:
      return ['unplayable', `YouTube reported an error (${code}) for this video.`];
  }
}

// ---- Players: one shape -----------------------------------------------------
//
// start() resolves when the player can take requests; events go to the pane
// through the callbacks it passes in.

class NoPlayer {
  kind = 'none';
  start() { return Promise.reject(null); }
  seek() {}
  play() {}
  pause() {}
  playing() { return false; }
  time() { return 0; }
  duration() { return 0; }
  setRate() {}
  setVolume() {}
  destroy() {}
}

class YouTubePlayer {
  kind = 'youtube';
  #player = null;
  #poll = null;

  constructor(id, pane) {
    this.id = id;
    this.pane = pane;
  }

  async start() {
    await youTubeApi.load().catch((error) => {
      throw ['offline', error.message];
    });
    const target = document.createElement('div');
    target.id = 'yt-player';
    els.ytHost.replaceChildren(target);
    els.ytHost.hidden = false;
    await new Promise((resolve, reject) => {
      this.#player = new window.YT.Player(target.id, {
        width: '100%',
        height: '100%',
        videoId: this.id,
        playerVars: {
          playsinline: 1,
          rel: 0,
          enablejsapi: 1,
          autoplay: 0,
          // YouTube's embedder identity: the page's own https origin (the app's id).
          origin: window.location.origin,
          widget_referrer: window.location.origin,
        },
        events: {
          onReady: () => resolve(),
          onError: (event) => {
            const failure = youTubeFailure(event?.data);
            if (this.pane.player === this && this.pane.ready) {
              this.pane.fail(...failure);
            }
            reject(failure);
          },
          onStateChange: (event) => this.#stateChanged(event?.data),
        },
      });
    });
  }

  #call(name, ...args) {
    try {
      return this.#player?.[name]?.(...args);
    } catch (error) {
      console.warn(`YouTube player: ${name} failed: ${error}`);
      return undefined;
    }
  }

  #stateChanged(state) {
    if (state === YT.PLAYING || state === YT.BUFFERING) {
      this.#poll ??= setInterval(() => this.pane.report(true), YT_POLL_MS);
    } else {
      clearInterval(this.#poll);
      this.#poll = null;
    }
    this.pane.report(true);
  }

  // Another video in the same player: the iframe stays, the video is cued (not played).
  cue(id) {
    this.id = id;
    this.#call('cueVideoById', id);
  }

  seek(seconds) {
    this.#call('seekTo', seconds, true);
    this.pane.seeked(seconds); // the IFrame API has no "seeked" event
  }

  play() { this.#call('playVideo'); }
  pause() { this.#call('pauseVideo'); }

  playing() {
    const state = this.#call('getPlayerState');
    return state === YT.PLAYING || state === YT.BUFFERING;
  }

  time() { return finite(this.#call('getCurrentTime'), 0); }
  duration() { return finite(this.#call('getDuration'), 0); }
  setRate(rate) { this.#call('setPlaybackRate', rate); }

  setVolume(volume, muted) {
    this.#call('setVolume', Math.round(volume * 100));
    this.#call(muted ? 'mute' : 'unMute');
  }

  destroy() {
    clearInterval(this.#poll);
    this.#call('destroy');
    els.ytHost.replaceChildren();
    els.ytHost.hidden = true;
  }
}

class MediaPlayer {
  kind = 'media';
  #listeners = [];

  constructor(url, pane) {
    this.url = url;
    this.pane = pane;
  }

  start() {
    const video = els.media;
    return new Promise((resolve, reject) => {
      const on = (name, handler) => {
        video.addEventListener(name, handler);
        this.#listeners.push([name, handler]);
      };
      on('loadedmetadata', () => resolve());
      on('error', () => this.#classify(video.error).then((failure) => {
        if (!failure) {
          return;
        }
        if (this.pane.player === this && this.pane.ready) {
          this.pane.fail(...failure);
        }
        reject(failure);
      }));
      on('seeked', () => this.pane.seeked(video.currentTime));
      for (const name of ['durationchange', 'play', 'playing', 'pause', 'ended', 'ratechange',
        'volumechange']) {
        on(name, () => this.pane.report(true));
      }
      on('timeupdate', () => this.pane.report(false));
      video.hidden = false;
      video.src = this.url;
      video.load();
    });
  }

  seek(seconds) { els.media.currentTime = seconds; } // "seeked" reports back

  play() {
    els.media.play()?.catch((error) => {
      // AbortError when a load or pause interrupts; neither is the video's fault.
      console.info(`play() did not start: ${error?.name}`);
      this.pane.report(true);
    });
  }

  pause() { els.media.pause(); }
  playing() { return !els.media.paused && !els.media.ended; }
  time() { return finite(els.media.currentTime, 0); }
  duration() { return finite(els.media.duration, 0); }
  setRate(rate) { els.media.playbackRate = rate; }

  setVolume(volume, muted) {
    els.media.volume = volume;
    els.media.muted = muted;
  }

  destroy() {
    const video = els.media;
    for (const [name, handler] of this.#listeners) {
      video.removeEventListener(name, handler);
    }
    video.pause();
    video.removeAttribute('src');
    video.load(); // drops the old resource and its network activity
    video.hidden = true;
  }

  // Chromium reports "no such file", "could not connect" and "not a playable
  // format" alike as MEDIA_ERR_SRC_NOT_SUPPORTED; a format problem carries a
  // demuxer detail in error.message, a failed fetch only "Format error".
  async #classify(error) {
    const detail = String(error?.message ?? '');
    const fetchFailed = !detail || /^MEDIA_ELEMENT_ERROR: Format error\s*$/i.test(detail);
    switch (error?.code) {
      case 1: // MEDIA_ERR_ABORTED: our own load was cancelled
        return null;
      case 2:
        return this.#networkFailure();
      case 4:
        if (/COULD_NOT_OPEN|open context failed/i.test(detail)) {
          return ['damaged', DAMAGED_MESSAGE];
        }
        if (!fetchFailed) {
          return ['unplayable', FORMAT_MESSAGE];
        }
        if (!/^https?:/i.test(this.url)) {
          return this.#notFound();
        }
        return (await this.#reachable()) ? this.#notFound() : this.#networkFailure();
      default:
        return ['unplayable', FORMAT_MESSAGE];
    }
  }

  #name() {
    const name = /([^/?#]+)(?:[?#].*)?$/.exec(this.url)?.[1] ?? this.url;
    try {
      return decodeURIComponent(name);
    } catch {
      return name;
    }
  }

  #notFound() {
    if (!/^https?:/i.test(this.url)) {
      return ['not-found',
        `“${this.#name()}” wasn't found. It may have been moved, renamed or deleted.`];
    }
    return ['not-found', `${new URL(this.url).hostname} has no video at this address ` +
      `(“${this.#name()}”).`];
  }

  #networkFailure() {
    const where = /^https?:/i.test(this.url) ? new URL(this.url).hostname : 'the video file';
    return ['network', `The video couldn't be downloaded from ${where}. ` +
      'Check your internet connection and try again.'];
  }

  // A no-cors HEAD tells "the server answered" (no such video) from "no answer".
  async #reachable() {
    const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 5000));
    const probe = fetch(this.url, {method: 'HEAD', mode: 'no-cors', cache: 'no-store',
      credentials: 'omit'}).then(() => true, () => false);
    return Promise.race([probe, timeout]);
  }
}

// ---- The pane: the current player, its state, and the bridge ----------------

class Pane {
  player = new NoPlayer();
  ready = false;
  error = null;
  rate = 1;
  volume = 1;
  muted = false;
  lastSeek = null;
  #bridge = null;
  #pending = null; // {seek, play} asked for before the player was ready
  #lastReport = 0;

  connect(bridge) {
    this.#bridge = bridge;
    bridge.loadRequested.connect((kind, value) => this.load(String(kind), String(value)));
    bridge.seekRequested.connect((seconds, play) => this.seek(seconds, play));
    bridge.commandRequested.connect((name, value) => this.command(String(name), value));
    bridge.themeRequested.connect((theme) => {
      // Null while the page is between two documents: it is built with the theme then.
      const root = document.documentElement;
      if (root) root.dataset.theme = theme === 'dark' ? 'dark' : 'light';
    });
    // Cue text comes from a file beside the note: it is text, never markup.
    bridge.captionRequested.connect((text) => {
      els.caption.textContent = String(text ?? '');
      els.caption.hidden = !els.caption.textContent;
    });
    bridge.captionsShownRequested.connect((shown) => {
      els.captions.hidden = !shown;
    });
    els.openButton.addEventListener('click', () => this.#send('reportOpenInBrowser'));
    this.#send('reportReady');
  }

  #send(name, ...args) {
    try {
      this.#bridge?.[name](...args);
    } catch (error) {
      console.error(`bridge.${name} failed: ${error}`);
    }
  }

  load(kind, value) {
    if (kind === this.player.kind && value && (value === this.player.id ||
        value === this.player.url) && !this.error) {
      return; // the same video again: it keeps playing where it is
    }
    this.error = null;
    this.lastSeek = null;
    this.#pending = null;
    els.body.dataset.player = kind; // where the captions sit depends on whose controls show
    if (kind === 'youtube' && value && this.player.kind === 'youtube' && this.ready) {
      this.player.cue(value);
      this.report(true);
      return;
    }
    this.player.destroy();
    this.ready = false;
    if (kind === 'youtube' && value) {
      this.player = new YouTubePlayer(value, this);
    } else if (kind === 'media' && value) {
      this.player = new MediaPlayer(value, this);
    } else {
      this.player = new NoPlayer();
      if (value) {
        this.#show('empty', "This note's video can't be used", value);
      } else {
        this.#show('empty', 'This note has no video');
      }
      this.report(true);
      return;
    }
    this.#show('loading', 'Loading video…');
    this.report(true);
    const player = this.player;
    player.start().then(() => {
      if (player !== this.player) {
        return;
      }
      this.ready = true;
      this.#show('video');
      player.setRate(this.rate);
      player.setVolume(this.volume, this.muted);
      const pending = this.#pending;
      this.#pending = null;
      if (pending?.seek != null) {
        player.seek(pending.seek);
      }
      if (pending?.play) {
        player.play();
      }
      this.report(true);
    }, (failure) => {
      if (player === this.player && failure) {
        this.fail(...failure);
      }
    });
  }

  seek(seconds, play = true) {
    const s = Number(seconds);
    if (!Number.isFinite(s) || this.player.kind === 'none') {
      return;
    }
    if (this.error) {
      // It cannot play here: the way out goes to the moment asked for.
      this.lastSeek = Math.max(0, s);
      this.#showWatchButton();
      return;
    }
    const duration = this.player.duration();
    const target = Math.max(0, duration > 0 ? Math.min(s, duration) : s);
    this.lastSeek = target;
    if (!this.ready) {
      this.#pending = {seek: target, play: play || Boolean(this.#pending?.play)};
      return;
    }
    this.player.seek(target);
    if (play) {
      this.player.play();
    }
  }

  command(name, value) {
    const v = finite(value, 0);
    switch (name) {
      case 'rate':
        this.rate = Math.min(2, Math.max(0.25, v || 1));
        this.player.setRate(this.rate);
        break;
      case 'volume':
        this.volume = Math.min(1, Math.max(0, v));
        this.player.setVolume(this.volume, this.muted);
        break;
      case 'mute':
        this.muted = v !== 0;
        this.player.setVolume(this.volume, this.muted);
        break;
      default:
        this.#transport(name, v);
        return;
    }
    this.report(true);
  }

  #transport(name, value) {
    if (this.player.kind === 'none' || this.error) {
      return;
    }
    if (!this.ready) {
      const pending = this.#pending ?? {seek: null, play: false};
      if (name === 'toggle') {
        pending.play = !pending.play;
      } else if (name === 'play' || name === 'pause') {
        pending.play = name === 'play';
      } else if (name === 'skip' || name === 'frame') {
        const by = name === 'frame' ? value * FRAME_S : value;
        pending.seek = Math.max(0, (pending.seek ?? 0) + by);
        pending.play = pending.play && name !== 'frame';
        this.lastSeek = pending.seek;
      }
      this.#pending = pending;
      return;
    }
    const player = this.player;
    if (name === 'toggle') {
      player.playing() ? player.pause() : player.play();
    } else if (name === 'play') {
      player.play();
    } else if (name === 'pause') {
      player.pause();
    } else if (name === 'skip') {
      this.seek(player.time() + value, false);
    } else if (name === 'frame') {
      if (player.playing()) {
        player.pause();
      }
      this.seek(player.time() + value * FRAME_S, false);
    } else {
      console.warn(`unknown player command ${JSON.stringify(name)}`);
    }
  }

  seeked(seconds) {
    this.#send('reportSeeked', finite(seconds, 0));
    this.report(true);
  }

  report(force) {
    const now = Date.now();
    if (!force && now - this.#lastReport < STATE_MIN_INTERVAL_MS) {
      return;
    }
    this.#lastReport = now;
    const s = this.state();
    this.#send('reportState', s.currentTime, s.duration, s.playing, this.rate, this.volume,
      this.muted);
  }

  fail(code, message) {
    this.error = code;
    this.ready = false;
    this.#pending = null;
    this.#show('error', TITLES[code] ?? DEFAULT_TITLE, message);
    this.#showWatchButton();
    this.#send('reportFailure', code, message);
    this.report(true);
  }

  // ui: "loading" | "empty" | "error" | "video"
  #show(ui, title = '', message = '') {
    els.body.dataset.state = ui;
    els.title.textContent = title;
    els.message.textContent = message;
    els.openButton.hidden = true;
  }

  // A YouTube video that cannot play here can still be watched there, at the moment asked.
  #showWatchButton() {
    if (this.player.kind !== 'youtube') {
      return;
    }
    const at = this.lastSeek ?? 0;
    els.openLabel.textContent = at >= 1 ? `Watch on YouTube at ${clock(at)}` : 'Watch on YouTube';
    els.openButton.hidden = false;
  }

  // What the page plays now; read by the app's tests.
  state() {
    const live = this.ready && !this.error;
    return {
      kind: this.player.kind,
      ready: live,
      currentTime: live ? this.player.time() : (this.lastSeek ?? 0),
      duration: live ? this.player.duration() : 0,
      playing: live && this.player.playing(),
      error: this.error,
      lastSeek: this.lastSeek,
    };
  }
}

const pane = new Pane();
window.viewerPlayer = {state: () => pane.state()};

if (window.qt?.webChannelTransport && typeof QWebChannel === 'function') {
  new QWebChannel(window.qt.webChannelTransport, (channel) => {
    const bridge = channel.objects.bridge;
    if (bridge) {
      pane.connect(bridge);
    } else {
      console.error('the web channel has no "bridge" object');
    }
  });
} else {
  console.error('no QWebChannel transport: the player cannot reach the app');
}
