// The floor for the benchmark: a bare Bun.serve that forwards each request to the mock with fetch, no features.
const upstream = process.argv[2]!;
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: (request) => {
    const url = new URL(request.url);
    return fetch(upstream + url.pathname + url.search, { method: request.method, headers: request.headers, body: request.body });
  },
});
console.log(`listening on http://127.0.0.1:${server.port}`);
