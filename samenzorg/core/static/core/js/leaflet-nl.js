// Dutch names for the map's own buttons, which screen readers read out.
// Loaded right after Leaflet, before any map is made.
(function () {
  "use strict";
  if (!window.L) return;
  var dutch = document.documentElement.lang !== "en";
  L.Control.Zoom.mergeOptions(
    dutch
      ? { zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }
      : { zoomInTitle: "Zoom in", zoomOutTitle: "Zoom out" }
  );
})();
