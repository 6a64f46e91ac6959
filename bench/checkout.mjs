// Checkout benchmark: N concurrent customers each placing orders back to back for a duration.
// Carts are prepared first (not timed); the timed part is POST /apis/orders/ alone: the whole saga
// (cart, promo, shipping quote, stock reservation, charge, order, e-mail, shipment).
// Usage: node bench/checkout.mjs BASE_URL API_KEY [concurrency=16] [seconds=10]
// With BENCH_CPU_SHOP=<pid> (and BENCH_CPU_POSTGRES=1: every process named postgres), the CPU those
// processes used during the timed part is reported per order. With BENCH_STARTED_FILE, that file is
// written when the timed part starts (a profiler can wait for it: bench/profile.sh).
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
const [base, apiKey, concurrencyArg = '16', secondsArg = '10'] = process.argv.slice(2);
const concurrency = Number(concurrencyArg), seconds = Number(secondsArg);
const headers = { 'Content-Type': 'application/json', 'X-Api-Key': apiKey };
const card = { holder: 'Jean Rault', number: '4556426261628918', cvv: '229', exp_month: 2, exp_year: 2028 };
const address = { full_name: 'Jean Rault', street: '86 quai Saint-Nicolas', city: 'Auxerre', postal_code: '89000' };
const PRODUCT = 'OPUK6V6EV0';

async function call(method, path, body) {
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function newCart() {
  const cart = await call('POST', '/apis/carts/');
  const line = await call('POST', `/apis/carts/${cart.body.id}/lines`, { product_id: PRODUCT, quantity: 1 });
  if (line.status !== 200) throw new Error(`cannot fill a cart: ${JSON.stringify(line.body)}`);
  return cart.body.id;
}

// Enough stock for the run, so every order succeeds.
await call('PATCH', `/apis/products/${PRODUCT}`, { stock: 1000000 });
const estimate = Math.ceil(seconds * 4000);  // above the rate these machines reach (2,000/s on SQLite), so carts never run out
const carts = [];
for (let i = 0; i < estimate; i += 16) carts.push(...await Promise.all(Array.from({ length: 16 }, newCart)));
// With BENCH_CARTS_FILE, only the carts: their ids go to that file, for wrk (bench/checkout.lua).
if (process.env.BENCH_CARTS_FILE) {
  writeFileSync(process.env.BENCH_CARTS_FILE, carts.join('\n') + '\n');
  process.exit(0);
}

const HZ = Number(execSync('getconf CLK_TCK'));
// utime + stime (fields 14 and 15 of stat) and, with `children`, cutime + cstime (16, 17): what the
// ended children used (a PostgreSQL backend's time goes to the postmaster when it is reaped).
const ticksOf = (pid, children = false) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').map(Number);
    return f[11] + f[12] + (children ? f[13] + f[14] : 0);
  } catch { return 0; }  // ended between listing and reading: counted by its parent
};
const postgresPids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
  try { return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres'; } catch { return false; }
});
const cpuMs = () => ({
  shop: process.env.BENCH_CPU_SHOP ? ticksOf(process.env.BENCH_CPU_SHOP) * 1000 / HZ : null,
  postgres: process.env.BENCH_CPU_POSTGRES ? postgresPids().reduce((t, p) => t + ticksOf(p, true), 0) * 1000 / HZ : null,
});

const latencies = [];
let errors = 0, next = 0;
const deadline = performance.now() + seconds * 1000;
const started = performance.now();
const cpuBefore = cpuMs();
if (process.env.BENCH_STARTED_FILE) writeFileSync(process.env.BENCH_STARTED_FILE, `${Date.now()}\n`);
async function customer() {
  while (performance.now() < deadline && next < carts.length) {
    const cartId = carts[next++];
    const t0 = performance.now();
    const res = await call('POST', '/apis/orders/', { cart_id: cartId, email: 'bench@example.fr', shipping_address: address, card });
    latencies.push(performance.now() - t0);
    if (res.status !== 201 || !/^\d{13}$/.test(res.body.reference)) errors += 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, customer));
const cpuAfter = cpuMs();
const perOrder = (k) => (cpuBefore[k] === null ? null : Number(((cpuAfter[k] - cpuBefore[k]) / Math.max(1, latencies.length - errors)).toFixed(2)));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
console.log(JSON.stringify({
  orders: latencies.length - errors, errors, seconds: Number(elapsed.toFixed(2)),
  orders_per_s: Math.round((latencies.length - errors) / elapsed),
  p50_ms: Number(pct(0.5).toFixed(1)), p99_ms: Number(pct(0.99).toFixed(1)), carts_prepared: carts.length,
  shop_cpu_ms_per_order: perOrder('shop'), postgres_cpu_ms_per_order: perOrder('postgres'),
}));
if (next >= carts.length) console.error('warning: ran out of prepared carts before the end of the run');
