/* Committed: sortable tables (`<table data-committed-sort>`). Each column heading becomes a button;
   a click sorts the rows in the page, with no request to any server. Numbers sort by value
   (`data-sort="number"` on the heading; a cell's `data-value` wins over its text), text by the
   reader's language. The heading's aria-sort says the order to screen readers.
   A long table (the leaderboard's ranking) shows its first rows; its "Show ranks" button
   (`[data-committed-more]`: the folder of the further rows, made by the build as <n>.html, how many
   rows each has and how many there are) adds the next ones from the site's own files, in the
   table's current order. Elements marked `data-committed-js` only show when this script runs.
   Runs on every page Material's instant navigation shows (`document$`), and on plain page loads. */
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function value(cell, numeric) {
    var raw = cell && cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : (cell ? cell.textContent : "");
    if (!numeric) return raw.trim();
    var number = parseFloat(String(raw).replace(/[^0-9.+-]/g, ""));
    return isNaN(number) ? -Infinity : number;
  }

  function arrange(table, index, th, order) {
    var numeric = th.getAttribute("data-sort") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = order === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = value(a.cells[index], numeric), y = value(b.cells[index], numeric);
      return sign * (numeric ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y));
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function sort(table, index, th) {
    var numeric = th.getAttribute("data-sort") === "number";
    var current = th.getAttribute("aria-sort");
    var order = current === "ascending" ? "descending" : current === "descending" ? "ascending"
      : (numeric && index > 0 ? "descending" : "ascending");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", order);
    arrange(table, index, th, order);
  }

  function resort(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var order = th.getAttribute("aria-sort");
      if (order === "ascending" || order === "descending") arrange(table, index, th, order);
    });
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

  function label(box, next) {
    var rows = +box.getAttribute("data-committed-rows"), total = +box.getAttribute("data-committed-total");
    var first = (next - 1) * rows + 1;
    return "Show ranks " + first + "\u2013" + Math.min(first + rows - 1, total) + " of " + total;
  }

  function more(box) {
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    var table = document.getElementById(button.getAttribute("aria-controls"));
    if (!table || box.getAttribute("aria-busy") === "true") return;
    var next = +box.getAttribute("data-committed-next");
    var rows = +box.getAttribute("data-committed-rows"), total = +box.getAttribute("data-committed-total");
    box.setAttribute("aria-busy", "true");
    button.setAttribute("aria-disabled", "true"); /* not disabled: the button keeps the keyboard focus */
    status.textContent = "Loading\u2026";
    fetch(new URL(box.getAttribute("data-committed-more") + next + ".html", window.location.href))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        table.tBodies[0].insertAdjacentHTML("beforeend", html); /* the build's own rows: escaped there */
        resort(table);
        var shown = Math.min(next * rows, total);
        box.setAttribute("data-committed-next", String(next + 1));
        status.textContent = shown + " of " + total + " shown.";
        if (shown >= total) {
          button.remove(); /* not hidden: Material's .md-button would still show it */
          var region = table.closest("[tabindex]");
          if (region) region.focus();
        } else {
          button.textContent = label(box, next + 1);
        }
      })
      .catch(function () {
        status.textContent = "The next ranks could not be loaded. Reload the page, or open the data files above.";
      })
      .then(function () {
        box.removeAttribute("aria-busy");
        button.removeAttribute("aria-disabled");
      });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-committed-sort]"), setup);
    Array.prototype.forEach.call(document.querySelectorAll("[data-committed-js]"), function (el) {
      el.hidden = false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-committed-more]"), function (box) {
      if (box.getAttribute("data-committed-more-ready")) return;
      box.setAttribute("data-committed-more-ready", "true");
      box.querySelector("button").addEventListener("click", function () { more(box); });
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
