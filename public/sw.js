// Baton's service worker. It precaches only the hashed build assets and the offline page, and
// never caches a document or a data response: those may hold patient information, which must
// not stay on a phone. scripts/build-service-worker.ts fills in the two constants at build time.
const VERSION = "dev";
const PRECACHE_URLS = ["/offline.html", "/offline.css"];

const CACHE = `baton-static-${VERSION}`;

self.addEventListener("install", (event) => {
  // cache: "reload" skips the HTTP cache, so a stale copy of the offline page is never stored.
  const requests = PRECACHE_URLS.map((url) => new Request(url, { cache: "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// The page asks for this when the person chooses "Update now".
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  // Pages always come from the network; offline, the offline page stands in. Nothing is stored.
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
    return;
  }
  // Hashed build assets: from the precache when there, else the network (and not stored).
  if (PRECACHE_URLS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((cached) => cached || fetch(request)));
  }
  // Everything else (data, the event stream, uploads) goes straight to the network.
});
