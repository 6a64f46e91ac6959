// tools/codegen: what the build makes of a service's queries.sql, schema/*.sql and routes.txt, and
// the clear stop it makes on a malformed file (file, line, reason) instead of emitting bad C++.
// Also: every route of every routes.txt is an operation of docs/api/openapi.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const bin = process.env.CODEGEN_BIN;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

function file(name, text) {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}
function run(...args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}
const read = (name) => fs.readFileSync(path.join(dir, name), 'utf8');

// Each [file text, message] case written to `input` and given to `command(input)`: exit 1, the
// message on stderr, and none of `outputs` written.
function expectRefusals(input, cases, command, outputs) {
  for (const [text, message] of cases) {
    const file_ = file(input, text);
    for (const out of outputs) fs.rmSync(path.join(dir, out), { force: true });
    const r = run(...command(file_));
    assert.equal(r.status, 1, text);
    assert.ok(r.stderr.includes(message), `${JSON.stringify(text)}: ${r.stderr}`);
    for (const out of outputs) assert.equal(fs.existsSync(path.join(dir, out)), false, `${out} after ${JSON.stringify(text)}`);
  }
}

test('queries: each named statement becomes a constant, its lines joined, its comment kept', () => {
  const sql = file('q/queries.sql', [
    '-- The file\'s own header, apart from the first statement.',
    '',
    '-- Finds one cart.',
    '-- name: kFindCart',
    'SELECT id, customer_id FROM carts',
    "    WHERE id = $1 AND note LIKE $2 ESCAPE '\\';",
    '',
    '-- name: kDeleteCart',
    'DELETE FROM carts WHERE id = $1;',
  ].join('\n'));
  const out = path.join(dir, 'q/sql.hpp');
  assert.equal(run('queries', 'rapidtrade::cart::sql', sql, out).status, 0);
  const hpp = read('q/sql.hpp');
  assert.match(hpp, /namespace rapidtrade::cart::sql \{/);
  assert.match(hpp, /\/\/ Finds one cart\.\nconstexpr std::string_view kFindCart = R"sql\(SELECT id, customer_id FROM carts WHERE id = \$1 AND note LIKE \$2 ESCAPE '\\'\)sql";/);
  assert.match(hpp, /constexpr std::string_view kDeleteCart = R"sql\(DELETE FROM carts WHERE id = \$1\)sql";/);
  assert.match(hpp, /^\/\/ The file's own header, apart from the first statement\.$/m);
  assert.doesNotMatch(hpp, /The file's own header[^\n]*\nconstexpr/);
});

test('queries: a malformed file stops the build with its line and the reason, and writes nothing', () => {
  const cases = [
    ['SELECT 1;\n', 'queries.sql:1: SQL before the first "-- name:" line'],
    ['-- name: kA\nSELECT 1;\n-- name: kA\nSELECT 2;\n', 'queries.sql:3: a second statement named kA'],
    ['-- name: k-A\nSELECT 1;\n', 'queries.sql:1: a statement\'s name must be a C++ identifier'],
    ['-- name: kA\nSELECT 1\n-- why\nFROM t;\n', 'queries.sql:4: a comment inside statement kA'],
    ['-- name: kA\n-- name: kB\nSELECT 1;\n', 'statement kA has no SQL'],
    ['-- name: kA\nSELECT \')sql"\';\n', 'the text contains )sql"'],
  ];
  expectRefusals('bad/queries.sql', cases, (sql) => ['queries', 'ns', sql, path.join(dir, 'bad/sql.hpp')], ['bad/sql.hpp']);
});

test('migrations: versions from the file names, in order, with no gap', () => {
  const a = file('m/schema/001_carts_and_lines.sql', '-- why\nCREATE TABLE carts (id TEXT PRIMARY KEY);\n');
  const b = file('m/schema/002_abandoned_carts.sql', 'ALTER TABLE carts ADD COLUMN seen TEXT;\n');
  const hpp = path.join(dir, 'm/migrations.hpp');
  const cpp = path.join(dir, 'm/migrations.cpp');
  assert.equal(run('migrations', 'rapidtrade::cart', hpp, cpp, b, a).status, 0);
  const text = read('m/migrations.cpp');
  assert.match(text, /\{1, "carts and lines", kV1, \{\}\},\n    \{2, "abandoned carts", kV2, \{\}\},/);
  assert.match(text, /kV1 = R"sql\(-- why\nCREATE TABLE carts/);
  assert.match(read('m/migrations.hpp'), /std::span<const rapidtrade::platform::db::Migration> migrations\(\);/);

  const gap = file('m2/schema/003_later.sql', 'SELECT 1;');
  let r = run('migrations', 'ns', hpp, cpp, a, gap);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /003_later\.sql:0: expected version 2 here/);
  const badName = file('m3/schema/1_x.sql', 'SELECT 1;');
  r = run('migrations', 'ns', hpp, cpp, badName);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /a schema file is named NNN_what_it_adds\.sql/);
});

test('routes: the table and the declarations, options included', () => {
  const txt = file('r/routes.txt', [
    '# comment line',
    'GET    /apis/products/       list_products   cache=read',
    'PUT    /apis/products/{id}/image  put_photo  cache=clear max_body=kMaxPhotoBytes  # API key or staff',
    'DELETE /apis/products/{id}   delete_product  max_body=1024',
  ].join('\n'));
  const hpp = path.join(dir, 'r/routes.hpp');
  const cpp = path.join(dir, 'r/routes.cpp');
  assert.equal(run('routes', 'rapidtrade::catalog::handlers', txt, hpp, cpp, 'services/catalog/handlers/handlers.hpp').status, 0);
  const h = read('r/routes.hpp');
  assert.match(h, /Response put_photo\(Context& ctx, const Request& request\);  \/\/ PUT \/apis\/products\/\{id\}\/image \(API key or staff\)/);
  const c = read('r/routes.cpp');
  assert.match(c, /#include "services\/catalog\/handlers\/handlers.hpp"/);
  assert.match(c, /\{Verb::get, "\/apis\/products\/", &list_products, Caching::read, 0\},/);
  assert.match(c, /\{Verb::put, "\/apis\/products\/\{id\}\/image", &put_photo, Caching::clear, kMaxPhotoBytes\},/);
  assert.match(c, /\{Verb::delete_, "\/apis\/products\/\{id\}", &delete_product, Caching::none, 1024\},/);
});

test('routes: a malformed line stops the build with its line and the reason', () => {
  const cases = [
    ['GET /apis/x\n', 'routes.txt:1: a route is METHOD PATH HANDLER [options]'],
    ['FETCH /apis/x h\n', 'routes.txt:1: unknown method FETCH'],
    ['GET /admin/x h\n', 'routes.txt:1: a path starts with /apis/'],
    ['GET /apis/x"); evil(" h\n', 'routes.txt:1: a path starts with /apis/ and holds no quote or backslash'],
    ['GET /apis/x\\y h\n', 'a path starts with /apis/ and holds no quote or backslash'],
    ['GET /apis/x h\nGET /apis/x g\n', 'routes.txt:2: a second route GET /apis/x'],
    ['GET /apis/x h(); \n', 'routes.txt:1: the handler must be a C++ identifier'],
    ['GET /apis/x h cache=write\n', 'routes.txt:1: unknown option cache=write'],
    ['GET /apis/x h max_body=1e9\n', 'routes.txt:1: unknown option max_body=1e9'],
    ['# nothing\n', 'no route'],
  ];
  expectRefusals('rb/routes.txt', cases,
    (txt) => ['routes', 'ns', txt, path.join(dir, 'rb/routes.hpp'), path.join(dir, 'rb/routes.cpp'), 'x.hpp'],
    ['rb/routes.hpp', 'rb/routes.cpp']);
});

test('every route of every service is an operation of docs/api/openapi.yaml', () => {
  const spec = YAML.parse(fs.readFileSync(path.join(root, 'docs/api/openapi.yaml'), 'utf8'));
  const shape = (p) => p.replace(/\{[^}]+\}/g, '{}').replace(/\/$/, '');
  const documented = new Set();
  for (const [p, item] of Object.entries(spec.paths)) for (const m of Object.keys(item)) documented.add(`${m.toUpperCase()} ${shape(p)}`);
  const services = path.join(root, 'src/services');
  let routes = 0;
  for (const svc of fs.readdirSync(services)) {
    const f = path.join(services, svc, 'routes.txt');
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      const w = line.replace(/#.*/, '').trim().split(/\s+/);
      if (w.length < 3) continue;
      routes++;
      assert.ok(documented.has(`${w[0]} ${shape(w[1])}`), `${svc}: ${w[0]} ${w[1]} is not in docs/api/openapi.yaml`);
    }
  }
  assert.ok(routes > 60, `only ${routes} routes found`);
});
