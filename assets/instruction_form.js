/* Giving an instruction during the meeting: key I on a meeting step opens the form
   (dashboard/meetings/instruction_form.py; drawn only for secretaries), Esc or Close
   closes it. Nothing navigates: the step stays on screen, the address stays, and so
   the followers' position does not move.
     - not while typing in a field (as assets/agenda.js), nor with Ctrl, Alt or Meta;
     - while the form is open, the step keys (arrows, Space, digits, Esc…) of
       assets/agenda.js are kept from the step: this listener runs first (capture on
       window) and stops them, except inside the form's own fields;
     - a saved instruction (#instrform-ok appears in #instrform-confirm) closes it.
   The form is shown by a class on <html>, which Dash never redraws, so a redraw of
   the step does not flip it. */
(function () {
  "use strict";
  var OPEN = "instr-form-open";

  function form() {
    var step = document.getElementById("agenda-step");
    if (!step || !step.getAttribute("data-meeting")) return null;
    return document.getElementById("instr-form");
  }

  function isOpen() {
    return document.documentElement.classList.contains(OPEN);
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

  var openedAt = "";  // the step the form was opened on

  function open() {
    if (!form()) return;
    openedAt = window.location.pathname + window.location.search;
    document.documentElement.classList.add(OPEN);
    var text = document.getElementById("instrform-text");
    if (text) window.setTimeout(function () { text.focus(); }, 0);
  }

  function close() {
    document.documentElement.classList.remove(OPEN);
    var active = document.activeElement;
    if (active && active.closest && active.closest("#instr-form")) active.blur();
  }

  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    var here = form();
    if (!here) {
      if (isOpen()) close();  // left the meeting step with the form open
      return;
    }
    var inForm = event.target && event.target.closest && event.target.closest("#instr-form");
    if (isOpen()) {
      if (event.key === "Escape" || event.key === "Esc") {
        // a dropdown's own Esc closes its menu first
        if (inForm && event.target.closest(".dash-dropdown, .Select") &&
            document.querySelector("#instr-form .Select-menu-outer, #instr-form .Select.is-open")) return;
        close();
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      if (typing(event.target)) return;  // the fields take their keys
      if (inForm && (event.key === "Enter" || event.key === " ")) {
        event.stopPropagation();  // a button of the form, not the next step
        return;
      }
      event.stopPropagation();  // no step change under the open form
      return;
    }
    if ((event.key === "i" || event.key === "I") && !typing(event.target) &&
        !event.defaultPrevented) {
      open();
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest("#instrform-close")) {
      close();
    }
  });

  // the callback's confirmation: the instruction is saved, the form closes; and a
  // form left open by a click elsewhere (another step, another page) closes too
  new MutationObserver(function () {
    if (isOpen() && (!form() || window.location.pathname + window.location.search !== openedAt)) {
      close();
      return;
    }
    if (isOpen() && document.getElementById("instrform-ok")) {
      var ok = document.getElementById("instrform-ok");
      if (ok.getAttribute("data-seen") !== "1") {
        ok.setAttribute("data-seen", "1");
        close();
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
