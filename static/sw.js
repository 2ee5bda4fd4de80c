// Ringleader's service worker: after the first visit the playground works offline, so a
// lecture survives bad Wi-Fi. Everything is same-origin and relative, so it works under any
// sub-path (the scope is the folder this file is served from).
const CACHE = 'ringleader-v1';

// The URLs a page's attributes name; the release build minifies the page, which leaves
// attribute values unquoted where it can.
const assetsOf = (html) => [...html.matchAll(/\b(?:href|src)=(?:"([^"#]*)"|'([^'#]*)'|([^\s"'=<>`#]+))/g)]
  .map((m) => m[1] ?? m[2] ?? m[3])
  .filter((url) => url);

// On install, cache the page and every asset it names (their names carry a hash of their
// contents: Trunk's, or for the glue and the wasm the release build's hook's).
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch('./', { cache: 'no-cache' });
    const html = await page.clone().text();
    await cache.put('./', page);
    const assets = assetsOf(html)
      .filter((url) => !url.startsWith('data:') && new URL(url, self.registration.scope).origin === self.location.origin);
    await cache.addAll([...new Set(assets)]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    // Forget assets of earlier versions: keep the page and what it names now.
    const cache = await caches.open(CACHE);
    const page = await cache.match('./');
    if (page) {
      const html = await page.text();
      const keep = new Set(assetsOf(html).map((url) => new URL(url, self.registration.scope).href));
      keep.add(new URL('./', self.registration.scope).href);
      for (const request of await cache.keys()) {
        if (!keep.has(request.url.split('?')[0])) await cache.delete(request);
      }
    }
    await self.clients.claim();
  })());
});

// Pages: the network first (a new version shows up at once), the cache when offline.
// Assets: the cache first (their names change with their content), then the network.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        const fresh = await fetch(request);
        if (fresh.ok) (await caches.open(CACHE)).put('./', fresh.clone());
        return fresh;
      } catch {
        return (await caches.match('./')) ?? Response.error();
      }
    })());
    return;
  }
  event.respondWith((async () => {
    const cached = await caches.match(request, { ignoreSearch: true });
    if (cached) return cached;
    const fresh = await fetch(request);
    if (fresh.ok) (await caches.open(CACHE)).put(request, fresh.clone());
    return fresh;
  })());
});
