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
// A submit button with data-confirm-message starts an irreversible action:
// ask in a dialog, with the text the server rendered onto the button, and
// submit with the confirmation field only once confirmed. Without this
// script the server asks on a confirmation page instead. With
// data-confirm-field and data-confirm-value, the text holds only while that
// field has that value; otherwise the form goes to the confirmation page,
// which computes the figures for what was typed.
(function () {
  var dialog = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.id = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    dialog.setAttribute("aria-describedby", "confirm-dialog-message");
    dialog.innerHTML = '<h2 id="confirm-dialog-title"></h2><p id="confirm-dialog-message"></p>' +
      '<div class="actions"><button type="button" class="button danger" id="confirm-dialog-submit"></button>' +
      '<button type="button" class="button secondary" id="confirm-dialog-cancel"></button></div>';
    document.body.appendChild(dialog);
    dialog.querySelector("#confirm-dialog-cancel").addEventListener("click", function () {
      dialog.close();
    });
    return dialog;
  }

  function applies(button, form) {
    var name = button.dataset.confirmField;
    if (!name) {
      return true;
    }
    var field = form.elements.namedItem(name);
    return field && field.value.trim() === button.dataset.confirmValue;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!button || !button.dataset || !button.dataset.confirmMessage || form.dataset.confirmedNow) {
      return;
    }
    if (!applies(button, form) || typeof HTMLDialogElement !== "function") {
      return; // the server's confirmation page asks instead
    }
    event.preventDefault();
    var d = dialog || build();
    d.querySelector("#confirm-dialog-title").textContent = button.dataset.confirmTitle;
    d.querySelector("#confirm-dialog-message").textContent = button.dataset.confirmMessage;
    var ok = d.querySelector("#confirm-dialog-submit");
    var fresh = ok.cloneNode(false); // drop the listener of an earlier form
    fresh.textContent = button.dataset.confirmSubmit;
    ok.replaceWith(fresh);
    d.querySelector("#confirm-dialog-cancel").textContent = button.dataset.confirmCancel;
    fresh.addEventListener("click", function () {
      var yes = document.createElement("input");
      yes.type = "hidden";
      yes.name = "confirmed";
      yes.value = "yes";
      form.appendChild(yes);
      form.dataset.confirmedNow = "1";
      d.close();
      form.requestSubmit(button);
    });
    d.showModal();
    fresh.focus();
  });
}());
// The menu: kept open as a bar on a wide screen (where the stylesheet
// hides its summary), one area's list open at a time, and closed by a
// click elsewhere or Escape.
(function () {
  var menu = document.querySelector(".site-menu");
  if (!menu) {
    return;
  }
  var wide = window.matchMedia("(min-width: 56rem)");
  function fit() {
    if (wide.matches) {
      menu.open = true;
    }
  }
  fit();
  wide.addEventListener("change", fit);
  var areas = menu.querySelectorAll(".nav-area > details");
  function closeAreas(except) {
    areas.forEach(function (d) {
      if (d !== except) {
        d.open = false;
      }
    });
  }
  areas.forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (d.open) {
        closeAreas(d);
      }
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".nav-area")) {
      closeAreas(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeAreas(null);
    }
  });
})();
