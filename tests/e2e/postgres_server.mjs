// A PostgreSQL 15 of a test's own (initdb in a temporary directory, a free port, trust
// authentication on 127.0.0.1), for tests that stop it, wipe it or restore into it, which they
// must not do to the shared TEST_DATABASE_URL of scripts/with-postgres.sh.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.mjs';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

// initdb and postgres refuse to run as root: then run them as the postgres user.
const isRoot = process.getuid?.() === 0;
function asOwner(args) {
  const quoted = args.map((a) => `'${String(a).replaceAll("'", "'\\''")}'`).join(' ');
  const r = isRoot
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { encoding: 'utf8' })
    : spawnSync('/bin/sh', ['-c', quoted], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

// Starts a new, empty PostgreSQL. Answers { url, port, sql(text, db), stop(), start(), wipe(), destroy() }.
export async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'rapidtrade-pg-own-'));
  if (isRoot) {
    const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(pw.stdout), Number(gid.stdout));
  }
  const port = await freePort();
  const data = join(dir, 'data');
  const init = () => must(asOwner([`${PG_BIN}/initdb`, '-D', data, '-U', 'rapidtrade', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), 'initdb');
  const start = () => must(asOwner([`${PG_BIN}/pg_ctl`, '-D', data, '-l', join(dir, 'pg.log'), '-w', '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`, 'start']), 'pg_ctl start');
  // -m fast: what an orderly shutdown, a node drain or a failover does to the clients' connections.
  const stop = () => must(asOwner([`${PG_BIN}/pg_ctl`, '-D', data, '-m', 'fast', '-w', 'stop']), 'pg_ctl stop');
  init();
  start();
  const url = `postgresql://rapidtrade@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    dir,
    // Runs SQL as the superuser in `db` (default postgres); answers psql's unaligned output.
    sql(text, db = 'postgres') {
      return must(spawnSync(`${PG_BIN}/psql`, ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(port), '-U', 'rapidtrade', '-d', db, '-c', text],
        { encoding: 'utf8' }), `psql ${text}`);
    },
    stop,
    start,
    // The server lost with its data: stopped, its directory deleted, a new empty one made and started.
    wipe() {
      stop();
      rmSync(data, { recursive: true, force: true });
      init();
      start();
    },
    destroy() {
      try { stop(); } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
