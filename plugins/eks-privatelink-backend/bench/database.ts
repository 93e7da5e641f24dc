/*
 * The databases the HTTP half of the bench runs on: SQLite files in a fresh
 * directory, and PostgreSQL 15 started the way scripts/test.sh starts it
 * (`source scripts/services.sh; ensure_postgres`), with fresh databases per
 * run under their own prefix, dropped afterwards.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';

/** The plugin's id, which names its database. */
const PLUGIN_ID = 'eks-privatelink';

/** Where one run of the HTTP half keeps its data. */
export interface BenchDatabase {
  /** `SQLite` or `PostgreSQL 15`, for the tables. */
  label: string;
  /** `backend.database` of the bench backend's app-config. */
  backendConfig: Record<string, unknown>;
  /** The plugin's own database, as another replica's sync would reach it. */
  pluginKnexConfig: Knex.Config;
  /** Removes what the run left behind. */
  dispose(): Promise<void>;
}

/**
 * A fresh directory of SQLite files, one per plugin. `inMemoryFs` puts it
 * on /dev/shm (tmpfs), where a commit's fsync costs nothing: better-sqlite3
 * blocks the event loop for every fsync, which holds the catalog's
 * ingestion to a few entities a second on this machine's disk.
 */
export function sqliteDatabase(
  options: { inMemoryFs?: boolean } = {},
): BenchDatabase {
  const parent =
    options.inMemoryFs && existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const directory = mkdtempSync(join(parent, 'eks-privatelink-bench-'));
  return {
    label: options.inMemoryFs ? 'SQLite on tmpfs' : 'SQLite',
    backendConfig: { client: 'better-sqlite3', connection: { directory } },
    pluginKnexConfig: {
      client: 'better-sqlite3',
      connection: { filename: join(directory, `${PLUGIN_ID}.sqlite`) },
      useNullAsDefault: true,
    },
    async dispose() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The connection string of a PostgreSQL 15 server: the one
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING names, else the one
 * `ensure_postgres` of scripts/services.sh starts (as scripts/test.sh does).
 * Throws with the reason when there is none.
 */
export function postgresConnectionString(): string {
  const given =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (given) {
    return given;
  }
  const root = resolve(__dirname, '../../..');
  const output = execFileSync(
    'bash',
    [
      '-c',
      'source scripts/services.sh && ensure_postgres >&2 && printf %s "$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING"',
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (!output) {
    throw new Error('ensure_postgres gave no connection string');
  }
  return output;
}

function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Fresh databases on the server for the catalog and the plugin. */
export async function postgresDatabase(
  connectionString: string,
): Promise<BenchDatabase> {
  const prefix = `bench_${process.pid}_${Date.now().toString(36)}_`;
  const admin = () =>
    knexFactory({ client: 'pg', connection: connectionString });
  // Fails here, with the server's reason, when it does not answer.
  const probe = admin();
  try {
    await probe.raw('select 1');
  } finally {
    await probe.destroy();
  }
  return {
    label: 'PostgreSQL 15',
    backendConfig: { client: 'pg', connection: connectionString, prefix },
    pluginKnexConfig: {
      client: 'pg',
      // pg lets the connection string's database win over a `database`
      // field, so the database goes into the string.
      connection: withDatabase(connectionString, `${prefix}${PLUGIN_ID}`),
    },
    async dispose() {
      const knex = admin();
      try {
        const { rows } = await knex.raw<{ rows: { datname: string }[] }>(
          'select datname from pg_database where datname like ?',
          [`${prefix}%`],
        );
        for (const { datname } of rows) {
          await knex.raw('drop database if exists ?? with (force)', [datname]);
        }
      } finally {
        await knex.destroy();
      }
    },
  };
}
