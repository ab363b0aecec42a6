"""The shared screen, measured in headless Chromium at 1920×1080 (the meeting's window;
the audience sees it as a 1280×720 stream).

On every page and every step of the default agenda, in Russian, English and German:

* presentation theme (``present=1``): no text rendered smaller than 16 px — HTML text by
  its computed size, chart text by its font size × the scale of its screen transform
  (Plotly shrinks bar labels that do not fit with an SVG ``transform``); no text cut
  (clipped by a box, ellipsised with ``text-overflow`` or an "…" in the text) or broken
  inside a word; no bar label turned; no chart text outside its chart, over another text
  of the chart, or over another bar or a line; nothing scrolls (the document, a panel,
  a table);
* normal theme: nothing scrolls and no name is cut — except that an analyst's table
  lists all its rows and scrolls them vertically inside its panel (a row scrolled out of
  view is not "cut"); the same chart rules hold as on the shared screen.

One browser and one page for the whole run; the test fails with every offending text
listed (view, language, theme, text, reason).
"""

from __future__ import annotations

import pytest

from queries.agenda import DEFAULT_STEPS
from tests.live import browser_page, chromium_available, live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(),
                       reason="no Chromium installed (apt-get install chromium)"),
]

PAGES = ("/", "/exports", "/trends", "/stock", "/receivables", "/enterprise/{enterprise}",
         "/meetings", "/meeting/{meeting}", "/instructions",
         # the working group's other subjects (the centres view is the agenda's step 12)
         "/topics", "/curators", "/retail", "/tenders", "/support")
STEPS = tuple(f"/agenda/working-group/{n}" for n in range(1, len(DEFAULT_STEPS) + 1))
# a frozen meeting after a held one (its steps carry "since the last meeting" marks),
# step 1 the headline changes, and the follower's page (the presenter on step 3)
MEETING_STEPS = (*(f"/meeting/{{frozen}}/{n}" for n in range(1, len(DEFAULT_STEPS) + 3)), "/meeting/{frozen}/follow")
LANGS = ("ru", "en", "de")
MIN_PX = 16

