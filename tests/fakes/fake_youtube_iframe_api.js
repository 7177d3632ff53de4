/*
 * FAKE YouTube IFrame Player API -- for tests only.
 *
 * This is NOT YouTube's code. It stands in for https://www.youtube.com/iframe_api
 * because the tests run without network access. Tests serve this file in place
 * of the real script (e.g. a request interceptor redirects the iframe_api URL
 * to it). It mimics the small part of the API that the player page uses:
 *
 *   window.YT = {Player, PlayerState, loaded: 1}, then onYouTubeIframeAPIReady()
 *
 * The fake Player replaces its target element with
 *   <div class="fake-youtube-player" data-video-id="...">FAKE YouTube player: <id> ...</div>
 * keeps a simulated clock (the time advances in real time while "playing"),
 * and records every API call (getters included) in window.__fakeYouTube.calls
 * as [name, ...args], e.g. ["seekTo", 163, true]. window.__fakeYouTube.players lists the players.
 *
 * Like the real API, it also adds the iframe YouTube's player would live in,
 * https://www.youtube.com/embed/<id>?<playerVars>, so a test can see that request (with
 * its Referer) at the profile's interceptor; the test's interceptor blocks it there.
 *
 * Special video ids (11 characters, like real ones) answer onError({data: code})
 * instead of onReady:
 *   "EMBEDBLOCKD" -> 150 and "NOEMBED-101" -> 101 (embedding disabled by the owner)
 *   "NOTFOUND100" -> 100 (video not found)
 *   "IDENTITY152", "IDENTITY153" -> 152, 153 (YouTube cannot tell who embeds it)
 */
