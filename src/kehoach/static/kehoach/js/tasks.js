// The unit inbox: "select all" and the bulk form's fields (no inline JS).
(function () {
  "use strict";
  function syncBulkFields(form) {
    var action = form.querySelector("select[name=action]");
    if (!action) { return; }
    form.querySelectorAll("[data-bulk-for]").forEach(function (field) {
      field.hidden = field.getAttribute("data-bulk-for") !== action.value;
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-select-all]")) {
      var name = target.getAttribute("data-select-all");
      target.form.querySelectorAll("input[type=checkbox][name=" + name + "]").forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (target.matches("#bulk-form select[name=action]")) {
      syncBulkFields(target.form);
    }
  });
  function init() {
    var form = document.getElementById("bulk-form");
    if (form) { syncBulkFields(form); }
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSwap", init);
})();
