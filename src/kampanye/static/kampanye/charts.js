// Draws every .chart whose figure sits in a <script type="application/json" id="ID-data">.
(function () {
  function draw(root) {
    root.querySelectorAll(".chart").forEach(function (el) {
      var data = document.getElementById(el.id + "-data");
      if (!data || el.dataset.drawn) return;
      var fig = JSON.parse(data.textContent);
      Plotly.newPlot(el, fig.data, fig.layout || {}, {displaylogo: false, responsive: true});
      el.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();
