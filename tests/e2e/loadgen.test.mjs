// The load generator's smoke run: ten seconds at a low rate against the real shop, through its
// web pages, with zero errors and orders completed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, API_KEY } from './server.mjs';

test('rapidtrade loadgen: 10 s at a low rate, zero errors, orders completed', async () => {
  const server = await startServer({ env: { ACCESS_LOG: 'false' } });
  try {
    const r = await runCli(['loadgen', '--url', server.url, '--rate', '3', '--duration', '10s', '--users', '8',
      '--json', '--restock', API_KEY]);
    assert.equal(r.code, 0, `loadgen reported errors: ${r.stdout}`);
    const report = JSON.parse(r.stdout);
    assert.ok(report.seconds >= 10 && report.seconds < 20, `ran ${report.seconds} s`);
    assert.ok(report.orders >= 1, `no order completed: ${r.stdout}`);
    assert.ok(report.requests >= 30, `only ${report.requests} requests`);
    for (const [step, s] of Object.entries(report.steps)) {
      assert.deepEqual(s.errors, {}, `${step} had errors`);
      assert.ok(s.p99_ms >= s.p50_ms, step);
    }
    assert.ok(report.steps['guest order / place order'] || report.steps['customer order / place order']);
    const bad = await runCli(['loadgen', '--url', server.url, '--duration', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid --duration soon/);
  } finally {
    await server.stop();
  }
});
