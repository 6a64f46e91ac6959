// OpenTelemetry export (OTLP/HTTP JSON): with OTEL_EXPORTER_OTLP_ENDPOINT set, one order placed
// with a W3C traceparent arrives at a collector as one trace: the checkout's SERVER span under the
// caller's span, its CLIENT calls to the other services under it, and each service's SERVER span
// under the call that reached it. A collector that goes away costs the shop nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import { api, ADDRESS, CARD, SOFA, uniqueEmail, setStock, newCart, addLine } from './commerce_support.mjs';

// A collector of our own: every span POSTed to /v1/traces, with its resource's service.name.
function startCollector() {
  const spans = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !/^application\/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(400).end();
        return;
      }
      for (const rs of JSON.parse(body).resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    spans,
    port: server.address().port,
    stop: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

const attr = (span, key) => {
  const v = span.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? v?.intValue;
};

let collector;
let srv;
before(async () => {
  collector = await startCollector();
  srv = await startServer({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collector.port}`, OTEL_BSP_SCHEDULE_DELAY: '100' } });
});
after(async () => {
  await srv?.stop();
  await collector?.stop();
});

test('one order is one trace: checkout under the caller, its calls under it, each service under its call', async () => {
  await setStock(srv, SOFA, 10);
  const cart = await newCart(srv);
  await addLine(srv, cart.id, SOFA, 1);
  const traceId = randomBytes(16).toString('hex');
  const callerSpan = randomBytes(8).toString('hex');
  const r = await api(srv, 'POST', '/apis/orders/', {
    body: { cart_id: cart.id, email: uniqueEmail('otlp'), shipping_address: ADDRESS, card: CARD },
    headers: { traceparent: `00-${traceId}-${callerSpan}-01` },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));

  const ofTrace = () => collector.spans.filter((s) => s.traceId === traceId);
  const deadline = Date.now() + 10000;
  let root;
  while (!(root = ofTrace().find((s) => s.name === 'POST /apis/orders/')) && Date.now() < deadline) await sleep(100);
  assert.ok(root, `the checkout's span reached the collector (${collector.spans.length} spans)`);
  assert.equal(root.service, 'rapidtrade');
  assert.equal(root.kind, 2, 'SERVER');
  assert.equal(root.parentSpanId, callerSpan, 'under the caller\'s span');
  assert.equal(attr(root, 'http.response.status_code'), '201');
  assert.equal(attr(root, 'http.route'), '/apis/orders/');
  assert.equal(attr(root, 'rapidtrade.service'), 'checkout');
  assert.match(root.spanId, /^[0-9a-f]{16}$/);
  assert.ok(BigInt(root.startTimeUnixNano) <= BigInt(root.endTimeUnixNano));

  // The checkout's calls: each a CLIENT span under the checkout's, answered by a SERVER span of
  // the service it called, under the call.
  await sleep(500);
  const spans = ofTrace();
  const calls = spans.filter((s) => s.kind === 3 && s.parentSpanId === root.spanId);
  const called = calls.map((c) => attr(c, 'rapidtrade.upstream'));
  for (const upstream of ['cart', 'shipping', 'catalog', 'payment'])
    assert.ok(called.includes(upstream), `a call to ${upstream} (calls: ${called.join(', ')})`);
  for (const call of calls) {
    const answer = spans.find((s) => s.kind === 2 && s.parentSpanId === call.spanId);
    assert.ok(answer, `the ${call.name} call reached a server span`);
    assert.equal(attr(answer, 'http.response.status_code'), attr(call, 'http.response.status_code'));
    assert.equal(attr(answer, 'rapidtrade.service'), attr(call, 'rapidtrade.upstream'), `${call.name} answered by that service`);
  }
  const charge = spans.find((s) => s.kind === 2 && s.name === 'POST /apis/payments/charges');
  assert.ok(charge, 'the payment service\'s span is in the trace');
  assert.ok(!JSON.stringify(spans).includes(CARD.number), 'no card number in any span');
});

test('without a collector the shop is unaffected; the spans it could not send are counted', async () => {
  await collector.stop();
  for (let i = 0; i < 5; i++) assert.equal((await fetch(`${srv.url}/apis/products/${SOFA}`)).status, 200);
  const deadline = Date.now() + 10000;
  let dropped = 0;
  while (Date.now() < deadline) {
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    dropped = Number(/^rapidtrade_trace_spans_dropped_total (\S+)/m.exec(metrics)?.[1] ?? 0);
    if (dropped >= 5) break;
    await sleep(100);
  }
  assert.ok(dropped >= 5, `dropped spans counted: ${dropped}`);
  assert.ok(srv.lines.some((l) => l.event === 'span_export_failed'), 'the failure is logged');
});

test('an endpoint that is not an http:// URL stops the start with one line naming it', async () => {
  await assert.rejects(startServer({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' } }), /exited with 2: .*OTEL_EXPORTER_OTLP_ENDPOINT/);
});
