// The visitor's status page fetches itself every five seconds and replaces its changing part;
// a browser without fetch reloads the page instead (without script, a meta refresh does).
(function () {
  "use strict";
  var part = document.getElementById("visit-status");
  if (!part || !part.hasAttribute("data-refresh")) return;
  if (!window.fetch || !window.DOMParser) {
    setTimeout(function () { location.reload(); }, 15000);
    return;
  }
  var timer = setInterval(function () {
    fetch(location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("visit-status");
        if (!fresh) return;
        part.innerHTML = fresh.innerHTML;
        if (!fresh.hasAttribute("data-refresh")) clearInterval(timer);
      })
      .catch(function () {});
  }, 5000);
})();