# Everything is measured in the page by one function; it returns the offending texts.
MEASURE = r"""
(opts) => {
  const out = [];
  const add = (text, reason) => out.push([String(text).replace(/\s+/g, ' ').trim().slice(0, 70), reason]);
  const vw = window.innerWidth, vh = window.innerHeight;
  const root = document.documentElement;
  if (root.scrollWidth > vw || root.scrollHeight > vh)
    add('(the page)', `scrolls: ${root.scrollWidth}×${root.scrollHeight} in ${vw}×${vh}`);
  const shown = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const styleOf = new Map();
  const style = el => { let s = styleOf.get(el); if (!s) { s = getComputedStyle(el); styleOf.set(el, s); } return s; };

  // -- boxes that scroll (panels, tables) ------------------------------------------------
  for (const el of document.body.querySelectorAll('*')) {
    const s = style(el);
    const scrollsY = /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    const scrollsX = /(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    // an analyst's table (normal theme) lists every row and scrolls them inside its
    // panel; the page, and sideways scrolling, still count
    const inGrid = !opts.present && el.closest('.ag-root-wrapper');
    if (inGrid && !scrollsX) continue;
    if ((scrollsX || scrollsY) && el.clientHeight > 0 && shown(el)) {
      const owner = el.closest('[id]');
      add(owner ? '#' + owner.id : el.className,
          `scrolls: ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
    }
  }

  // -- HTML text ------------------------------------------------------------------------
  const clipped = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue;
    if (!text.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('svg, script, style, noscript, template, option, datalist') || !shown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    const size = parseFloat(style(el).fontSize);
    if (opts.present && size < opts.min - 0.05) add(text, `${size.toFixed(1)} px`);
    if (text.includes('\u2026')) add(text, 'ellipsis "…" in the text');
    // text that runs out of its tile or panel (which shows it, but over the border)
    const tile = el.closest('.kpi, .panel');
    if (tile) {
      const r = tile.getBoundingClientRect();
      if (box.right > r.right + 1.5 || box.left < r.left - 1.5)
        add(text, 'runs out of its tile or panel');
    }
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = style(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const r = a.getBoundingClientRect();
      if (box.right > r.right + 1.5 || box.left < r.left - 1.5) {
        add(text, (s.textOverflow === 'ellipsis' ? 'ellipsised' : 'cut at the right or left') +
                  (el.closest('.ag-root-wrapper') ? ' (table)' : ''));
        break;
      }
      if (box.bottom > r.bottom + 1.5 || box.top < r.top - 1.5) {
        if (!opts.present && a.closest('.ag-body-viewport, .ag-body')) break;  // rows below
        if (!clipped.has(a)) {
          clipped.add(a);
          const owner = a.closest('[id]');
          add(`${owner ? '#' + owner.id : a.className}: ${text}`, 'text hidden below the box (more than fits)');
        }
        break;
      }
    }
    // a word broken over two lines (hyphenated, or broken anywhere); breaking after an
    // existing hyphen or slash is fine
    const words = /[^\s\-\u2010\u2013\u2014\/]{2,}/g;
    for (let m = words.exec(text); m; m = words.exec(text)) {
      const w = document.createRange();
      w.setStart(node, m.index);
      w.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(w.getClientRects()).filter(r => r.width > 0.5).map(r => Math.round(r.top)));
      if (tops.size > 1) add(text, `word "${m[0].replace(/\u00ad/g, '')}" broken over lines`);
    }
  }

  // -- chart text -----------------------------------------------------------------------
  const inter = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
                          Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const shrink = (r, f) => { const dy = r.height * f; return {left: r.left + 1, right: r.right - 1, top: r.top + dy, bottom: r.bottom - dy}; };
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (!shown(plot)) continue;
    const svg = plot.querySelector('.main-svg');
    if (!svg) { add('#' + (plot.id || '?'), 'chart not drawn'); continue; }
    const frame = svg.getBoundingClientRect();
    const panel = (plot.closest('.panel') || plot).getBoundingClientRect();
    const chart = '#' + (plot.id || plot.parentElement.id);
    const texts = [];
    for (const el of plot.querySelectorAll('text')) {
      const s = el.textContent.trim();
      if (!s || !shown(el) || el.closest('.hoverlayer')) continue;
      const b = el.getBoundingClientRect();
      if (b.width < 0.5 || b.height < 0.5) continue;
      const m = el.getScreenCTM();
      const scale = Math.hypot(m.a, m.b);
      const size = parseFloat(style(el).fontSize) * scale;
      const label = `${chart}: ${s}`;
      if (opts.present && size < opts.min - 0.05) add(label, `${size.toFixed(1)} px`);
      if (s.includes('\u2026')) add(label, 'ellipsis "…" in the text');
      const turned = Math.abs(Math.atan2(m.b, m.a) * 180 / Math.PI) > 1;
      const isBar = !!el.closest('.bars');
      if (turned && (isBar || el.closest('.xtick, .ytick, .legend')))
        add(label, 'turned');
      if (b.left < Math.max(frame.left, panel.left) - 1 || b.right > Math.min(frame.right, panel.right) + 1 ||
          b.top < Math.max(frame.top, panel.top) - 1 || b.bottom > Math.min(frame.bottom, panel.bottom) + 1)
        add(label, 'outside its chart');
      texts.push({el, s, b, label, isBar, point: el.closest('.point'), data: isBar || !!el.closest('.textpoint')});
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = shrink(texts[i].b, 0.2), c = shrink(texts[j].b, 0.2);
        if (inter(a, c) > 2) add(`${texts[i].label} / ${texts[j].s}`, 'texts overlap');
      }
    }
    // printed values over another bar or over a line
    const bars = Array.from(plot.querySelectorAll('.bars .point')).map(p => {
      const path = p.querySelector('path');
      return path ? {p, r: path.getBoundingClientRect()} : null;
    }).filter(x => x && x.r.width > 0.5 && x.r.height > 0.5);
    const linePoints = [];
    for (const path of plot.querySelectorAll('.scatterlayer .js-line')) {
      if (!shown(path)) continue;
      const len = path.getTotalLength(), ctm = path.getScreenCTM();
      for (let d = 0; d <= len; d += 3) {
        const q = path.getPointAtLength(d);
        linePoints.push(new DOMPoint(q.x, q.y).matrixTransform(ctm));
      }
    }
    for (const x of texts.filter(x => x.data)) {
      const r = shrink(x.b, 0.2);
      for (const bar of bars) {
        if (bar.p === x.point) continue;
        if (inter(r, bar.r) > 4) { add(x.label, 'over another bar'); break; }
      }
      if (linePoints.some(q => q.x > r.left && q.x < r.right && q.y > r.top && q.y < r.bottom))
        add(x.label, 'over a line');
    }
  }
  return out;
}
"""

