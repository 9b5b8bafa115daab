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
