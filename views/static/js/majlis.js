// Majlis works without scripts; this file only adds conveniences.
"use strict";

// A checkbox with data-select-all="NAME" ticks or clears every checkbox
// named NAME in its form (the roster's "select the whole page").
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("input[type=checkbox][data-select-all]")) {
    return;
  }
  var form = box.form;
  if (!form) {
    return;
  }
  form.querySelectorAll("input[type=checkbox][name='" + box.dataset.selectAll + "']").forEach(function (other) {
    other.checked = box.checked;
  });
});

// A member search box (a form with data-member-search="URL") suggests
// members as one types, as an ARIA combobox: after a pause, it asks
// URL?q=… (same origin, JSON [{number, name}]) and lists the answers under
// the box; arrows move among them, Enter or a click opens the member's
// account, Escape closes the list. Without this script the form still
// searches on submit.
(function () {
  document.querySelectorAll("form[data-member-search]").forEach(function (form) {
    var input = form.querySelector("input[data-suggestions]");
    var list = input && document.getElementById(input.dataset.suggestions);
    if (!list) {
      return;
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var timer = 0;
    var asked = "";
    var active = -1;
    function options() {
      return list.querySelectorAll("[role=option]");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open(number) {
      window.location.href = form.action + "?number=" + encodeURIComponent(number);
    }
    function highlight(i) {
      var all = options();
      all.forEach(function (o, j) {
        o.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", all[i].id);
        all[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function fill(matches) {
      list.textContent = "";
      matches.forEach(function (m, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.number = m.number;
        var name = document.createElement("span");
        name.textContent = m.name;
        var number = document.createElement("bdi");
        number.dir = "ltr";
        number.textContent = m.number;
        option.append(name, " ", number);
        list.appendChild(option);
      });
      active = -1;
      list.hidden = matches.length === 0;
      input.setAttribute("aria-expanded", matches.length ? "true" : "false");
    }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2) {
        asked = "";
        close();
        return;
      }
      if (q === asked) {
        return;
      }
      asked = q;
      fetch(form.dataset.memberSearch + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : [];
      }).then(function (matches) {
        // An answer to an older question is dropped.
        if (input.value.trim() === q) {
          fill(matches);
        }
      }).catch(function () {});
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (list.hidden || all.length === 0) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % all.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? all.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        open(all[active].dataset.number);
      } else if (event.key === "Escape") {
        close();
      }
    });
    // mousedown, not click: the box keeps the focus until the pick.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        open(option.dataset.number);
      }
    });
    input.addEventListener("blur", close);
  });
})();
