/* Agenda steps with the keyboard, as presentation clickers send it.
   Only while an agenda step is on screen (#agenda-step, dashboard/pages/agenda_step.py):
     → , Page Down, Space   next step          ← , Page Up   previous step
     1…9 (two digits within 0.7 s when the agenda has 10+ steps)   jump to that step
     Home / End   first / last step            Esc   leave for the page proper
     L   on a meeting step: the meeting's edition ↔ today's data (#meeting-badge)
   Meeting steps (/meeting/<id>/<N>, dashboard/pages/meeting_step.py) are agenda steps
   too: the bar's data-base says where the steps live, and the links keep the meeting's
   mode=live and the presenter's lead=1 as well.
   Keys typed into an input, a dropdown or any editable field are left alone, and so
   are keys with Ctrl, Alt or Meta. Moving is what dcc.Link does: pushState and Dash's
   own event, so the page router draws the step without reloading the app. */
(function () {
  "use strict";
  var STEP_PATH = /^\/(?:agenda|meeting)\/([a-z0-9-]+)\/(\d+)$/;
  var DIGIT_WAIT_MS = 700;
  var digits = "";
  var digitTimer = null;

  function stepView() {
    return document.getElementById("agenda-step");
  }

  function typing(target) {
    if (!target || target === document.body) return false;
    var tag = (target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable) {
      return true;
    }
    return !!(target.closest && target.closest(
      ".dash-dropdown, .Select, .Select-menu-outer, [role='listbox'], [role='combobox'], .agenda-add"));
  }

  function keep() {
    // the step link keeps the language and the theme, nothing else
    var now = new URLSearchParams(window.location.search);
    var out = new URLSearchParams();
    ["lang", "present", "mode", "lead"].forEach(function (name) {
      if (now.get(name)) out.set(name, now.get(name));
    });
    var text = out.toString();
    return text ? "?" + text : "";
  }

  function go(url) {
    if (!url || url === window.location.pathname + window.location.search) return;
    window.history.pushState({}, "", url);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  }

  function goStep(agenda, n, count) {
    if (n < 1 || n > count) return;
    var view = stepView();
    var base = (view && view.getAttribute("data-base")) || "/agenda/" + agenda;
    go(base + "/" + n + keep());
  }

  function flushDigits(agenda, count) {
    var n = parseInt(digits, 10);
    digits = "";
    digitTimer = null;
    if (!isNaN(n)) goStep(agenda, n, count);
  }

  document.addEventListener("keydown", function (event) {
    var view = stepView();
    if (!view || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) return;
    if (typing(event.target)) return;
    // the step from the address bar: right even while the previous key's step is drawn
    var match = STEP_PATH.exec(window.location.pathname);
    var agenda = match ? match[1] : view.getAttribute("data-agenda");
    var n = match ? parseInt(match[2], 10) : parseInt(view.getAttribute("data-step"), 10);
    var count = parseInt(view.getAttribute("data-count"), 10) || 0;
    var key = event.key;
    var handled = true;
    if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "Spacebar") {
      goStep(agenda, n + 1, count);
    } else if (key === "ArrowLeft" || key === "PageUp") {
      goStep(agenda, n - 1, count);
    } else if (key === "Home") {
      goStep(agenda, 1, count);
    } else if (key === "End") {
      goStep(agenda, count, count);
    } else if ((key === "l" || key === "L") && document.getElementById("meeting-badge")) {
      var badge = document.getElementById("meeting-badge");
      if (badge.getAttribute("href")) go(badge.getAttribute("href"));
    } else if (key === "Escape" || key === "Esc") {
      go(view.getAttribute("data-leave"));
    } else if (/^[0-9]$/.test(key)) {
      if (digitTimer) clearTimeout(digitTimer);
      digits += key;
      if (count < 10 || digits.length >= 2) {
        flushDigits(agenda, count);
      } else {
        digitTimer = setTimeout(function () { flushDigits(agenda, count); }, DIGIT_WAIT_MS);
      }
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  });
})();
