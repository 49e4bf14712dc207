// The outbox's "tick all" box: shown only where this script runs (the "Send all"
// button does the same without it). A native checkbox, so Space ticks it from the
// keyboard; it shows "mixed" while some but not all mails are ticked.
(function () {
  "use strict";
  var all = document.getElementById("tick-all");
  if (!all) return;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=mail]"));
  if (!boxes.length) return;
  all.closest("label").hidden = false;
  function update() {
    var ticked = boxes.filter(function (b) { return b.checked; }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  all.addEventListener("change", function () {
    boxes.forEach(function (b) { b.checked = all.checked; });
    update();
  });
  boxes.forEach(function (b) { b.addEventListener("change", update); });
  update();
})();
