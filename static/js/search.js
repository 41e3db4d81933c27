/* Search enhancements for the home page and the search page; both work fully without them.
 * - autocomplete on every search box with data-suggest-url (ARIA 1.2 combobox + listbox)
 * - "Near me": the browser's location into the place box, results sorted by distance
 * - the sort select re-runs the search when changed, and focus comes back to it afterwards
 * - the filter panel starts open on wide screens
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var SORT_FOCUS_KEY = "needlewise-focus-sort";
  var KINDS = { practitioner: "Practitioner", treatment: "Treatment", concern: "Concern", place: "Place" };

  function submit(form) {
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function openFiltersOnWideScreens() {
    var filters = document.getElementById("filters");
    if (filters && window.matchMedia("(min-width: 992px)").matches) {
      filters.open = true;
    }
  }

  /* Changing the sort reloads the page; without help the keyboard user would land back at the
   * top of the document. The flag lives for one page load in this tab only. */
  function setUpSort() {
    var sort = document.querySelector("select[data-autosubmit]");
    if (!sort || !sort.form) {
      return;
    }
    try {
      if (window.sessionStorage.getItem(SORT_FOCUS_KEY) === sort.id) {
        window.sessionStorage.removeItem(SORT_FOCUS_KEY);
        sort.focus({ preventScroll: false });
      }
    } catch (ignored) { /* storage disabled: focus simply starts at the top */ }
    sort.addEventListener("change", function () {
      try {
        window.sessionStorage.setItem(SORT_FOCUS_KEY, sort.id);
      } catch (ignored) { /* see above */ }
      submit(sort.form);
    });
  }

  function setUpSuggest(input) {
    var form = input.form;
    var near = form ? form.elements.namedItem("near") : null;
    var url = input.getAttribute("data-suggest-url");
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
      input.removeAttribute("aria-activedescendant");
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
  }

  /* "Near me": the button is in the page but hidden, so without JavaScript (or without the
   * Geolocation API) only the place box shows. The position goes into the place box as
   * "lat,lon" rounded to about 100 m: the search understands it, and nothing more precise
   * than a street block ever leaves the browser. */
  function setUpNearMe(button) {
    var form = button.form;
    var near = form ? form.elements.namedItem("near") : null;
    var message = document.getElementById(button.getAttribute("data-message"));
    if (!near || !message || !navigator.geolocation) {
      return;
    }
    button.hidden = false;

    function say(text) {
      message.textContent = text; // a live region (role="status") kept in the page, so it is read out
    }

    function sortByDistance() {
      // form.elements includes controls outside the form that name it (form="search-form").
      var sort = form.elements.namedItem("sort");
      if (sort && sort.tagName === "SELECT") {
        sort.value = "distance";
        return;
      }
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "sort";
      hidden.value = "distance";
      form.appendChild(hidden);
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      say("Finding your location…");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          near.value = position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
          say("Searching near your location…");
          sortByDistance();
          submit(form);
        },
        function (error) {
          button.disabled = false;
          button.removeAttribute("aria-busy");
          say(error && error.code === 1
            ? "Your browser did not share your location. Type a ZIP code or a city and state (such as Austin, TX) in the Near box instead."
            : "We could not find your location. Type a ZIP code or a city and state (such as Austin, TX) in the Near box instead.");
          near.focus();
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  openFiltersOnWideScreens();
  setUpSort();
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), setUpSuggest);
  Array.prototype.forEach.call(document.querySelectorAll("button[data-near-me]"), setUpNearMe);
})();
