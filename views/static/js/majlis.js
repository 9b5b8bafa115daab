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
