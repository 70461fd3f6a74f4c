/* Draws a scenario's areas on a Leaflet map, the chosen ones dark.
   The polygons come from the page, so they show even without map tiles. */
(function () {
  "use strict";

  function init(element) {
    var source = document.getElementById(element.getAttribute("data-geojson"));
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 18, attribution: element.getAttribute("data-tile-attribution") || ""
      }).addTo(map);
    }
    var chosen = element.getAttribute("data-label-chosen") || "";
    var layer = L.geoJSON(data, {
      style: function (feature) {
        var selected = feature.properties && feature.properties.selected;
        return selected
          ? { color: "#1a1a1a", weight: 2, fillColor: "#0b5394", fillOpacity: 0.75 }
          : { color: "#666666", weight: 1, fillColor: "#d9d9d9", fillOpacity: 0.5 };
      },
      onEachFeature: function (feature, item) {
        var p = feature.properties || {};
        var span = document.createElement("span");
        span.textContent = p.name + (p.selected ? " (" + chosen + ")" : "");
        item.bindTooltip(span, { sticky: true });
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); }
    else { map.setView([52.07, 4.3], 12); }
  }

  document.querySelectorAll("[data-scenario-map]").forEach(init);
})();
