// The floors Cortado is measured against, in their own process:
// `/bare/<route>` return fixed copies of Cortado's answers (Fastify alone,
// no database; env BENCH_BARE_ROUTES, see bare-routes.ts);
// `/todo/:name`, `/todos` and `POST /todo` are hand-written Fastify routes
// running the same SQL through the driver directly.
// `node --import tsx bench/baseline-server.ts <sitesDir>`.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/core/config/load-config.js';
import { sqliteFilePath } from '../packages/server/src/platform/db/sqlite/sqlite-dialect.js';
import { BARE_ROUTES_ENV, barePath, type BareRoute } from './lib/bare-routes.js';
import { BENCH_SITE } from './lib/bench-site.js';
import { answerRssQueries, send } from './lib/child-protocol.js';

/** One parameterised statement, `?` placeholders, rows back. */
type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

const LIST_SQL =
  'select name, status, allocated_to, modified, description from "tabToDo" where status = ? and allocated_to = ? order by modified desc limit 20';
const LIST_ALL_SQL =
  'select name, status, allocated_to, modified, description from "tabToDo" order by modified desc limit 20';
const INSERT_SQL =
  'insert into "tabToDo" (name, creation, modified, modified_by, owner, docstatus, idx, status, priority, description, allocated_to, date) values (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)';

function sqliteQuery(file: string): { query: Query; close(): Promise<void> } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  return {
    query: async (sql, params) => {
      const statement = prepared(sql);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    },
    close: async () => {
      db.close();
    },
  };
}

function postgresQuery(config: ReturnType<typeof loadConfig>): {
  query: Query;
  close(): Promise<void>;
} {
  const pool = new pg.Pool({
    host: config.db_host,
    port: Number(config.db_port ?? 5432),
    user: config.db_user ?? 'postgres',
    database: config.db_name,
    max: 10,
  });
  return {
    query: async (sql, params) => {
      let n = 0;
      const result = await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      );
      return result.rows as Record<string, unknown>[];
    },
    close: () => pool.end(),
  };
}

const sitesDir = process.argv[2];
if (sitesDir === undefined) throw new Error('usage: baseline-server.ts <sitesDir>');
const config = loadConfig(sitesDir, BENCH_SITE);
const driver =
  config.db_type === 'postgres'
    ? postgresQuery(config)
    : sqliteQuery(sqliteFilePath(config, join(sitesDir, BENCH_SITE)));
const bareRoutes = JSON.parse(process.env[BARE_ROUTES_ENV] ?? '{}') as Record<string, BareRoute>;

const app = Fastify({ logger: false });
for (const [route, { method, body }] of Object.entries(bareRoutes)) {
  app.route({
    method,
    url: barePath(route),
    handler: (_request, reply) => reply.type('application/json').send(body),
  });
}
app.get<{ Params: { name: string } }>('/todo/:name', async (request, reply) => {
  const [row] = await driver.query('select * from "tabToDo" where name = ?', [request.params.name]);
  return row === undefined ? reply.code(404).send({}) : { data: row };
});
app.get<{ Querystring: { status?: string; allocated_to?: string } }>('/todos', async (request) => ({
  data: await driver.query(LIST_SQL, [
    request.query.status ?? 'Open',
    request.query.allocated_to ?? '',
  ]),
}));
app.get('/todos-all', async () => ({ data: await driver.query(LIST_ALL_SQL, []) }));
interface TodoBody {
  description?: string;
  status?: string;
  priority?: string;
  allocated_to?: string;
  date?: string;
}
app.post<{ Body: TodoBody }>('/todo', async (request) => {
  const body = request.body;
  const name = randomBytes(5).toString('hex');
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const row = [
    name,
    now,
    now,
    'Administrator',
    'Administrator',
    body.status ?? 'Open',
    body.priority ?? 'Medium',
    body.description ?? '',
    body.allocated_to ?? null,
    body.date ?? null,
  ];
  await driver.query(INSERT_SQL, row);
  return {
    data: {
      name,
      creation: now,
      modified: now,
      status: body.status ?? 'Open',
      priority: body.priority ?? 'Medium',
      description: body.description,
      allocated_to: body.allocated_to,
      date: body.date,
    },
  };
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
answerRssQueries(async () => {
  await app.close();
  await driver.close();
});
send({ type: 'ready', url, rss: process.memoryUsage.rss() });