# Resolves once every chart on the page has drawn and the DOM has been still for a
# moment (Plotly draws after the network is idle; AG Grid sizes its columns after that).
SETTLED = r"""
() => new Promise(resolve => {
  let last = Date.now();
  const obs = new MutationObserver(() => { last = Date.now(); });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const tick = () => {
    const loading = document.querySelector('[data-dash-is-loading="true"]');
    const undrawn = Array.from(document.querySelectorAll('.js-plotly-plot'))
      .some(p => !p.querySelector('.main-svg'));
    if (!loading && !undrawn && Date.now() - last > 250) { obs.disconnect(); resolve(true); }
    else setTimeout(tick, 50);
  };
  setTimeout(tick, 50);
})
"""


def _a_meeting() -> str:
    """A meeting for the meetings' pages to show, with participants that wrap."""
    from queries import meetings
    found = meetings.list_meetings()
    if found:
        return found[0].meeting_id
    return meetings.create_meeting(
        "2026-12-04", "Заседание рабочей группы", "working-group", actor="test",
        bodies=["concern:minprom", "concern:minagro", "concern:belneftekhim",
                "concern:bmk", "concern:oblcom-brest", "oblast:BY-HM"],
        others="Министерство экономики, приглашённые").meeting_id


def _instructions(enterprise: int) -> None:
    """A few instructions (made before the editions are frozen): for the enterprise of
    the card (its concern: the card's section and the badge), Bellegprom's (the agenda's
    step; one with a tracked target), one overdue and one done, so /instructions shows
    every kind."""
    from datetime import date, timedelta

    from queries import instruction_metrics as metrics
    from queries import instructions
    from queries.dimensions import dimensions
    if instructions.list_instructions(scope=None):
        return
    ent = dimensions().enterprises
    concern = str(ent[ent["enterprise_id"] == enterprise]["concern_id"].iloc[0])
    today = date.today()
    made = [
        ([f"concern:{concern}"], "Представить график погашения просроченной задолженности "
         "с разбивкой по контрагентам", 45, None),
        (["concern:bellegprom", "oblast:BY-MI"], "Заключить прямые договоры поставки с "
         "крупнейшими федеральными торговыми сетями", -5, today - timedelta(days=30)),
        (["concern:bellegprom"], "Вдвое снизить просроченную дебиторскую задолженность", 90, None),
    ]
    subject = {"concern": "bellegprom"}
    baseline, month = metrics.check_target("overdue_concern", subject, ("concern:bellegprom",))
    goal = instructions.Target("overdue_concern", subject, round(baseline * 0.5, 1),
                               today + timedelta(days=90), baseline, month)
    for bodies, text, days, since in made:
        instructions.create_instruction(
            text_=text, bodies=bodies, person="Иванов И. И.", actor="test", scope=None,
            deadline=today + timedelta(days=days), today=since,
            target=goal if days == 90 else None)
    done = instructions.create_instruction(
        text_="Доложить о ходе работы", bodies=["oblast:BY-BR"], actor="test", scope=None,
        deadline=today + timedelta(days=10))
    instructions.report(done.instruction_id, "Доложено", "", "test", scope=None)
    instructions.accept(done.instruction_id, "test")