(function () {
  'use strict';

  var PlayerState = {UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5};
  var DURATION = 3600;
  var ERROR_IDS = {
    EMBEDBLOCKD: 150, 'NOEMBED-101': 101, NOTFOUND100: 100, IDENTITY152: 152, IDENTITY153: 153
  };

  var record = window.__fakeYouTube || {calls: [], players: []};
  window.__fakeYouTube = record;

  function log(name, args) {
    var entry = [name];
    for (var i = 0; i < args.length; i++) {
      entry.push(args[i]);
    }
    record.calls.push(entry);
  }

  function FakePlayer(target, options) {
    options = options || {};
    log('Player', [typeof target === 'string' ? target : '(element)', options.videoId]);
    var el = typeof target === 'string' ? document.getElementById(target) : target;
    if (!el) {
      throw new Error('FAKE YT.Player: no element ' + target);
    }
    this._options = options;
    this._events = options.events || {};
    this._videoId = options.videoId || '';
    this._state = PlayerState.UNSTARTED;
    this._baseTime = 0;     // seconds at _since
    this._since = null;     // Date.now() when playing started, null while not playing
    this._destroyed = false;

    var box = document.createElement('div');
    box.className = 'fake-youtube-player';
    box.id = el.id;
    box.style.cssText =
      'display:flex;flex-direction:column;align-items:center;justify-content:center;gap:8px;' +
      'background:#202124;color:#f1f3f4;font:600 18px/1.4 monospace;';
    this._label = document.createElement('div');
    this._clock = document.createElement('div');
    this._clock.className = 'fake-youtube-time';
    this._clock.style.cssText = 'font-weight:400;font-size:15px;opacity:.8';
    box.appendChild(this._label);
    box.appendChild(this._clock);
    var frame = document.createElement('iframe');
    frame.src = 'https://www.youtube.com/embed/' + encodeURIComponent(this._videoId) + '?' +
      new URLSearchParams(options.playerVars || {}).toString();
    frame.style.cssText = 'width:1px;height:1px;border:0;opacity:0';
    box.appendChild(frame);
    el.parentNode.replaceChild(box, el);
    this._el = box;
    this._render();

    var self = this;
    this._ticker = setInterval(function () { self._render(); }, 200);
    record.players.push(this);

    setTimeout(function () {
      if (self._destroyed) { return; }
      var err = ERROR_IDS[self._videoId];
      if (err) {
        self._fire('onError', {data: err});
      } else {
        self._fire('onReady', {});
      }
    }, 50);
  }

  FakePlayer.prototype._fire = function (name, payload) {
    var fn = this._events[name];
    if (typeof fn === 'function') {
      payload.target = this;
      fn(payload);
    }
  };

  FakePlayer.prototype._now = function () {
    if (this._since === null) {
      return this._baseTime;
    }
    return Math.min(DURATION, this._baseTime + (Date.now() - this._since) / 1000);
  };

  FakePlayer.prototype._setState = function (s) {
    if (this._state === s) { return; }
    this._state = s;
    var self = this;
    setTimeout(function () {
      if (!self._destroyed) { self._fire('onStateChange', {data: s}); }
    }, 0);
  };

  FakePlayer.prototype._render = function () {
    if (!this._el) { return; }
    this._el.setAttribute('data-video-id', this._videoId);
    this._label.textContent = 'FAKE YouTube player: ' + this._videoId;
    var t = this._now();
    var m = Math.floor(t / 60);
    var s = Math.floor(t % 60);
    this._clock.textContent = m + ':' + (s < 10 ? '0' : '') + s +
      (this._state === PlayerState.PLAYING ? '  (playing)' : '  (paused)');
  };

  FakePlayer.prototype.playVideo = function () {
    log('playVideo', arguments);
    if (this._since === null) { this._since = Date.now(); }
    this._setState(PlayerState.PLAYING);
    this._render();
  };

  FakePlayer.prototype.pauseVideo = function () {
    log('pauseVideo', arguments);
    this._baseTime = this._now();
    this._since = null;
    this._setState(PlayerState.PAUSED);
    this._render();
  };

  FakePlayer.prototype.stopVideo = function () {
    log('stopVideo', arguments);
    this._baseTime = 0;
    this._since = null;
    this._setState(PlayerState.UNSTARTED);
    this._render();
  };

  FakePlayer.prototype.seekTo = function (seconds, allowSeekAhead) {
    log('seekTo', arguments);
    this._baseTime = Math.max(0, Math.min(DURATION, Number(seconds) || 0));
    if (this._since !== null) { this._since = Date.now(); }
    this._render();
  };

  function idOf(arg) {
    return arg && typeof arg === 'object' ? arg.videoId : arg;
  }

  FakePlayer.prototype.loadVideoById = function (arg) {
    log('loadVideoById', arguments);
    this._videoId = String(idOf(arg) || '');
    this._baseTime = (arg && typeof arg === 'object' && Number(arg.startSeconds)) || 0;
    this._since = Date.now();
    this._setState(PlayerState.PLAYING);
    this._render();
  };

  FakePlayer.prototype.cueVideoById = function (arg) {
    log('cueVideoById', arguments);
    this._videoId = String(idOf(arg) || '');
    this._baseTime = (arg && typeof arg === 'object' && Number(arg.startSeconds)) || 0;
    this._since = null;
    this._setState(PlayerState.CUED);
    this._render();
  };

  FakePlayer.prototype.getCurrentTime = function () {
    log('getCurrentTime', arguments);
    return this._now();
  };

  FakePlayer.prototype.getDuration = function () {
    log('getDuration', arguments);
    return DURATION;
  };

  FakePlayer.prototype.getPlayerState = function () {
    log('getPlayerState', arguments);
    return this._state;
  };

  FakePlayer.prototype.getVideoUrl = function () {
    log('getVideoUrl', arguments);
    return 'https://www.youtube.com/watch?v=' + this._videoId;
  };

  FakePlayer.prototype.getIframe = function () {
    log('getIframe', arguments);
    return this._el;
  };

  FakePlayer.prototype.destroy = function () {
    log('destroy', arguments);
    this._destroyed = true;
    clearInterval(this._ticker);
    if (this._el && this._el.parentNode) {
      this._el.parentNode.removeChild(this._el);
    }
    this._el = null;
  };

  window.YT = {Player: FakePlayer, PlayerState: PlayerState, loaded: 1, isFake: true};

  setTimeout(function () {
    if (typeof window.onYouTubeIframeAPIReady === 'function') {
      window.onYouTubeIframeAPIReady();
    }
  }, 0);
})();
