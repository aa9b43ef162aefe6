import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface StoreHandle {
  dataDir: string;
  databaseUrl: string | null;
  drop(): Promise<void>;
}

/** An initialised PGlite dir shared by test runs (initdb takes seconds, a copy a fraction of one). */
async function pgliteTemplate(): Promise<string> {
  const pkg = path.join(
    path.dirname(createRequire(path.join(process.cwd(), 'package.json')).resolve('@electric-sql/pglite')),
    '..',
    'package.json',
  );
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  const dir = path.join(tmpdir(), `fin-console-pglite-template-${version}`);
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  const staging = await mkdtemp(`${dir}-staging-`);
  const { PGlite } = await import('@electric-sql/pglite');
  await (await PGlite.create(staging)).close();
  await rename(staging, dir).catch(() => rm(staging, { recursive: true, force: true }));
  return dir;
}

/** A fresh, empty store in a temp dir of its own: PGlite, or a database of its own on `adminUrl`. */
// A console that has just stopped may still be closing files in its data directory.
const REMOVE = { recursive: true, force: true, maxRetries: 5, retryDelay: 100 };

export async function openFreshStore(adminUrl: string | null, prefix: string): Promise<StoreHandle> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  if (!adminUrl) {
    await cp(await pgliteTemplate(), path.join(dataDir, 'pglite'), { recursive: true });
    return { dataDir, databaseUrl: null, drop: () => rm(dataDir, REMOVE) };
  }
  const name = `${prefix.replaceAll('-', '_')}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
      await rm(dataDir, REMOVE);
    },
  };
}
