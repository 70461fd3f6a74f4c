/* An area field with suggestions: the WAI-ARIA 1.2 combobox pattern (list
   autocomplete). Without this script the field is a plain text field and the
   server finds the area from the name or code typed.

   Markup: <input data-area-combobox data-search-url="/gebieden/zoeken/">.
   The script adds role=combobox, aria-autocomplete=list, aria-expanded and
   aria-controls to the input, and a listbox with the suggestions below it.
   Keys: Down and Up move through the suggestions (Down opens the list), Enter
   takes the one marked, Escape closes the list (a second Escape empties the field). */
(function () {
  "use strict";

  var counter = 0;

  function init(input) {
    var url = input.getAttribute("data-search-url");
    if (!url) { return; }
    counter += 1;
    var id = input.id || ("area-combobox-" + counter);
    input.id = id;
    var wrapper = document.createElement("div");
    wrapper.className = "area-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var listbox = document.createElement("ul");
    listbox.id = id + "-listbox";
    listbox.className = "area-combobox__listbox";
    listbox.setAttribute("role", "listbox");
    var labelElement = input.labels && input.labels[0];
    if (labelElement) {
      if (!labelElement.id) { labelElement.id = id + "-label"; }
      listbox.setAttribute("aria-labelledby", labelElement.id);
    }
    listbox.hidden = true;
    wrapper.appendChild(listbox);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off");

    var results = [];
    var active = -1;
    var timer = null;
    var asked = "";

    function option(i) { return document.getElementById(id + "-option-" + i); }

    function mark(index) {
      if (active >= 0 && option(active)) { option(active).setAttribute("aria-selected", "false"); }
      active = index;
      if (active >= 0 && option(active)) {
        var item = option(active);
        item.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      mark(-1);
    }

    function open() {
      if (!results.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function choose(index) {
      var found = results[index];
      if (!found) { return; }
      input.value = found.label;
      close();
    }

    function show(found) {
      results = found;
      active = -1;
      listbox.textContent = "";
      found.forEach(function (area, i) {
        var item = document.createElement("li");
        item.id = id + "-option-" + i;
        item.className = "area-combobox__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.textContent = area.label;
        var where = document.createElement("span");
        where.className = "area-combobox__description";
        where.textContent = area.description;
        item.appendChild(name);
        item.appendChild(where);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(i); input.focus(); });
        listbox.appendChild(item);
      });
      status.textContent = found.length === 1 ? "1 suggestie" : found.length + " suggesties";
      if (found.length) { open(); } else { close(); }
    }

    function ask() {
      var text = input.value.trim();
      if (text === asked) { return; }
      asked = text;
      if (!text) { show([]); return; }
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() === text) { show(data.results || []); }
        })
        .catch(function () { /* the server still finds the area typed */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 150);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!expanded) { open(); if (!results.length) { asked = ""; ask(); } return; }
        mark(active + 1 < results.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!expanded) { open(); if (results.length) { mark(results.length - 1); } return; }
        mark(active > 0 ? active - 1 : results.length - 1);
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          asked = "";
          results = [];
        }
      }
    });

    input.addEventListener("blur", function () { close(); });
  }

  document.querySelectorAll("input[data-area-combobox]").forEach(init);
})();
