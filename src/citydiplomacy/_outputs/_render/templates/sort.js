(function () {
  "use strict";
  var table = document.getElementById("conventions");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var box = document.getElementById("filter-box");
  var input = document.getElementById("filter");
  var count = document.getElementById("filter-count");
  box.hidden = false;
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var keep = !q || row.textContent.toLowerCase().indexOf(q) !== -1;
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = String(shown);
  });
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    var link = th.querySelector("a[data-sort]");
    if (!link) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = link.textContent;
    link.parentNode.replaceChild(button, link);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[i].getAttribute("data-key") || a.cells[i].textContent;
        var y = b.cells[i].getAttribute("data-key") || b.cells[i].textContent;
        return x.localeCompare(y) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
}());
