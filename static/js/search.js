/* Search page enhancements; the page works fully without them.
 * - autocomplete on the search box (ARIA combobox + listbox) from /api/v1/suggest
 * - the sort select re-runs the search when changed
 * - the filter panel starts open on wide screens
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("search-form");
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(min-width: 992px)").matches) {
    filters.open = true;
  }

  var sort = document.querySelector("select[data-autosubmit]");
  if (sort && form) {
    sort.addEventListener("change", function () {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  }

  var input = document.querySelector("input[data-suggest-url]");
  if (!input) {
    return;
  }
  var near = document.getElementById("near");
  var url = input.getAttribute("data-suggest-url");
  var KINDS = { practitioner: "Practitioner", treatment: "Treatment", concern: "Concern", place: "Place" };
  var list = document.createElement("ul");
  var status = document.createElement("div");
  var items = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";
  var controller = null;

  list.id = input.id + "-suggestions";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.appendChild(list);
  input.parentNode.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.children;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var item = items[index];
    if (!item) {
      return;
    }
    close();
    if (item.kind === "place" && near) {
      near.value = item.value || item.label;
      input.value = ""; // the whole text was the start of this place's name
      near.focus();
    } else if (item.url) {
      window.location.assign(item.url);
    } else {
      input.value = item.label;
      form.submit();
    }
  }

  function render(entries) {
    items = entries;
    list.textContent = "";
    entries.forEach(function (entry, i) {
      var li = document.createElement("li");
      var label = document.createElement("span");
      var kind = document.createElement("span");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      label.textContent = entry.label;
      kind.className = "suggest-kind";
      kind.textContent = KINDS[entry.kind] || "";
      li.appendChild(label);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep focus in the box until the choice is made
        choose(i);
      });
      list.appendChild(li);
    });
    active = -1;
    if (entries.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = entries.length + (entries.length === 1 ? " suggestion" : " suggestions") +
        ". Use the up and down arrows to choose.";
    } else {
      close();
      status.textContent = "";
    }
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text === lastQuery) {
      return;
    }
    lastQuery = text;
    if (text.length < 2) {
      render([]);
      return;
    }
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (input.value.trim() === text) {
          render(data.suggestions || []);
        }
      })
      .catch(function () { /* offline or aborted: the box still works as plain text */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && items.length;
    if (event.key === "ArrowDown") {
      if (!open) {
        lastQuery = "";
        fetchSuggestions();
        return;
      }
      event.preventDefault();
      highlight(active + 1 >= items.length ? 0 : active + 1);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", function () {
    setTimeout(close, 100);
  });
})();
