/* Committed: accessibility fixes to what Material's JavaScript adds to a page.
   - Each code block's copy button comes in a <nav> without a name, so a page with two code blocks
     has two landmarks a screen reader cannot tell apart (axe: landmark-unique): each gets a name.
   - Wide Markdown tables scroll inside a wrapper the keyboard cannot reach (axe:
     scrollable-region-focusable): the wrapper becomes focusable, a named region. */
(function () {
  "use strict";
  function each(selector, fn) {
    var all = document.querySelectorAll(selector);
    Array.prototype.forEach.call(all, function (el, i) { fn(el, i); });
  }
  function fix() {
    each("nav.md-code__nav", function (nav, i) {
      if (!nav.hasAttribute("aria-label")) nav.setAttribute("aria-label", "Code block " + (i + 1));
    });
    each(".md-typeset__scrollwrap", function (wrap, i) {
      if (wrap.hasAttribute("tabindex")) return;
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table " + (i + 1));
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  fix();
})();
