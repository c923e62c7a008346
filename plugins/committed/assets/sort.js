/* Committed: sortable tables (`<table data-committed-sort>`). Each column heading becomes a button;
   a click sorts the rows in the page, with no request to any server. Numbers sort by value
   (`data-sort="number"` on the heading; a cell's `data-value` wins over its text), text by the
   reader's language. The heading's aria-sort says the order to screen readers. Runs on every page
   Material's instant navigation shows (`document$`), and on plain page loads. */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function value(cell, numeric) {
    var raw = cell && cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : (cell ? cell.textContent : "");
    if (!numeric) return raw.trim();
    var number = parseFloat(String(raw).replace(/[^0-9.+-]/g, ""));
    return isNaN(number) ? -Infinity : number;
  }

  function sort(table, index, th) {
    var numeric = th.getAttribute("data-sort") === "number";
    var current = th.getAttribute("aria-sort");
    var order = current === "ascending" ? "descending" : current === "descending" ? "ascending"
      : (numeric && index > 0 ? "descending" : "ascending");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", order);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = order === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = value(a.cells[index], numeric), y = value(b.cells[index], numeric);
      return sign * (numeric ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y));
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function setup(table) {
    if (table.getAttribute("data-committed-sort") === "ready" || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-committed-sort", "ready");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (th.getAttribute("data-sort") === "none") return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "committed-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sort(table, index, th); });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-committed-sort]"), setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
