#!/usr/bin/env node
// A static server for kenko's site: the right MIME types (.mjs, .wasm), a Content-Security-
// Policy that forbids connections anywhere but this origin, cross-origin isolation (COOP/COEP:
// the engine may use threads), no caching surprises. Local only. KENKO_NO_ISOLATION=1 leaves
// the isolation headers out (the page then runs the single-threaded engine).
// KENKO_FRAME_ANCESTORS='https://host.example ...' lets those origins frame the page (an iframe;
// default 'self'); KENKO_CSP replaces the whole policy (the tests serve host pages with others).
// Usage: node scripts/serve.mjs [DIR] [PORT]
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'build-wasm/site');
const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export const csp = process.env.KENKO_CSP ?? [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${process.env.KENKO_FRAME_ANCESTORS ?? "'self'"}`,
].join('; ');

const isolation = process.env.KENKO_NO_ISOLATION === '1' ? {} : {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  let path = normalize(decodeURIComponent(url.pathname));
  if (path.endsWith('/')) path += 'index.html';
  const file = join(root, path);
  let stat;
  try {
    if (!file.startsWith(root)) throw new Error('outside');
    stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': types[extname(file)] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    'Content-Security-Policy': csp,
    // Cross-origin isolated: SharedArrayBuffer, hence the threaded engine (kenko-mt.*).
    ...isolation,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
});

server.listen(port, host, () => {
  console.log(`kenko: serving ${root} on http://localhost:${port}/`);
});
