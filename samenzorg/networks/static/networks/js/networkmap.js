/* Network map: Cytoscape.js drawing, filters, search, figures panel and sortable table.
   The table is the accessible alternative: it shows the same figures. */
(function () {
  "use strict";
  var container = document.getElementById("network-map");
  if (!container || typeof cytoscape === "undefined") { return; }
  var labels = JSON.parse(document.getElementById("network-labels").textContent);
  var TYPE_COLOURS = {
    bewonersinitiatief: "#d4351c", zorgaanbieder: "#1d70b8", welzijn: "#00703c",
    gemeente: "#4c2c92", zorgverzekeraar: "#f47738", onderwijs: "#912b88",
    levensbeschouwelijk: "#85994b", ondernemer: "#b58840", ondersteuningsorganisatie: "#28a197",
    clientenorganisatie: "#d53880", fonds: "#5694ca", advies: "#6f777b", overig: "#505a5f"
  };
  var CLUSTER_COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197",
    "#912b88", "#85994b", "#b58840", "#d53880", "#5694ca", "#505a5f"];
  var data = null;
  var cy = null;
  var sortKey = "label";
  var sortAscending = true;

  document.querySelectorAll(".swatch[data-type]").forEach(function (el) {
    el.style.background = TYPE_COLOURS[el.dataset.type] || "#505a5f";
  });

  function colour(actor) {
    if (document.getElementById("map-colour").value === "community") {
      return CLUSTER_COLOURS[actor.community % CLUSTER_COLOURS.length];
    }
    return TYPE_COLOURS[actor.type] || "#505a5f";
  }

  function size(actor, max) {
    var key = document.getElementById("map-size").value;
    var value = actor[key] || 0;
    return 18 + (max[key] ? 42 * value / max[key] : 0);
  }

  function checked(name) {
    var values = {};
    document.querySelectorAll('#map-controls input[name="' + name + '"]').forEach(function (el) {
      if (el.checked) { values[el.value] = true; }
    });
    return values;
  }

  function build() {
    var max = { degree: 0, betweenness: 0, pagerank: 0 };
    data.actors.forEach(function (a) {
      ["degree", "betweenness", "pagerank"].forEach(function (k) { max[k] = Math.max(max[k], a[k] || 0); });
    });
    var elements = data.actors.map(function (a) {
      return { group: "nodes", data: { id: String(a.id), label: a.label, type: a.type, colour: colour(a), size: size(a, max) } };
    }).concat(data.ties.map(function (t) {
      return { group: "edges", data: { id: "t" + t.id, source: String(t.source), target: String(t.target), kind: t.kind, width: t.strength, arrow: t.directed ? "triangle" : "none" } };
    }));
    if (cy) { cy.destroy(); }
    cy = cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)", label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120, color: "#0b0c0c", "text-outline-color": "#fff", "text-outline-width": 2 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "#8a9196", "curve-style": "bezier", "target-arrow-shape": "data(arrow)", "target-arrow-color": "#8a9196" } },
        { selector: ".faded", style: { opacity: 0.15 } },
        { selector: ".hidden", style: { display: "none" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#0b0c0c" } }
      ],
      layout: { name: data.actors.length > 400 ? "grid" : "cose", animate: false, randomize: false, nodeRepulsion: 8000 }
    });
    cy.on("tap", "node", function (event) { showFigures(event.target.id()); });
    applyFilters();
    window.networkMap = { cy: cy, data: data, select: showFigures };
    container.dataset.ready = "true";
  }

  function applyFilters() {
    if (!cy) { return; }
    var types = checked("type");
    var kinds = checked("kind");
    var query = document.getElementById("map-search").value.trim().toLowerCase();
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        n.toggleClass("hidden", !types[n.data("type")]);
        n.toggleClass("faded", query !== "" && n.data("label").toLowerCase().indexOf(query) === -1);
      });
      cy.edges().forEach(function (e) { e.toggleClass("hidden", !kinds[e.data("kind")]); });
    });
  }

  function recolour() {
    if (!data) { return; }
    var max = { degree: 0, betweenness: 0, pagerank: 0 };
    data.actors.forEach(function (a) {
      ["degree", "betweenness", "pagerank"].forEach(function (k) { max[k] = Math.max(max[k], a[k] || 0); });
    });
    data.actors.forEach(function (a) {
      var node = cy.getElementById(String(a.id));
      node.data("colour", colour(a));
      node.data("size", size(a, max));
    });
  }

  function yesNo(value) { return value ? labels.yes : labels.no; }

  function showFigures(id) {
    var actor = data.actors.find(function (a) { return String(a.id) === String(id); });
    if (!actor) { return; }
    var body = document.getElementById("actor-figures-body");
    var rows = [
      [labels.type, actor.type_label], [labels.community, actor.community + 1],
      [labels.degree, actor.degree], [labels.betweenness, actor.betweenness.toFixed(3)],
      [labels.pagerank, actor.pagerank.toFixed(3)],
      [labels.constraint, actor.constraint === null ? "–" : actor.constraint.toFixed(2)],
      [labels.contact_point, yesNo(actor.contact_point)], [labels.broker, yesNo(actor.broker)],
      [labels.cut_point, yesNo(actor.cut_point)]
    ];
    var html = document.createElement("div");
    var name = document.createElement("p");
    name.className = "utrecht-paragraph";
    var strong = document.createElement("strong");
    strong.textContent = actor.label;
    name.appendChild(strong);
    if (actor.fictional) { name.appendChild(document.createTextNode(" (" + labels.fictional + ")")); }
    html.appendChild(name);
    var dl = document.createElement("dl");
    dl.className = "detail-list";
    rows.forEach(function (r) {
      var dt = document.createElement("dt"); dt.textContent = r[0];
      var dd = document.createElement("dd"); dd.textContent = r[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    html.appendChild(dl);
    body.replaceWith(html);
    html.id = "actor-figures-body";
    if (cy) { cy.nodes().unselect(); cy.getElementById(String(actor.id)).select(); }
  }

  function renderTable() {
    var tbody = document.getElementById("actor-table-body");
    var rows = data.actors.slice();
    var numeric = ["community", "degree", "betweenness", "pagerank", "constraint"].indexOf(sortKey) !== -1;
    rows.sort(function (a, b) {
      var x = a[sortKey], y = b[sortKey];
      if (numeric) { x = x === null ? -1 : x; y = y === null ? -1 : y; return sortAscending ? x - y : y - x; }
      return sortAscending ? String(x).localeCompare(String(y), "nl") : String(y).localeCompare(String(x), "nl");
    });
    var byId = {};
    tbody.querySelectorAll("tr[data-actor-id]").forEach(function (tr) { byId[tr.dataset.actorId] = tr; });
    rows.forEach(function (a) {
      var tr = byId[String(a.id)];
      if (tr) { tbody.appendChild(tr); }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("#actor-table .sort-button");
    if (button) {
      var key = button.dataset.key;
      sortAscending = key === sortKey ? !sortAscending : !button.dataset.numeric;
      sortKey = key;
      document.querySelectorAll("#actor-table th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
      button.closest("th").setAttribute("aria-sort", sortAscending ? "ascending" : "descending");
      if (data) { renderTable(); }
      return;
    }
    var target = event.target.closest("#actor-table [data-select]");
    if (target) { showFigures(target.dataset.select); }
  });
  // The settings act at once; pressing Enter in the search field sends nothing.
  document.getElementById("map-controls").addEventListener("submit", function (event) {
    event.preventDefault();
  });
  document.getElementById("map-search").addEventListener("input", applyFilters);
  document.querySelectorAll('#map-controls input[type="checkbox"]').forEach(function (el) {
    el.addEventListener("change", applyFilters);
  });
  document.getElementById("map-colour").addEventListener("change", recolour);
  document.getElementById("map-size").addEventListener("change", recolour);
  document.getElementById("export-png").addEventListener("click", function () {
    if (!cy) { return; }
    var link = document.createElement("a");
    link.href = cy.png({ full: true, scale: 2, bg: "#ffffff" });
    link.download = container.dataset.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  // The server sends rows as arrays under their column names; the page works with objects.
  function rows(columns, values) {
    return values.map(function (row) {
      var item = {};
      columns.forEach(function (column, i) { item[column] = row[i]; });
      return item;
    });
  }

  function unpack(json) {
    json.actors = rows(json.actor_columns, json.actors);
    json.actors.forEach(function (a) { a.type_label = json.types[a.type] || a.type; });
    json.ties = rows(json.tie_columns, json.ties);
    json.ties.forEach(function (t, i) { t.id = i; });
    return json;
  }

  function load() {
    fetch(container.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (json) { data = unpack(json); build(); });
  }
  document.body.addEventListener("network-changed", load);
  load();
})();
