// The floors Cortado is measured against: `/bare/<route>` return fixed
// copies of Cortado's answers (Fastify alone, no database; see
// bare-routes.ts); `/todo/:name`, `/todos`, `/todos-all` and `POST /todo`
// are hand-written Fastify routes running the same SQL through the driver
// directly. Served in its own process by bench/baseline-server.ts, and
// in-process through `inject` by bench/cpu.ts.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/core/config/load-config.js';
import { sqliteFilePath } from '../../packages/server/src/platform/db/sqlite/sqlite-dialect.js';
import { barePath, type BareRoute } from './bare-routes.js';
import { BENCH_SITE } from './bench-site.js';

/** One parameterised statement, `?` placeholders, rows back. */
type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

interface Driver {
  readonly query: Query;
  close(): Promise<void>;
}

const LIST_SQL =
  'select name, status, allocated_to, modified, description from "tabToDo" where status = ? and allocated_to = ? order by modified desc limit 20';
const LIST_ALL_SQL =
  'select name, status, allocated_to, modified, description from "tabToDo" order by modified desc limit 20';
const INSERT_SQL =
  'insert into "tabToDo" (name, creation, modified, modified_by, owner, docstatus, idx, status, priority, description, allocated_to, date) values (?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)';

function sqliteQuery(file: string): Driver {
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

function postgresQuery(config: ReturnType<typeof loadConfig>): Driver {
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

interface TodoBody {
  description?: string;
  status?: string;
  priority?: string;
  allocated_to?: string;
  date?: string;
}

/** The floor app on the bench site of `sitesDir`; closing it closes its driver. */
export function buildFloorApp(
  sitesDir: string,
  bareRoutes: Readonly<Record<string, BareRoute>>,
): FastifyInstance {
  const config = loadConfig(sitesDir, BENCH_SITE);
  const driver =
    config.db_type === 'postgres'
      ? postgresQuery(config)
      : sqliteQuery(sqliteFilePath(config, join(sitesDir, BENCH_SITE)));
  const app = Fastify({ logger: false });
  app.addHook('onClose', () => driver.close());
  for (const [route, { method, body }] of Object.entries(bareRoutes)) {
    app.route({
      method,
      url: barePath(route),
      handler: (_request, reply) => reply.type('application/json').send(body),
    });
  }
  app.get<{ Params: { name: string } }>('/todo/:name', async (request, reply) => {
    const [row] = await driver.query('select * from "tabToDo" where name = ?', [
      request.params.name,
    ]);
    return row === undefined ? reply.code(404).send({}) : { data: row };
  });
  app.get<{ Querystring: { status?: string; allocated_to?: string } }>(
    '/todos',
    async (request) => ({
      data: await driver.query(LIST_SQL, [
        request.query.status ?? 'Open',
        request.query.allocated_to ?? '',
      ]),
    }),
  );
  app.get('/todos-all', async () => ({ data: await driver.query(LIST_ALL_SQL, []) }));
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
  return app;
}
