/* Committed: the people index of a large company lists its offices; each office's people come
   from the site's own files (one HTML fragment per office, made by the build) when a reader
   asks for them, so the page stays light at any company size. No other host is contacted. */
document.addEventListener("click", function (event) {
  var button = event.target instanceof Element ? event.target.closest("button[data-committed-people]") : null;
  var box = button ? document.getElementById(button.getAttribute("aria-controls")) : null;
  if (!box) return;
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", open ? "true" : "false");
  box.hidden = !open;
  if (!open || box.getAttribute("data-state")) return;
  box.setAttribute("data-state", "loading");
  box.setAttribute("aria-busy", "true");
  box.textContent = box.getAttribute("data-loading");
  fetch(new URL(button.getAttribute("data-committed-people"), window.location.href))
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    })
    .then(function (html) {
      box.innerHTML = html; /* the build's own fragment: every name in it is escaped there */
      box.setAttribute("data-state", "loaded");
    })
    .catch(function () {
      box.textContent = box.getAttribute("data-failed");
      box.removeAttribute("data-state");
    })
    .then(function () { box.removeAttribute("aria-busy"); });
});
