// The area map: Leaflet without tiles, the package's simplified boundaries coloured by the
// chosen figure in five quantile classes; the controls switch figure and level in place.
// With data-pick="INPUT-ID" (the area picker's dialog) a click puts the area's code there.
(function start() {
  var el = document.getElementById("map");
  if (!el) return;
  if (!window.L) { setTimeout(start, 50); return; }  // Leaflet still loading (an HTMX dialog)
  var data = document.getElementById("map-data");
  var series = data ? JSON.parse(data.textContent) : [];
  var form = document.getElementById("map-controls");
  var legend = document.getElementById("map-legend") || document.createElement("div");
  var pick = el.dataset.pick && document.getElementById(el.dataset.pick);
  var dialog = el.closest("dialog");
  var map = L.map(el, {zoomSnap: 0.25, attributionControl: true});
  window.kampanyeMap = map;  // for the browser tests
  var layer = null, geo = null;
  var fmt = new Intl.NumberFormat(document.documentElement.lang || "id", {maximumFractionDigits: 1});

  function chosen() {
    var key = form && form.elements.lapisan.value;
    return series.find(function (s) { return s.key === key; }) || series[0];
  }
  function level() { return (form && form.elements.tingkat.value) || el.dataset.level || "kecamatan"; }

  function picked(props) {  // the picker's dialog: the code into its field, the dialog away
    pick.value = props.code;
    pick.dispatchEvent(new Event("change", {bubbles: true}));
    map.remove();
    dialog.remove();
    pick.focus();
  }
  if (dialog) dialog.querySelector("[data-close]").addEventListener("click", function () {
    map.remove();
    dialog.remove();
  });

  function mix(hex, t) {  // white (t = 0) to the series' colour (t = 1)
    var n = parseInt(hex.slice(1), 16), rgb = [n >> 16, (n >> 8) & 255, n & 255];
    return "rgb(" + rgb.map(function (c) { return Math.round(255 + (c - 255) * t); }).join(",") + ")";
  }

  function breaks(values) {
    var v = values.slice().sort(function (a, b) { return a - b; });
    if (!v.length) return [];
    return [0.2, 0.4, 0.6, 0.8].map(function (q) { return v[Math.min(v.length - 1, Math.floor(q * v.length))]; });
  }

  function draw() {
    if (!geo) return;
    var s = chosen(), lv = level(), features = geo[lv].features;
    var values = s ? s.values : {};
    var color = s ? s.color : "#1f4e79";
    var present = features.map(function (f) { return values[f.properties.code]; })
      .filter(function (v) { return v !== undefined; });
    var cuts = breaks(present);
    function klass(v) { var i = 0; while (i < cuts.length && v > cuts[i]) i++; return i; }
    if (layer) map.removeLayer(layer);
    layer = L.geoJSON(geo[lv], {
      style: function (f) {
        var v = values[f.properties.code];
        return {color: "#555", weight: lv === "kelurahan" ? 0.5 : 1, fillOpacity: 0.8,
                fillColor: v === undefined ? "#ddd" : mix(color, 0.15 + 0.85 * klass(v) / 4)};
      },
      onEachFeature: function (f, l) {
        if (pick) {
          l.bindTooltip(f.properties.name + " · " + f.properties.code, {sticky: true});
          l.on("click", function () { picked(f.properties); });
          return;
        }
        var v = values[f.properties.code], p = document.createElement("div");
        var title = document.createElement("strong");
        title.textContent = f.properties.name;
        var code = document.createElement("div");
        code.textContent = f.properties.code;
        var figure = document.createElement("div");
        figure.textContent = !s ? "" : s.label + ": " +
          (v === undefined ? el.dataset.noData : fmt.format(v) + " " + s.unit);
        var link = document.createElement("a");
        link.href = el.dataset.detail.replace("CODE", f.properties.code);
        link.textContent = el.dataset.open;
        p.append(title, code, figure, link);
        l.bindPopup(p);
        l.bindTooltip(f.properties.name, {sticky: true});
        l.on("click", function () {
          el.dispatchEvent(new CustomEvent("area:picked", {detail: f.properties, bubbles: true}));
        });
      },
    }).addTo(map);
    legend.textContent = "";
    if (!s || !present.length) { legend.textContent = el.dataset.noData; return; }
    var lo = Math.min.apply(null, present), edges = [lo].concat(cuts, [Math.max.apply(null, present)]);
    for (var i = 0; i < 5; i++) {
      var item = document.createElement("span");
      item.className = "legend-item";
      var box = document.createElement("i");
      box.style.background = mix(s.color, 0.15 + 0.85 * i / 4);
      item.append(box, fmt.format(edges[i]) + "–" + fmt.format(edges[i + 1]) + " ");
      legend.append(item);
    }
    legend.append(s.unit);
  }

  if (form) form.addEventListener("change", function () {
    var params = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", "?" + params.toString());
    draw();
  });
  fetch(el.dataset.geo).then(function (r) { return r.json(); }).then(function (data) {
    geo = data;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(data.attribution);
    var mainland = data.kota.features.filter(function (f) { return f.properties.code !== "31.01"; });
    map.fitBounds(L.geoJSON({type: "FeatureCollection", features: mainland}).getBounds());
    draw();
  });
})();
