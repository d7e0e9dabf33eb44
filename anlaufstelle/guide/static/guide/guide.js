// Registers the guide's service worker (its address and scope are on this script's tag).
(function () {
  var tag = document.currentScript;
  if (!tag || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(tag.dataset.worker, { scope: tag.dataset.scope });
})();
