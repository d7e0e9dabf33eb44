// A television's browser may be too old for htmx, which refreshes the board's calls every two
// seconds: there the whole board reloads every three seconds instead. Written for old engines
// on purpose (no arrow functions, no const). Without script, a meta refresh does the same.
(function () {
  "use strict";
  function check() {
    if (!window.htmx) {
      setTimeout(function () { window.location.reload(); }, 3000);
    }
  }
  if (document.readyState === "complete") {
    check();
  } else {
    window.addEventListener("load", check);
  }
})();
