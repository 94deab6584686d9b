// Monotown dashboard behaviour: draws Plotly figures embedded in the page and follows clicks on
// map markers to the town's profile. Everything it needs is served by the app itself.
(function () {
  "use strict";

  function drawFigures(root) {
    if (typeof Plotly === "undefined") return;
    root.querySelectorAll("[data-figure]").forEach(function (element) {
      if (element.dataset.drawn) return;
      var source = document.getElementById(element.dataset.figure);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      var config = Object.assign({ displaylogo: false, responsive: true }, figure.config || {});
      element.dataset.drawn = "1";
      Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
        element.setAttribute("data-ready", "1");
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          var url = point && point.customdata && point.customdata[0];
          if (typeof url === "string" && url.charAt(0) === "/") window.location.href = url;
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawFigures(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawFigures(event.target); });
})();
