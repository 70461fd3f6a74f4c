/* Draws the GeoJSON of an area page on a Leaflet map.
   The polygons come from the page itself, so they show even when the tile
   server cannot be reached; tiles are an optional background. */
(function () {
  "use strict";

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function style(feature) {
    var p = feature.properties || {};
    if (p.kind === "initiative") {
      return { radius: 7, color: "#ffffff", weight: 2, fillColor: "#c8102e", fillOpacity: 1 };
    }
    if (p.kind === "area") {
      return { color: "#1261a3", weight: 3, fillColor: "#1261a3", fillOpacity: 0.08 };
    }
    return { color: "#333333", weight: 1, fillColor: p.colour || "#d9d9d9", fillOpacity: 0.8 };
  }

  function init(element) {
    var source = document.getElementById(element.getAttribute("data-geojson"));
    if (!source || typeof L === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: element.getAttribute("data-tile-attribution") || ""
      }).addTo(map);
    }
    var layer = L.geoJSON(data, {
      style: style,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 7, color: "#ffffff", weight: 2, fillColor: "#c8102e", fillOpacity: 1
        });
      },
      onEachFeature: function (feature, item) {
        var p = feature.properties || {};
        var text = p.name + (p.value ? ": " + p.value : "");
        item.bindTooltip(label(text), { sticky: true });
        if (p.url) {
          item.on("click", function () { window.location.href = p.url; });
        }
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else {
      map.setView([52.07, 4.3], 12);
    }
  }

  document.querySelectorAll("[data-area-map]").forEach(init);
})();
