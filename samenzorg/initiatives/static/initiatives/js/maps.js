/* Maps of the initiatives pages (Leaflet). Every map has a text alternative on the
   page itself: the list, or the number fields of the form. */
(function () {
  "use strict";
  var DEN_HAAG = [52.0705, 4.3007];

  function readJSON(id) {
    var node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function baseMap(el, zoom) {
    var map = L.map(el, { scrollWheelZoom: false }).setView(DEN_HAAG, zoom || 12);
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        attribution: el.dataset.tileAttribution || "",
        maxZoom: 19,
      }).addTo(map);
    }
    return map;
  }

  function addBoundaries(map, data) {
    if (!data || !data.features || !data.features.length) return null;
    var layer = L.geoJSON(data, {
      style: { color: "#1c6e4c", weight: 1, fillOpacity: 0.05 },
      interactive: false,
    }).addTo(map);
    return layer;
  }

  function markersMap(el) {
    var markers = readJSON(el.dataset.markers) || [];
    var map = baseMap(el, Number(el.dataset.zoom) || 12);
    addBoundaries(map, readJSON(el.dataset.boundaries));
    var bounds = [];
    markers.forEach(function (m) {
      var label = m.name;
      var marker = L.marker([m.lat, m.lon], { title: label, alt: label, keyboard: true });
      var link = document.createElement("a");
      link.className = "utrecht-link";
      link.href = el.dataset.detailUrl.replace("/0/", "/" + m.id + "/");
      link.textContent = label;
      var box = document.createElement("div");
      box.appendChild(link);
      if (m.fictional && el.dataset.fictionalLabel) {
        var badge = document.createElement("p");
        badge.className = "badge-fictional";
        badge.textContent = el.dataset.fictionalLabel;
        box.appendChild(badge);
      }
      marker.bindPopup(box);
      marker.addTo(map);
      bounds.push([m.lat, m.lon]);
    });
    if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else if (bounds.length === 1) {
      map.setView(bounds[0], Number(el.dataset.zoom) || 15);
    }
  }

  function round(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function formMap(el) {
    var lat = document.getElementById(el.dataset.latitude);
    var lon = document.getElementById(el.dataset.longitude);
    var map = baseMap(el, 12);
    var layer = addBoundaries(map, readJSON(el.dataset.boundaries));
    if (layer) map.fitBounds(layer.getBounds());
    var marker = null;

    function place(latlng, pan) {
      if (!marker) {
        marker = L.marker(latlng, {
          title: el.dataset.markerLabel,
          alt: el.dataset.markerLabel,
          keyboard: true,
        }).addTo(map);
      } else {
        marker.setLatLng(latlng);
      }
      if (pan) map.panTo(latlng);
    }

    function fromFields(pan) {
      var a = parseFloat(String(lat.value).replace(",", "."));
      var b = parseFloat(String(lon.value).replace(",", "."));
      if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
        place([a, b], pan);
      }
    }

    map.on("click", function (event) {
      lat.value = round(event.latlng.lat);
      lon.value = round(event.latlng.lng);
      place(event.latlng, false);
      var status = document.getElementById(el.dataset.status);
      if (status) status.textContent = el.dataset.chosenLabel + " " + lat.value + ", " + lon.value;
    });
    lat.addEventListener("change", function () { fromFields(true); });
    lon.addEventListener("change", function () { fromFields(true); });
    fromFields(false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-initiatives-map]").forEach(markersMap);
    document.querySelectorAll("[data-location-map]").forEach(formMap);
  });
})();
