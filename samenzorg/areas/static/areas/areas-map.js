/* Draws area boundaries on a Leaflet map.
   The area page carries its GeoJSON in the page (data-geojson: the id of a
   <script type="application/json">); the overview fetches the shapes of the level
   shown (data-geojson-url) and fetches another level when the level or the figure
   is switched in the form. Tiles are an optional background: the polygons show
   even when the tile server cannot be reached. */
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

  function detailUrl(element, p) {
    if (p.url) { return p.url; }
    var template = element.getAttribute("data-detail-url");
    return template && p.code ? template.replace("CODE", encodeURIComponent(p.code)) : "";
  }

  function draw(element, map, data, fit) {
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
        var url = detailUrl(element, p);
        if (url) {
          item.on("click", function () { window.location.href = url; });
        }
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (fit && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [8, 8] });
    } else if (fit) {
      map.setView([52.07, 4.3], 12);
    }
    return layer;
  }

  function showLegend(data) {
    var title = document.querySelector("[data-map-title]");
    if (title && data.title) { title.textContent = data.title; }
    var legend = document.querySelector("[data-map-legend]");
    if (!legend || !data.legend) { return; }
    var last = legend.lastElementChild; /* "no figure" stays */
    while (legend.firstElementChild && legend.firstElementChild !== last) {
      legend.removeChild(legend.firstElementChild);
    }
    data.legend.forEach(function (item) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "legend__swatch";
      swatch.style.background = item.colour;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(item.label));
      legend.insertBefore(li, last);
    });
  }

  function fetchShapes(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
  }

  function init(element) {
    if (typeof L === "undefined") { return; }
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: element.getAttribute("data-tile-attribution") || ""
      }).addTo(map);
    }
    var url = element.getAttribute("data-geojson-url");
    if (!url) {
      var source = document.getElementById(element.getAttribute("data-geojson"));
      if (!source) { return; }
      draw(element, map, JSON.parse(source.textContent), true);
      return;
    }
    map.setView([52.07, 4.3], 12);
    var layer = null;
    function load(shapesUrl, fit) {
      return fetchShapes(shapesUrl).then(function (data) {
        if (layer) { map.removeLayer(layer); }
        layer = draw(element, map, data, fit);
        showLegend(data);
      });
    }
    load(url, true).catch(function () { /* the table below has the same figures */ });

    var form = element.ownerDocument.querySelector("form.filters");
    var level = form && form.querySelector("[name=niveau]");
    var figure = form && form.querySelector("[name=cijfer]");
    var template = element.getAttribute("data-shapes-url");
    function switchLevel() {
      var query = "niveau=" + encodeURIComponent(level.value) +
        (figure && figure.value ? "&cijfer=" + encodeURIComponent(figure.value) : "");
      load(template.replace("LEVEL", encodeURIComponent(level.value)) + "?" + query, false)
        .catch(function () { /* keep the shapes shown */ });
    }
    if (level && template) {
      level.addEventListener("change", switchLevel);
      if (figure) { figure.addEventListener("change", switchLevel); }
    }
  }

  document.querySelectorAll("[data-area-map]").forEach(init);
})();
