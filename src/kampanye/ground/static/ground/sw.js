// Service worker of the field-report page: keeps the page shell so the form opens with no
// signal. Reports themselves wait in IndexedDB (outbox.js), never in this cache.
"use strict";
const CACHE = "kampanye-lapor-v1";
const SHELL = [
  "/darat/lapor/",
  "/static/ground/outbox.js",
  "/static/ground/ground.css",
  "/static/ground/manifest.webmanifest",
  "/static/kampanye/kampanye.css",
  "/static/kampanye/icon.svg",
  "/static/django_htmx/htmx-2.min.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // the outbox talks to the API itself
  if (request.mode === "navigate" && url.pathname === "/darat/lapor/") {
    // network first: a fresh page (and CSRF token) when online, the cached shell when not
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put("/darat/lapor/", copy));
          }
          return response;
        })
        .catch(() => caches.match("/darat/lapor/"))
    );
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
