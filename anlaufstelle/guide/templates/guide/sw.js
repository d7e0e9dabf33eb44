{% load static %}// The guide's service worker for one language: keeps the start page, the service pages and the
// style sheet, answers from the network first (the waits change) and from the cache offline.
const CACHE = "guide-{{ lang }}-v1";
const PRECACHE = [{% for url in urls %}"{{ url|escapejs }}", {% endfor %}"{% static 'guide/guide-base.css' %}", "{% static 'guide/guide.js' %}"];
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((cache) => cache.put(request, copy)); }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error()))
  );
});
