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

  // Photos and files attached to messages: always the network, never stored (decision 025). The
  // server sends them no-store as well; saying so here keeps a later caching rule off them.
  if (url.pathname.startsWith("/attachments/")) return;
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

// Push (issue 13). A push always shows a notification (Safari revokes a subscription that gets
// silent ones). The payload is generic by design: a title, a line such as "New message in Ward 7
// night, Tue 3 Dec", a tag (alerts with the same tag replace each other) and a path. Nothing is
// fetched or cached here: the person reads the content in the app, signed in.
function safePath(path) {
  // One leading slash, never "//host": only a path on this origin.
  return typeof path === "string" && /^\/(?![/\\])[A-Za-z0-9/_-]{0,300}$/.test(path) ? path : "/";
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Baton";
  const body = typeof data.body === "string" ? data.body : "Open Baton to see what is new.";
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      tag: typeof data.tag === "string" ? data.tag : undefined,
      // A re-alert of an unacknowledged urgent message replaces the last one and sounds again.
      renotify: data.renotify === true && typeof data.tag === "string",
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { path: safePath(data.path) },
    }),
  );
});

// The push service changed this browser's subscription (expired or rotated). Subscribe again
// with the same server key and tell Baton as a refresh: it replaces the subscription this
// signed-in session turned on, and signs nobody up where alerts were turned off.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(
    (async () => {
      const old = event.oldSubscription;
      const key = old && old.options ? old.options.applicationServerKey : null;
      const next =
        event.newSubscription ||
        (key
          ? await self.registration.pushManager.subscribe({
              userVisibleOnly: true,
              applicationServerKey: key,
            })
          : null);
      if (!next) return;
      const { endpoint, keys } = next.toJSON();
      if (!endpoint || !keys) return;
      await fetch("/push/subscription", {
        method: "POST",
        credentials: "same-origin",
        body: new URLSearchParams({
          endpoint,
          p256dh: keys.p256dh,
          auth: keys.auth,
          refresh: "1",
        }),
      });
    })().catch(() => {}),
  );
});

// A tap opens the path: in a Baton window already open (focused and moved there), else a new
// one. A signed-out phone goes through sign-in and then on to the path.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const path = safePath(event.notification.data && event.notification.data.path);
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      // Focus while the tap's activation lasts, then move it to the path; a window this worker
      // does not control cannot be navigated: open a new one instead.
      if (open)
        return open
          .focus()
          .then((focused) => (focused || open).navigate(target))
          .catch(() => open.navigate(target))
          .catch(() => self.clients.openWindow(target));
      return self.clients.openWindow(target);
    }),
  );
});
