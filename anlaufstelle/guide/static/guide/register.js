// Registers the guide's service worker for the chosen language, so the guide works offline.
(function () {
  var me = document.currentScript;
  if (!("serviceWorker" in navigator) || !me) return;
  navigator.serviceWorker.register(me.dataset.sw, { scope: me.dataset.scope }).catch(function () {});
})();
