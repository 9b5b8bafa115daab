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
