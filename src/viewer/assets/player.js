/* Viewer: the video pane.
 *
 * Loaded once, inlined into player.html by Python. Talks to Python over a
 * QWebChannel object named "bridge" (qwebchannel.js is injected by Python at
 * DocumentCreation, before this script runs).
 *
 * Python -> page (Qt signals):
 *   loadRequested(kind, value)      kind: "youtube" | "media" | "none"
 *   seekRequested(seconds)          seek there and play
 *   commandRequested(name, value)   "toggle" | "play" | "pause" | "skip" (value = seconds)
 * Page -> Python (slots):
 *   pageReady()
 *   stateChanged(currentTime, duration, playing)
 *   seeked(currentTime)
 *   failed(code, message)           "offline" | "embed-blocked" | "not-found" |
 *                                   "invalid" | "unplayable" | "network"
 *   openInBrowserClicked()
 *
 * window.viewerPlayer exposes state(), load(), seek() and command() for the
 * app and for tests.
 *
 * Nothing here builds HTML from strings: messages may carry user data, so all
 * text goes through textContent.
 */
(function () {
  'use strict';

  var YT_API_URL = 'https://www.youtube.com/iframe_api';
  var YT_API_TIMEOUT_MS = 10000;
  var POLL_MS = 250;            // YouTube time polling while playing
  var STATE_MIN_INTERVAL_MS = 250; // throttle for periodic stateChanged

  // YT.PlayerState values, fixed by the IFrame API.
  var YT_UNSTARTED = -1;
  var YT_ENDED = 0;
  var YT_PLAYING = 1;
  var YT_PAUSED = 2;
  var YT_BUFFERING = 3;
  var YT_CUED = 5;

  var FORMAT_MESSAGE =
    "This video's format can't be played here. " +
    'H.264/MP4 is not supported; WebM (VP8/VP9/AV1) is.';

  var DAMAGED_MESSAGE =
    "This file can't be read as a video: it may be damaged, or its format isn't " +
    'supported here. WebM (VP8/VP9/AV1) is supported; H.264/MP4 is not.';

  var TITLES = {
    'offline': "YouTube can't be reached",
    'embed-blocked': "This video can't be embedded",
    'not-found': "This video can't be found",
    'invalid': "This video can't be played",
    'unplayable': "This video can't be played",
    'network': 'The video stopped loading'
  };
  var DEFAULT_TITLE = "This video can't be played";

  var els = {
    body: document.body,
    ytHost: document.getElementById('yt-host'),
    media: document.getElementById('media'),
    title: document.getElementById('status-title'),
    message: document.getElementById('status-message'),
    openButton: document.getElementById('open-in-browser')
  };

  var bridge = null;

  // What the pane shows now. `value` is the YouTube id or the media URL.
  var st = freshState('none', '');
  var gen = 0;            // bumped on every load that changes what is shown
  var pendingSeek = null; // {seconds, play}: latest seek that arrived before ready
  var pendingPlay = null; // true/false: play/pause asked for before ready
  var lastEmit = 0;

  var yt = {
    player: null,   // YT.Player, reused across YouTube ids once ready
    token: null,    // identifies the current player's event handlers
    videoId: null,
    ready: false,   // onReady has fired for yt.player
    pollTimer: null
  };

  var ytApi = {
    state: 'idle',  // idle | loading | ready | failed
    hooked: false,  // window.onYouTubeIframeAPIReady installed
    script: null,
    timer: null,
    waiter: null    // {ok: fn, fail: fn} of the latest load waiting for the API
  };

  function freshState(kind, value) {
    return {
      kind: kind,
      value: value,
      ready: false,
      currentTime: 0,
      duration: 0,
      playing: false,
      error: null,
      lastSeek: null
    };
  }

  // ---- Bridge ---------------------------------------------------------------

  function callBridge(name) {
    if (!bridge || typeof bridge[name] !== 'function') {
      return;
    }
    var args = Array.prototype.slice.call(arguments, 1);
    try {
      bridge[name].apply(bridge, args);
    } catch (e) {
      console.error('viewer: bridge.' + name + ' failed: ' + e);
    }
  }

  function finite(n, fallback) {
    n = Number(n);
    return isFinite(n) ? n : fallback;
  }

  function emitState(force) {
    var now = Date.now();
    if (!force && now - lastEmit < STATE_MIN_INTERVAL_MS) {
      return;
    }
    lastEmit = now;
    refreshTimes();
    callBridge('stateChanged', st.currentTime, st.duration, st.playing);
  }

  function connectBridge() {
    if (typeof QWebChannel === 'undefined' || !window.qt || !qt.webChannelTransport) {
      console.warn('viewer: no QWebChannel transport; running without Python');
      return;
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      var b = channel.objects.bridge;
      if (!b) {
        console.error('viewer: the web channel has no "bridge" object');
        return;
      }
      b.loadRequested.connect(function (kind, value) { load(kind, value); });
      b.seekRequested.connect(function (seconds) { seek(seconds); });
      b.commandRequested.connect(function (name, value) { command(name, value); });
      b.themeRequested.connect(function (theme) {
        document.documentElement.dataset.theme = theme === 'dark' ? 'dark' : 'light';
      });
      bridge = b;
      callBridge('pageReady');
    });
  }

  // ---- Status panel ---------------------------------------------------------

  // ui: "loading" | "empty" | "error" | "video"
  function setUi(ui, title, message, withOpenButton) {
    els.body.setAttribute('data-state', ui);
    els.title.textContent = title || '';
    els.message.textContent = message || '';
    els.openButton.hidden = !withOpenButton;
  }

  function showLoading() {
    setUi('loading', 'Loading video…', '', false);
  }

  function showVideo() {
    setUi('video', '', '', false);
  }

  function fail(code, message) {
    st.error = code;
    st.playing = false;
    st.ready = false;
    pendingSeek = null;
    pendingPlay = null;
    stopPoll();
    setUi('error', TITLES[code] || DEFAULT_TITLE, message, st.kind === 'youtube');
    callBridge('failed', code, message);
    emitState(true);
  }

  els.openButton.addEventListener('click', function () {
    callBridge('openInBrowserClicked');
  });

  // ---- Loading --------------------------------------------------------------

  function load(kind, value) {
    kind = String(kind == null ? 'none' : kind);
    value = String(value == null ? '' : value);
    if (kind === 'youtube' && value) {
      loadYouTube(value);
    } else if (kind === 'media' && value) {
      loadMedia(value);
    } else {
      if (kind !== 'none') {
        console.warn('viewer: unknown load kind ' + JSON.stringify(kind) + '; showing nothing');
      }
      loadNone();
    }
  }

  function begin(kind, value) {
    gen += 1;
    st = freshState(kind, value);
    pendingSeek = null;
    pendingPlay = null;
    lastEmit = 0;
  }

  function loadNone() {
    if (st.kind === 'none' && els.body.getAttribute('data-state') === 'empty') {
      return;
    }
    teardownYouTube();
    teardownMedia();
    begin('none', '');
    setUi('empty', 'This note has no video', '', false);
    emitState(true);
  }

  // ---- Media (HTML5 <video>) ------------------------------------------------

  function loadMedia(url) {
    if (st.kind === 'media' && st.value === url && !st.error) {
      return; // already showing this file
    }
    teardownYouTube();
    teardownMedia();
    begin('media', url);
    showLoading();
    var v = els.media;
    v.hidden = false;
    v.src = url;
    v.load();
    emitState(true);
  }

  function teardownMedia() {
    var v = els.media;
    if (!v.hasAttribute('src')) {
      v.hidden = true;
      return;
    }
    try {
      v.pause();
    } catch (e) { /* ignore */ }
    v.removeAttribute('src');
    v.load(); // drops the old resource and its network activity
    v.hidden = true;
  }

  function mediaActive() {
    return st.kind === 'media' && !st.error && els.media.hasAttribute('src');
  }

  function mediaReady() {
    return mediaActive() && els.media.readyState >= 1; // HAVE_METADATA
  }

  function playMedia() {
    var p;
    try {
      p = els.media.play();
    } catch (e) {
      console.warn('viewer: play() threw: ' + e);
      return;
    }
    if (p && typeof p.catch === 'function') {
      p.catch(function (err) {
        // AbortError when a new load/pause interrupts; NotAllowedError when
        // autoplay is refused. Neither is a failure of the video itself.
        console.warn('viewer: play() was not allowed: ' + (err && err.name));
        st.playing = !els.media.paused;
        emitState(true);
      });
    }
  }

  function onMediaEvent(ev) {
    if (!mediaActive()) {
      return;
    }
    var v = els.media;
    switch (ev.type) {
      case 'loadedmetadata':
        st.ready = true;
        st.duration = finite(v.duration, 0);
        showVideo();
        applyPending();
        emitState(true);
        break;
      case 'durationchange':
        st.duration = finite(v.duration, 0);
        emitState(true);
        break;
      case 'play':
      case 'playing':
      case 'pause':
      case 'ended':
        st.playing = !v.paused && !v.ended;
        emitState(true);
        break;
      case 'seeked':
        st.currentTime = finite(v.currentTime, 0);
        callBridge('seeked', st.currentTime);
        emitState(true);
        break;
      case 'timeupdate':
        emitState(false);
        break;
    }
  }

  ['loadedmetadata', 'durationchange', 'play', 'playing', 'pause', 'ended', 'seeked',
    'timeupdate'].forEach(function (name) {
    els.media.addEventListener(name, onMediaEvent);
  });

  els.media.addEventListener('error', function () {
    var v = els.media;
    if (st.kind !== 'media' || st.error || !v.hasAttribute('src')) {
      return;
    }
    var err = v.error;
    var myGen = gen;
    classifyMediaError(
      err ? err.code : 0,
      err ? String(err.message || '') : '',
      st.value,
      function (c) {
        if (c && myGen === gen && st.kind === 'media' && !st.error) {
          fail(c.code, c.message);
        }
      });
  });

  function looksLikeMp4(url) {
    return /\.(mp4|m4v|mov|3gp)(?:[?#]|$)/i.test(url);
  }

  // "talk.webm" from ".../talk.webm?x=1", for messages.
  function fileNameOf(url) {
    var m = /([^\/?#]+)(?:[?#].*)?$/.exec(url);
    var name = m ? m[1] : url;
    try {
      name = decodeURIComponent(name);
    } catch (e) { /* keep it encoded */ }
    return name;
  }

  function hostOf(url) {
    var a = document.createElement('a');
    a.href = url;
    return a.hostname || url;
  }

  function isHttp(url) {
    return /^https?:/i.test(url);
  }

  function notFoundResult(url) {
    if (!isHttp(url)) { // the app's own scheme: a file of the notes folder
      return {
        code: 'not-found',
        message: '\u201C' + fileNameOf(url) + "\u201D wasn't found. " +
          'It may have been moved, renamed or deleted.'
      };
    }
    return {
      code: 'not-found',
      message: hostOf(url) + ' has no video at this address (\u201C' + fileNameOf(url) + '\u201D).'
    };
  }

  function networkResult(url) {
    var where = isHttp(url) ? hostOf(url) : 'the video file';
    return {
      code: 'network',
      message: "The video couldn't be downloaded from " + where + '. ' +
        'Check your internet connection and try again.'
    };
  }

  // Chromium reports both "the server said 404 / could not connect" and
  // "the bytes are not a playable format" as MEDIA_ERR_SRC_NOT_SUPPORTED. A
  // real format problem carries a demuxer/decoder detail in error.message; a
  // failed fetch only says "MEDIA_ELEMENT_ERROR: Format error". For http(s),
  // a no-cors HEAD probe then tells "server answered" (not-found) from
  // "server unreachable" (network).
  function probeHttp(url, done) {
    var probeUrl = url;
    // Chromium upgrades http:// media to https:// on an https page unless the
    // host is an IP address or localhost; probe what the element fetched.
    var host = hostOf(url);
    if (/^http:/i.test(url) && !/^(\d+\.\d+\.\d+\.\d+|\[.*\]|localhost)$/i.test(host)) {
      probeUrl = 'https:' + url.slice(5);
    }
    var settled = false;
    var timer = setTimeout(function () { finish(false); }, 5000);
    function finish(reachable) {
      if (settled) { return; }
      settled = true;
      clearTimeout(timer);
      done(reachable ? notFoundResult(url) : networkResult(url));
    }
    if (typeof fetch !== 'function') {
      finish(true);
      return;
    }
    fetch(probeUrl, {method: 'HEAD', mode: 'no-cors', cache: 'no-store', credentials: 'omit'})
      .then(function () { finish(true); }, function () { finish(false); });
  }

  // Map an HTMLMediaError onto the bridge's codes and call done(result|null).
  // Chromium's message text is not a stable API, so it is only used as a hint.
  function classifyMediaError(code, detail, url, done) {
    var fetchFailed = !detail || /^MEDIA_ELEMENT_ERROR: Format error\s*$/i.test(detail);
    switch (code) {
      case 1: // MEDIA_ERR_ABORTED: the load was cancelled (usually by us)
        done(null);
        return;
      case 2: // MEDIA_ERR_NETWORK
        done(networkResult(url));
        return;
      case 3: // MEDIA_ERR_DECODE
        done({code: 'unplayable', message: FORMAT_MESSAGE});
        return;
      case 4: // MEDIA_ERR_SRC_NOT_SUPPORTED: wrong format, or nothing came back
        if (/COULD_NOT_OPEN|open context failed/i.test(detail) && !looksLikeMp4(url)) {
          done({code: 'unplayable', message: DAMAGED_MESSAGE});
        } else if (!fetchFailed) {
          done({code: 'unplayable', message: FORMAT_MESSAGE});
        } else if (isHttp(url)) {
          probeHttp(url, done);
        } else {
          done(notFoundResult(url)); // the app's scheme had no such file
        }
        return;
      default:
        done({code: 'unplayable', message: FORMAT_MESSAGE});
    }
  }

  // ---- YouTube (IFrame Player API) ------------------------------------------

  function loadYouTube(id) {
    if (st.kind === 'youtube' && yt.videoId === id && !st.error) {
      return; // the same video again: nothing to do
    }
    teardownMedia();
    var reuse = st.kind === 'youtube' && yt.player && yt.ready;
    begin('youtube', id);
    yt.videoId = id;
    if (reuse) {
      // Keep the iframe; just swap the video (cued: autoplay stays off).
      stopPoll();
      try {
        yt.player.cueVideoById(id);
        st.ready = true;
        els.ytHost.hidden = false;
        showVideo();
        emitState(true);
        return;
      } catch (e) {
        console.warn('viewer: cueVideoById failed, recreating the player: ' + e);
      }
    }
    teardownYouTube();
    yt.videoId = id;
    showLoading();
    emitState(true);
    var myGen = gen;
    withYouTubeApi(
      function () {
        if (myGen === gen) {
          createYouTubePlayer(id);
        }
      },
      function (message) {
        if (myGen === gen) {
          fail('offline', message);
        }
      }
    );
  }

  function teardownYouTube() {
    stopPoll();
    if (yt.player) {
      try {
        yt.player.destroy();
      } catch (e) { /* ignore */ }
    }
    yt.player = null;
    yt.token = null;
    yt.videoId = null;
    yt.ready = false;
    while (els.ytHost.firstChild) {
      els.ytHost.removeChild(els.ytHost.firstChild);
    }
    els.ytHost.hidden = true;
  }

  function youTubeApiPresent() {
    return !!(window.YT && typeof window.YT.Player === 'function');
  }

  function withYouTubeApi(ok, failCb) {
    if (ytApi.state === 'ready' || (youTubeApiPresent() && window.YT.loaded === 1)) {
      ytApi.state = 'ready';
      ok();
      return;
    }
    ytApi.waiter = {ok: ok, fail: failCb};
    if (ytApi.state === 'loading') {
      return;
    }
    ytApi.state = 'loading';

    if (!ytApi.hooked) {
      // The IFrame API calls this global once it is usable.
      ytApi.hooked = true;
      var previous = window.onYouTubeIframeAPIReady;
      window.onYouTubeIframeAPIReady = function () {
        if (typeof previous === 'function') {
          try { previous(); } catch (e) { /* not ours */ }
        }
        youTubeApiArrived();
      };
    }

    var s = document.createElement('script');
    s.src = YT_API_URL;
    s.async = true;
    s.onerror = function () {
      youTubeApiFailed(
        "The YouTube player couldn't be downloaded. " +
        "Check your internet connection, or open the video in your browser.");
    };
    ytApi.script = s;
    clearTimeout(ytApi.timer);
    ytApi.timer = setTimeout(function () {
      youTubeApiFailed(
        "YouTube didn't answer within " + Math.round(YT_API_TIMEOUT_MS / 1000) + ' seconds. ' +
        'Check your internet connection, or open the video in your browser.');
    }, YT_API_TIMEOUT_MS);
    (document.head || document.documentElement).appendChild(s);
  }

  function youTubeApiArrived() {
    clearTimeout(ytApi.timer);
    ytApi.timer = null;
    var waiter = ytApi.waiter;
    ytApi.waiter = null;
    var wasFailed = ytApi.state === 'failed';
    ytApi.state = 'ready';
    if (waiter) {
      waiter.ok();
    } else if (wasFailed && st.kind === 'youtube' && st.error === 'offline' && !yt.player) {
      // The API turned up after the timeout: recover the current video.
      var id = st.value;
      begin('youtube', id);
      yt.videoId = id;
      showLoading();
      createYouTubePlayer(id);
    }
  }

  function youTubeApiFailed(message) {
    if (ytApi.state !== 'loading') {
      return;
    }
    clearTimeout(ytApi.timer);
    ytApi.timer = null;
    ytApi.state = 'failed';
    if (ytApi.script && ytApi.script.parentNode) {
      ytApi.script.parentNode.removeChild(ytApi.script);
    }
    ytApi.script = null;
    var waiter = ytApi.waiter;
    ytApi.waiter = null;
    if (waiter) {
      waiter.fail(message);
    }
  }

  function createYouTubePlayer(id) {
    var token = {};
    yt.token = token;
    yt.ready = false;
    yt.videoId = id;
    var target = document.createElement('div');
    target.id = 'yt-player-' + gen;
    while (els.ytHost.firstChild) {
      els.ytHost.removeChild(els.ytHost.firstChild);
    }
    els.ytHost.appendChild(target);
    els.ytHost.hidden = false;

    function mine() {
      return yt.token === token && st.kind === 'youtube';
    }

    try {
      yt.player = new window.YT.Player(target.id, {
        width: '100%',
        height: '100%',
        videoId: id,
        playerVars: {
          playsinline: 1,
          rel: 0,
          modestbranding: 1,
          enablejsapi: 1,
          origin: window.location.origin,
          autoplay: 0
        },
        events: {
          onReady: function () {
            if (!mine()) { return; }
            yt.ready = true;
            if (st.error) { return; } // an onError already arrived
            st.ready = true;
            showVideo();
            applyPending();
            emitState(true);
          },
          onStateChange: function (ev) {
            if (!mine()) { return; }
            onYouTubeState(ev ? ev.data : undefined);
          },
          onError: function (ev) {
            if (!mine()) { return; }
            var c = classifyYouTubeError(ev ? ev.data : undefined);
            fail(c.code, c.message);
          }
        }
      });
    } catch (e) {
      fail('unplayable', "The YouTube player couldn't start: " + e);
    }
  }

  function classifyYouTubeError(code) {
    switch (Number(code)) {
      case 2:
        return {code: 'invalid', message: 'YouTube rejected the request: the video id is not valid.'};
      case 5:
        return {
          code: 'unplayable',
          message: "YouTube's player can't play this video here. You can still watch it on YouTube."
        };
      case 100:
        return {
          code: 'not-found',
          message: 'YouTube says this video does not exist, was removed, or is private.'
        };
      case 101:
      case 150:
        return {
          code: 'embed-blocked',
          message: "The video's owner doesn't allow it to be played inside other apps. " +
            'You can still watch it on YouTube.'
        };
      case 152:
      case 153:
        return {
          code: 'embed-blocked',
          message: 'YouTube refused to play this video in an embedded player (error ' + code +
            '). You can still watch it on YouTube.'
        };
      default:
        return {
          code: 'unplayable',
          message: 'YouTube reported an error (' + code + ') for this video.'
        };
    }
  }

  function onYouTubeState(s) {
    if (st.error) {
      return;
    }
    if (s === YT_PLAYING) {
      st.playing = true;
    } else if (s === YT_PAUSED || s === YT_ENDED || s === YT_CUED || s === YT_UNSTARTED) {
      st.playing = false;
    } // YT_BUFFERING keeps the previous value
    if (s === YT_PLAYING || s === YT_BUFFERING) {
      startPoll();
    } else {
      stopPoll();
    }
    emitState(true);
  }

  function startPoll() {
    if (yt.pollTimer) {
      return;
    }
    yt.pollTimer = setInterval(function () {
      if (st.kind !== 'youtube' || !yt.player || st.error) {
        stopPoll();
        return;
      }
      emitState(true);
    }, POLL_MS);
  }

  function stopPoll() {
    if (yt.pollTimer) {
      clearInterval(yt.pollTimer);
      yt.pollTimer = null;
    }
  }

  function youTubeReady() {
    return st.kind === 'youtube' && !st.error && !!yt.player && yt.ready;
  }

  function ytCall(name) {
    if (!yt.player || typeof yt.player[name] !== 'function') {
      return undefined;
    }
    try {
      return yt.player[name].apply(yt.player, Array.prototype.slice.call(arguments, 1));
    } catch (e) {
      console.warn('viewer: YT ' + name + ' failed: ' + e);
      return undefined;
    }
  }

  // ---- Time and state -------------------------------------------------------

  function refreshTimes() {
    if (st.kind === 'youtube' && youTubeReady()) {
      st.currentTime = finite(ytCall('getCurrentTime'), st.currentTime);
      var d = finite(ytCall('getDuration'), 0);
      if (d > 0) {
        st.duration = d;
      }
    } else if (st.kind === 'media' && mediaReady()) {
      st.currentTime = finite(els.media.currentTime, st.currentTime);
      st.duration = finite(els.media.duration, st.duration);
      st.playing = !els.media.paused && !els.media.ended;
    }
  }

  function isReady() {
    if (st.kind === 'youtube') {
      return youTubeReady();
    }
    if (st.kind === 'media') {
      return mediaReady();
    }
    return false;
  }

  function clampTime(seconds) {
    var t = Math.max(0, seconds);
    if (st.duration > 0) {
      t = Math.min(t, st.duration);
    }
    return t;
  }

  function applyPending() {
    var p = pendingSeek;
    var play = pendingPlay;
    pendingSeek = null;
    pendingPlay = null;
    if (p) {
      refreshTimes();
      doSeek(p.seconds, p.play || play === true);
      if (!p.play && play === false) {
        doPause();
      }
    } else if (play === true) {
      doPlay();
    }
  }

  function doSeek(seconds, play) {
    var t = clampTime(seconds);
    if (st.kind === 'youtube') {
      ytCall('seekTo', t, true);
      if (play) {
        ytCall('playVideo');
      }
      st.currentTime = t;
      callBridge('seeked', t);
      emitState(true);
    } else if (st.kind === 'media') {
      els.media.currentTime = t; // the "seeked" event reports back
      if (play) {
        playMedia();
      }
    }
  }

  function doPlay() {
    if (st.kind === 'youtube') {
      ytCall('playVideo');
    } else if (st.kind === 'media') {
      playMedia();
    }
  }

  function doPause() {
    if (st.kind === 'youtube') {
      ytCall('pauseVideo');
    } else if (st.kind === 'media') {
      els.media.pause();
    }
  }

  function isPlayingNow() {
    if (st.kind === 'youtube') {
      var s = ytCall('getPlayerState');
      return s === YT_PLAYING || s === YT_BUFFERING;
    }
    if (st.kind === 'media') {
      return !els.media.paused && !els.media.ended;
    }
    return false;
  }

  // ---- Public API -----------------------------------------------------------

  function seek(seconds) {
    var s = Number(seconds);
    if (!isFinite(s) || st.kind === 'none' || st.error) {
      return;
    }
    s = Math.max(0, s);
    st.lastSeek = s;
    if (!isReady()) {
      pendingSeek = {seconds: s, play: true}; // only the latest is kept
      return;
    }
    doSeek(s, true);
  }

  function command(name, value) {
    name = String(name);
    if (st.kind === 'none' || st.error) {
      return;
    }
    var ready = isReady();
    switch (name) {
      case 'toggle':
        if (!ready) {
          pendingPlay = !(pendingPlay === true || (pendingSeek && pendingSeek.play));
          if (pendingSeek) { pendingSeek.play = pendingPlay; }
        } else if (isPlayingNow()) {
          doPause();
        } else {
          doPlay();
        }
        break;
      case 'play':
        if (!ready) {
          pendingPlay = true;
        } else {
          doPlay();
        }
        break;
      case 'pause':
        if (!ready) {
          pendingPlay = false;
          if (pendingSeek) { pendingSeek.play = false; }
        } else {
          doPause();
        }
        break;
      case 'skip': {
        var delta = finite(value, 0);
        if (!ready) {
          var base = pendingSeek ? pendingSeek.seconds : st.currentTime;
          var target = Math.max(0, base + delta);
          st.lastSeek = target;
          pendingSeek = {seconds: target, play: pendingSeek ? pendingSeek.play : false};
          break;
        }
        refreshTimes();
        var t = clampTime(st.currentTime + delta);
        st.lastSeek = t;
        doSeek(t, false);
        break;
      }
      default:
        console.warn('viewer: unknown command ' + JSON.stringify(name));
    }
  }

  function state() {
    refreshTimes();
    return {
      kind: st.kind,
      ready: isReady(),
      currentTime: st.currentTime,
      duration: st.duration,
      playing: st.kind === 'none' || st.error ? false : st.playing,
      error: st.error,
      lastSeek: st.lastSeek
    };
  }

  window.viewerPlayer = {
    state: state,
    load: load,
    seek: seek,
    command: command
  };

  showLoading();
  connectBridge();
})();
