/* Every table column at least as wide as its longest word.

   Names and headers wrap between words (dashboard/presentation.py: _wrapped_column), so
   a column narrower than one of its words ends that word with "…" ("Дни покры…",
   "Mehrmarken…"). The server sets minimum widths from estimated character widths
   (presentation._room_for_words, on the shared screen); the browser knows the real
   ones. Here every grid, once its rows are drawn and whenever its rows, columns or size
   change, measures each column's longest word in the grid's own fonts (a canvas's
   measureText) and raises the column's minWidth to it; flex columns then share the
   rest of the panel. The words come from the rows as the grid holds them (a markdown
   link counts by its text), the header from its headerName; a hyphenated word may
   break after its hyphen ("Торгово-|сервисный"), as the browser breaks it.

   When the words of all its columns need more than the panel, the table would scroll
   sideways. Then a column of fixed width first gives back what its words do not need,
   and then the secondary text columns the page named (components/grid.data_grid's
   ``fold``: type, concern, region…) move one by one into a second line under the row's
   name ("Многобрендовый ССЦ · Ленинградская область"; the WithDetail cell renderer in
   dashAgGridComponentFunctions.js). Nothing is left out and nothing is cut; the files
   keep every column. */
(function () {
  "use strict";
  var WORD = /[^\s\/\-]+-?|-/g, LINK = /\[([^\]]*)\]\([^)]*\)/g, SHY = /\u00ad/g, ESCAPE = /\\(.)/g;
  var canvas = document.createElement("canvas").getContext("2d");
  var done = new WeakSet();

  function longest(text, font) {
    if (text == null) return 0;
    text = String(text).replace(LINK, "$1").replace(ESCAPE, "$1").replace(SHY, "");
    canvas.font = font;
    var most = 0, words = text.match(WORD) || [];
    for (var i = 0; i < words.length; i++) most = Math.max(most, canvas.measureText(words[i]).width);
    return most;
  }

  function px(style, name) { return parseFloat(style[name]) || 0; }

  function detailText(data, fields) {
    return fields.map(function (f) { return data[f]; })
      .filter(function (v) { return v != null && v !== ""; }).join(" · ");
  }

  function fit(api, root) {
    var cell = root.querySelector(".ag-center-cols-container .ag-cell");
    var head = root.querySelector(".ag-header-cell");
    var body = root.querySelector(".ag-body-viewport");
    if (!cell || !head || !body) return;
    var cs = getComputedStyle(cell), hs = getComputedStyle(head);
    var label = head.querySelector(".ag-header-cell-text");
    var hfont = getComputedStyle(label || head).font;
    var cellPad = px(cs, "paddingLeft") + px(cs, "paddingRight") + 4;
    var headPad = px(hs, "paddingLeft") + px(hs, "paddingRight") + 6;
    var context = api.getGridOption("context") || {};
    var fold = context.fold || [];
    var defs = api.getColumnDefs() || [];
    var rows = [];
    var n = 0;
    api.forEachNode(function (node) { if (n++ < 500 && node.data) rows.push(node.data); });
    (api.getGridOption("pinnedBottomRowData") || []).forEach(function (r) { rows.push(r); });
    var leaves = [];
    (function visit(list) {
      list.forEach(function (d) { if (d.children) visit(d.children); else leaves.push(d); });
    })(defs);

    function need(def) {
      var head = longest(def.headerName, hfont) + headPad;
      // the sort arrow of the sorted column, the filter button of a text column
      if (def.sort) head += 18;
      if (def.filter !== false && !def.suppressHeaderFilterButton) head += 22;
      var words = 0;
      if (def.field) {
        var folded = (def.cellRendererParams || {}).detail || [];
        // a column whose cells may be drawn bold by a class rule (the league's status:
        // .grid-box .status-* is bold) is measured bold: a bold word is wider
        var font = def.cellClassRules ? "bold " + cs.font : cs.font;
        for (var i = 0; i < rows.length; i++) {
          words = Math.max(words, longest(rows[i][def.field], font));
          if (folded.length) words = Math.max(words, longest(detailText(rows[i], folded), cs.font));
        }
        // the coloured edge of a name column (components/grid.COLOR_BAR)
        if (def.cellStyle && words) words += 8;
        words += cellPad;
      }
      return Math.ceil(Math.max(head, words));
    }
    function width(def, least) {
      return def.flex || !def.width ? least : Math.max(def.width, least);
    }
    function total() {
      return leaves.reduce(function (sum, d) {
        return d.hide ? sum : sum + width(d, Math.max(d.minWidth || 0, d._need));
      }, 0);
    }

    var changed = false;
    leaves.forEach(function (d) { if (!d.hide) d._need = need(d); });
    var room = body.clientWidth - 1;
    // 1. a column held wider than its words (a fixed width, a page's minimum) gives
    //    back what it does not need
    if (total() > room) {
      leaves.forEach(function (d) {
        if (d.hide) return;
        if (!d.flex && d.width && d.width > d._need) { d.width = d._need; changed = true; }
        if ((d.minWidth || 0) > d._need) { d.minWidth = d._need; changed = true; }
      });
    }
    // 2. the page's secondary text columns (context.fold, in order) move, one by one,
    //    into a second line under the first column's name
    var into = leaves.filter(function (d) { return !d.hide; })[0];
    while (total() > room && fold.length && into) {
      var next = leaves.filter(function (d) { return !d.hide && d.field === fold[0]; })[0];
      fold = fold.slice(1);
      if (!next) continue;
      next.hide = true;
      var params = Object.assign({}, into.cellRendererParams || {});
      params.detail = (params.detail || []).concat([next.field]);
      if (!params.inner && into.cellRenderer) params.inner = into.cellRenderer;
      into.cellRendererParams = params;
      into.cellRenderer = "WithDetail";
      // what a filter on the first column finds: the name and its second line
      into.filterValueGetter = (function (field, detail) {
        return function (p) {
          var name = p.data.label != null ? p.data.label : String(p.data[field] || "");
          return name.replace(LINK, "$1") + " " + detailText(p.data, detail);
        };
      })(into.field, params.detail);
      into._need = need(into);
      changed = true;
    }
    // 3. every column at least as wide as its longest word
    leaves.forEach(function (d) {
      if (!d.hide && d._need > (d.minWidth || 0)) {
        d.minWidth = d._need;
        if (d.width && d.width < d._need) d.width = d._need;
        changed = true;
      }
      delete d._need;
    });
    if (changed) api.setGridOption("columnDefs", defs);
  }

  function watch(el) {
    var holder = el.closest("[id]");
    if (!holder || !window.dash_ag_grid || done.has(el)) return;
    done.add(el);
    window.dash_ag_grid.getApiAsync(holder.id).then(function (api) {
      var again = function () { requestAnimationFrame(function () { fit(api, el); }); };
      ["firstDataRendered", "rowDataUpdated", "newColumnsLoaded", "gridSizeChanged"]
        .forEach(function (e) { api.addEventListener(e, again); });
      again();
    }).catch(function () { /* not a Dash grid */ });
  }

  new MutationObserver(function () {
    document.querySelectorAll(".ag-root-wrapper").forEach(watch);
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
