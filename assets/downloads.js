/* PNG of a chart at presentation resolution (1920×1080), drawn by the browser: a click on
   a menu entry <a data-png-graph="<graph id>" data-png-name="<file name>"> asks Plotly to
   redraw that chart off-screen at 1920×1080 and save it. Delegated from the document,
   because Dash replaces the menu on every page change. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("[data-png-graph]") : null;
    if (!link) { return; }
    event.preventDefault();
    var holder = document.getElementById(link.getAttribute("data-png-graph"));
    var plot = holder && (holder.classList.contains("js-plotly-plot") ? holder
      : holder.querySelector(".js-plotly-plot"));
    if (!plot || !window.Plotly || !window.Plotly.downloadImage) { return; }
    window.Plotly.downloadImage(plot, {
      format: "png", width: 1920, height: 1080, scale: 1,
      filename: link.getAttribute("data-png-name") || "chart"
    });
  });
})();