def _frozen_meeting() -> str:
    """A meeting with an edition, after a held meeting with one (frozen on the same
    data: every mark says "no change", which takes the same room as a change)."""
    from flask import g

    from dashboard.app import create_app
    app = create_app()  # first: the pages register with it
    from dashboard.auth.session import LocalUser
    from dashboard.meetings import edition
    from queries import meetings
    known = {m.meeting_id: m for m in meetings.list_meetings()}
    if "2026-12-11" in known and known["2026-12-11"].edition is not None:
        return "2026-12-11"
    with app.server.test_request_context("/"):
        g.user = LocalUser(name="test", display_name="test")
        before = known.get("2026-11-06") or meetings.create_meeting(
            "2026-11-06", "Заседание рабочей группы", "working-group", actor="test")
        edition.freeze(before.meeting_id, "test")
        meetings.update_meeting(before.meeting_id, status="held")
        m = meetings.create_meeting("2026-12-11", "Заседание рабочей группы",
                                    "working-group", actor="test")
        edition.freeze(m.meeting_id, "test")
    meetings.set_position(m.meeting_id, 3, "", "test")
    return m.meeting_id


def _views(enterprise: int, meeting: str = "", frozen: str = ""):
    for path in (*PAGES, *STEPS, *MEETING_STEPS):
        for lang in LANGS:
            for present in (True, False):
                yield (path.format(enterprise=enterprise, meeting=meeting, frozen=frozen),
                       lang, present)


def measure(page, base: str, path: str, lang: str, present: bool) -> list[str]:
    step = path.count("/") == 3 and path.startswith(("/agenda/", "/meeting/"))
    query = f"lang={lang}" + ("&present=1" if present else ("&present=0" if step else ""))
    page.goto(f"{base}{path}?{query}")
    # the follower's page asks the presenter's position every 0.3 s (assets/follow.js):
    # the network is never idle there; SETTLED below waits for the drawing
    page.wait_for_load_state("load" if path.endswith("/follow") else "networkidle")
    page.wait_for_selector("#page-content, .page", state="attached")
    page.evaluate(SETTLED)
    theme = "present" if present else "normal"
    found = page.evaluate(MEASURE, {"present": present, "min": MIN_PX})
    return [f"{path} {lang} {theme}: {text!r} — {reason}" for text, reason in found]


def _all_views(present: bool) -> list[str]:
    from queries.dimensions import dimensions
    from queries.exports import breakdown
    from queries.filters import default_filter

    enterprise = int(breakdown(default_filter(dimensions()), "enterprise")["key"].iloc[0])
    problems: list[str] = []
    loads = 0
    csp: list[str] = []
    with live_server() as base, browser_page() as page:
        # the Content-Security-Policy the app runs under (dashboard/auth/headers.py):
        # any violation the browser reports fails the test with the rest
        page.on("console", lambda m: csp.append(m.text[:300])
                if "Content Security Policy" in m.text else None)
        _instructions(enterprise)
        for path, lang, theme_present in _views(enterprise, _a_meeting(), _frozen_meeting()):
            if theme_present is present:
                before = len(csp)
                problems += measure(page, base, path, lang, present)
                problems += [f"{path} {lang}: CSP violation — {m}" for m in csp[before:]]
                loads += 1
    assert loads == len(PAGES + STEPS + MEETING_STEPS) * len(LANGS)
    return problems


def test_every_shared_screen_is_legible(duck_db):
    """The presentation theme: every rule, no exception."""
    problems = _all_views(present=True)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_analyst_screen_fits(duck_db):
    """The normal theme: no page scrolls, no chart breaks a rule, no name is cut — in
    the analysts' dense tables too (full names, up to eight columns in a third of the
    screen): every column is as wide as its longest word, and a table whose words need
    more than its panel moves its secondary columns under the names
    (assets/grid_words.js) instead of cutting them or scrolling sideways."""
    problems = _all_views(present=False)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
