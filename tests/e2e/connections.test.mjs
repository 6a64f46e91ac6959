// The server under awkward clients: silent ones, many at once, and shutdown. Each test runs with
// one I/O thread (connections on the I/O context itself, no strand: server.cpp) and with two (a
// strand per connection), since the two share no code path for a connection's handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { startServer, rawRequest } from './server.mjs';

for (const ioThreads of ['1', '2']) {
  const IO = { IO_THREADS: ioThreads };
  const on = ` (IO_THREADS=${ioThreads})`;

  test('a client that sends half a request and goes silent is dropped after the deadline, others are served meanwhile' + on, async () => {
    const server = await startServer({ env: { ...IO, READ_TIMEOUT_MS: '700' } });
    try {
      const started = Date.now();
      const closed = new Promise((resolve) => {
        const s = net.connect(server.port, '127.0.0.1', () => s.write('GET /apis/products/ HTTP/1.1\r\nHost: x\r\n'));
        s.on('close', () => resolve(Date.now() - started));
        s.on('error', () => {});
      });
      // While the slow client hangs, others get answers at once.
      for (let i = 0; i < 20; i++) {
        const t0 = Date.now();
        const res = await fetch(server.url + '/apis/products/OPUK6V6EV0');
        assert.equal(res.status, 200);
        await res.text();
        assert.ok(Date.now() - t0 < 500, 'a normal request waited behind the silent client');
      }
      const after = await closed;
      assert.ok(after >= 600 && after < 5000, `dropped after ${after} ms`);
    } finally {
      await server.stop();
    }
  });

  test('1,000 concurrent keep-alive connections are all served' + on, async () => {
    const server = await startServer({ env: { ...IO, ACCESS_LOG: 'false' } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1000, maxFreeSockets: 1000 });
    try {
      const u = new URL(server.url);
      // Open 1,000 sockets first, then send a request on each and a second one on the same socket.
      const results = await Promise.all(Array.from({ length: 1000 }, async (_, i) => {
        const first = await rawRequest(server.url, { path: `/apis/products/?per_page=1&page=${(i % 30) + 1}`, agent });
        const second = await rawRequest(server.url, { path: '/healthz', agent });
        return [first.status, second.status];
      }));
      assert.equal(results.length, 1000);
      assert.ok(results.every(([a, b]) => a === 200 && b === 200), 'some requests failed');
      const sockets = Object.values(agent.freeSockets).reduce((n, list) => n + list.length, 0);
      assert.equal(sockets, 1000, `only ${sockets} keep-alive sockets stayed open (host ${u.host})`);
      // The server holds them all at once (the metrics request itself is one more connection).
      const metrics = await (await fetch(server.url + '/metrics')).text();
      const open = Number(/^http_open_connections (\d+)/m.exec(metrics)?.[1]);
      assert.ok(open >= 1000, `the server reports ${open} open connections`);
    } finally {
      agent.destroy();
      await server.stop();
    }
  });

  test('SIGTERM stops accepting, closes idle connections and exits 0' + on, async () => {
    const server = await startServer({ env: IO });
    const idle = await new Promise((resolve) => {
      const s = net.connect(server.port, '127.0.0.1', () => resolve(s));
    });
    const idleClosed = new Promise((resolve) => idle.on('close', resolve));
    idle.on('error', () => {});
    const { code, signal } = await server.stop();
    const said = () => `stdout: ${JSON.stringify(server.lines)}\nstderr: ${server.stderr()}`;
    assert.equal(signal, null, said());
    assert.equal(code, 0, said());
    await idleClosed;
    assert.ok(server.lines.some((l) => l.event === 'shutdown_requested'), said());
    assert.ok(server.lines.some((l) => l.event === 'stopped'), said());
    await assert.rejects(fetch(server.url + '/healthz'));
  });
}
