// The reference for bench/ratios.mjs: a bare node:http server, with as many processes as the
// app, answering /page and /api with fixed bodies of the sizes the app's pages have.
// Usage: node bench/reference-server.mjs <port> <processes> <page bytes> <api bytes>
import cluster from "node:cluster";
import http from "node:http";

const [port, processes, pageBytes, apiBytes] = process.argv.slice(2).map(Number);
if (cluster.isPrimary) {
  for (let i = 0; i < processes; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  const page = Buffer.alloc(pageBytes, "a");
  const api = Buffer.alloc(apiBytes, "b");
  http
    .createServer((request, response) => {
      const isApi = request.url === "/api";
      const body = isApi ? api : page;
      response.writeHead(200, {
        "content-type": isApi ? "application/json" : "text/html; charset=utf-8",
        "content-length": body.length,
      });
      response.end(body);
    })
    .listen(port, "127.0.0.1");
}
