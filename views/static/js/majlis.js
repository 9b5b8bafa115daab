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

// On the apply form, the fieldset of the kind not chosen is hidden and
// disabled, so that its fields are neither shown nor sent.
function showChosenKind(form) {
  var chosen = form.querySelector("input[data-kind-choice]:checked");
  form.querySelectorAll(".kind-fields[data-kind]").forEach(function (set) {
    var off = chosen !== null && set.dataset.kind !== chosen.value;
    set.hidden = off;
    set.disabled = off;
  });
}
document.addEventListener("change", function (event) {
  var input = event.target;
  if (input.matches && input.matches("input[data-kind-choice]") && input.form) {
    showChosenKind(input.form);
  }
});
document.querySelectorAll("form.apply-form").forEach(showChosenKind);
