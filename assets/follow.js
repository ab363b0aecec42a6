/* Follow the presenter (dashboard/meetings/follow.py has the why of short polling).
   Only while a meeting step is on screen (#agenda-step[data-meeting]):
   - the follow page (data-follow="1"): ask /meeting/<id>/position every POLL_MS; when
     the presenter's seq differs from the one the page was drawn for (data-seq), move
     to /meeting/<id>/follow?<lang, present kept>&seq=<seq> the way dcc.Link does
     (history + Dash's own event), so the router redraws in place. Never while a
     callback is still drawing the previous move: after it, the latest position wins.
   - a participant's own step page (data-follow="0", data-lead="0"): keep the text of
     #follow-back ("Back to the presenter · {n} / {total}") up to date, less often.
   - the presenter's page (data-lead="1") and every other page: no requests at all.
   Errors (server away, network down): wait 1 s, 2 s, 4 s … at most 10 s, keep trying;
   the first answer after that catches up. Not signed in any more: the sign-in page,
   as assets/session_end.js does for the app's callbacks. A hidden tab asks less often
   and asks at once when shown again. */
(function () {
  "use strict";
  var POLL_MS = 300;          // the follow page (measured: bench/follow.py, README)
  var LABEL_MS = 3000;        // the "Back to the presenter" label on an own step page
  var HIDDEN_MS = 5000;       // either, while the tab is not visible
  var LOOK_MS = 400;          // looking for a meeting step on the page (DOM only)
  var BACKOFF_MAX_MS = 10000;
  var SETTLE_MS = 1500;       // a move handed to Dash that is not drawn (nor drawing)
                              // by then has failed

  var timer = null;
  var failures = 0;
  var moving = null;          // {seq, at}: the move handed to Dash, until it is drawn
  var asking = false;

  function view() {
    return document.querySelector("#agenda-step[data-meeting]");
  }

  function role(el) {
    if (!el) return "";
    if (el.getAttribute("data-lead") === "1") return "";
    if (el.getAttribute("data-follow") === "1") return "follow";
    // the label's template sits on the link's box (dcc.Link takes no data-* attributes)
    var box = document.getElementById("follow-back-box");
    return box && box.getAttribute("data-follow-label") ? "own" : "";
  }

  function dashBusy() {
    var store = window.store;
    var state = store && store.getState && store.getState();
    if (state && state.isLoading) return true;
    return !!document.querySelector("._dash-loading, [data-dash-is-loading='true']");
  }

  function followUrl(meeting, seq) {
    var now = new URLSearchParams(window.location.search);
    var out = new URLSearchParams();
    ["lang", "present"].forEach(function (name) {
      if (now.get(name)) out.set(name, now.get(name));
    });
    out.set("seq", String(seq));
    return "/meeting/" + encodeURIComponent(meeting) + "/follow?" + out.toString();
  }

  function move(el, pos) {
    var drawn = parseInt(el.getAttribute("data-seq"), 10) || 0;
    var now = Date.now();
    if (pos.seq === drawn) {
      moving = null;
      return;
    }
    if (dashBusy()) return;            // drawing: the latest position after it
    var url = followUrl(el.getAttribute("data-meeting"), pos.seq);
    if (moving && drawn !== moving.seq && now - moving.at < SETTLE_MS) return;  // starting
    if ((moving && moving.seq === pos.seq) ||
        url === window.location.pathname + window.location.search) {
      // handed over, Dash idle, still not drawn: its callback failed (the network
      // dropped while it ran) — load the follow page afresh, the network is back
      moving = {seq: pos.seq, at: now};
      window.location.replace(url);
      return;
    }
    moving = {seq: pos.seq, at: now};
    window.history.replaceState(window.history.state, "", url);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  }

  function label(pos) {
    var back = document.getElementById("follow-back");
    var box = document.getElementById("follow-back-box");
    var template = box && box.getAttribute("data-follow-label");
    if (!back || !template || !pos.step) return;
    var text = template.replace("{n}", String(pos.step)).replace("{total}", String(pos.count));
    if (back.textContent !== text) back.textContent = text;
  }

  function schedule(ms) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
  }

  function pause() {
    var el = view();
    var kind = role(el);
    if (!kind) return LOOK_MS;
    if (document.hidden) return HIDDEN_MS;
    return kind === "follow" ? POLL_MS : LABEL_MS;
  }

  function signIn() {
    var here = window.location.pathname + window.location.search;
    window.location.assign("/sign-in?expired=1&next=" + encodeURIComponent(here));
  }

  function ask(el, kind) {
    var meeting = el.getAttribute("data-meeting");
    var lang = new URLSearchParams(window.location.search).get("lang");
    var url = "/meeting/" + encodeURIComponent(meeting) + "/position" +
      (lang ? "?lang=" + encodeURIComponent(lang) : "");
    asking = true;
    fetch(url, {cache: "no-store", credentials: "same-origin",
                headers: {"Accept": "application/json"}})
      .then(function (response) {
        // the guard answers 401, or sends a page-like request to the sign-in page
        if (response.status === 401 ||
            (response.redirected && new URL(response.url).pathname === "/sign-in")) {
          signIn();
          return null;
        }
        if (response.status === 404) return "gone";
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (pos) {
        asking = false;
        if (pos === null) return;
        if (pos === "gone") {  // no such meeting: nothing to follow on this page
          failures = 0;
          schedule(BACKOFF_MAX_MS);
          return;
        }
        failures = 0;
        var now = view();
        if (now && now.getAttribute("data-meeting") === meeting) {
          if (role(now) === "follow") move(now, pos);
          else label(pos);
        }
        schedule(pause());
      })
      .catch(function () {
        asking = false;
        failures += 1;
        schedule(Math.min(BACKOFF_MAX_MS, 1000 * Math.pow(2, failures - 1)));
      });
  }

  function tick() {
    timer = null;
    if (asking) return schedule(LOOK_MS);
    var el = view();
    var kind = role(el);
    if (!kind) {           // not a follower's meeting step: no requests, only looking
      moving = null;
      return schedule(LOOK_MS);
    }
    ask(el, kind);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !asking && failures === 0) schedule(0);
  });
  window.addEventListener("online", function () {
    failures = 0;
    if (!asking) schedule(0);
  });
  schedule(LOOK_MS);
})();
