// The visitor's status page fetches itself again after the seconds its data-refresh names (the
// server says: soon where a call may come any moment, later where the wait is long) and
// replaces its changing part. A hidden page (the phone in a pocket) does not fetch; shown
// again, it fetches at once. A browser without fetch reloads the page instead (without script,
// a meta refresh does).
(function () {
  "use strict";
  var part = document.getElementById("visit-status");
  if (!part || !part.hasAttribute("data-refresh")) return;
  if (!window.fetch || !window.DOMParser) {
    setTimeout(function () { location.reload(); }, 15000);
    return;
  }
  var timer = null;
  var seconds = function () {
    var value = parseInt(part.getAttribute("data-refresh"), 10);
    return value > 0 ? value : 5;
  };
  var later = function () {
    clearTimeout(timer);
    timer = document.hidden ? null : setTimeout(look, seconds() * 1000);
  };
  var look = function () {
    // The browser asks with the page's ETag and gets 304 (the page it has) when nothing changed.
    fetch(location.href, { credentials: "same-origin", cache: "no-cache" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html").getElementById("visit-status");
        if (fresh) {
          part.innerHTML = fresh.innerHTML;
          if (!fresh.hasAttribute("data-refresh")) {
            part.removeAttribute("data-refresh");
            return;
          }
          part.setAttribute("data-refresh", fresh.getAttribute("data-refresh"));
        }
        later();
      })
      .catch(later);
  };
  document.addEventListener("visibilitychange", function () {
    if (!part.hasAttribute("data-refresh")) return;
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else {
      look();
    }
  });
  later();
})();
