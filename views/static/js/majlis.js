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
// members as one types: after a pause, it asks URL?q=… (same origin, JSON
// [{number, name}]) and fills the input's <datalist>. Picking a suggestion
// puts the member's number in the box and opens their account. Without
// this script the form still searches on submit.
(function () {
  document.querySelectorAll("form[data-member-search]").forEach(function (form) {
    var input = form.querySelector("input[list]");
    var list = input && document.getElementById(input.getAttribute("list"));
    if (!list) {
      return;
    }
    var timer = 0;
    var asked = "";
    var numbers = {};
    function fill(matches) {
      list.textContent = "";
      numbers = {};
      matches.forEach(function (m) {
        var option = document.createElement("option");
        option.value = m.number;
        option.label = m.name;
        option.textContent = m.name;
        list.appendChild(option);
        numbers[m.number] = true;
      });
    }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2 || q === asked) {
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
      if (numbers[input.value]) {
        // A suggestion was picked.
        form.submit();
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(ask, 250);
    });
  });
})();
