/* Cell renderers for the dash-ag-grid tables (dash-ag-grid reads this object). */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions =
  window.dashAgGridComponentFunctions || {});

/* A row's name with a second line of its secondary columns ("Склад · Москва ·
   Концерн «Белнефтехим»"), set by assets/grid_words.js when those columns do not fit
   the panel beside the name. A name that is a markdown link stays a link. */
dagcomponentfuncs.WithDetail = function (props) {
  var h = React.createElement;
  var params = props.colDef.cellRendererParams || {};
  var value = props.value == null ? "" : String(props.value);
  var link = /^\[([^\]]*)\]\(([^)]*)\)$/.exec(value);
  // markdown's backslash escapes ("Steel Works \(BMZ\)") are not part of the name
  var unescape = function (s) { return s.replace(/\\(.)/g, "$1"); };
  var name = link ? h("a", {href: link[2]}, unescape(link[1])) : value;
  var data = props.data || {};
  var detail = (params.detail || []).map(function (f) { return data[f]; })
    .filter(function (v) { return v != null && v !== ""; }).join(" · ");
  if (!detail || (props.node && props.node.rowPinned)) return h("span", null, name);
  return h("div", {className: "cell-with-detail"},
           h("div", null, name), h("div", {className: "cell-detail"}, detail));
};
