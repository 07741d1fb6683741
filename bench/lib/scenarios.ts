import { barePath } from './bare-routes.js';
import { salesOrderBody } from './bench-site.js';
import type { LoadRequest } from './load.js';
import { assignee } from './seed-todos.js';

/** Which process answers a scenario. */
export type Target = 'cortado' | 'baseline';

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly target: Target;
  /** Cycled per connection. */
  readonly requests: readonly LoadRequest[];
  /** The hand-written Fastify + driver scenario this one is a ratio to. */
  readonly floor?: string;
  /** The bare Fastify scenario (same JSON, no database) this one is a ratio to. */
  readonly bare?: string;
  /** Writes grow the table, so they run after the reads of each round. */
  readonly writes?: boolean;
}

/** What the scenarios need from the seeded site. */
export interface ScenarioData {
  /** Seeded ToDo names to read. */
  readonly readNames: readonly string[];
  /** Seeded ToDo names to update (distinct from the read ones). */
  readonly updateNames: readonly string[];
  readonly customer: string;
  /** `Authorization` of an OAuth access token, for the Bearer twin of get-one. */
  readonly bearer: string;
}

const LIST_ASSIGNEE = assignee(7);
const LIST_FIELDS = ['name', 'status', 'allocated_to', 'modified', 'description'];

function query(params: Record<string, unknown>): string {
  const pairs = Object.entries(params).map(
    ([key, value]) =>
      `${key}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`,
  );
  return pairs.join('&');
}

const get = (path: string): LoadRequest => ({ method: 'GET', path });

const LIST_PATH = `/api/resource/ToDo?${query({
  fields: LIST_FIELDS,
  filters: [
    ['status', '=', 'Open'],
    ['allocated_to', '=', LIST_ASSIGNEE],
  ],
  order_by: 'modified desc',
  limit_page_length: 20,
})}`;
/** The list a desk opens first: no filter, newest first. */
const LIST_ALL_PATH = `/api/resource/ToDo?${query({
  fields: LIST_FIELDS,
  order_by: 'modified desc',
  limit_page_length: 20,
})}`;
const COUNT_PATH = `/api/method/frappe.client.get_count?${query({ doctype: 'ToDo', filters: { allocated_to: LIST_ASSIGNEE } })}`;
/** What a user sends: a Link to an existing User and a date beside the plain fields. */
const CREATE_TODO: LoadRequest = {
  method: 'POST',
  path: '/api/resource/ToDo',
  body: {
    description: 'Bench task',
    status: 'Open',
    priority: 'Medium',
    allocated_to: assignee(3),
    date: '2026-12-31',
  },
};
const CREATE_TODO_PLAIN: LoadRequest = {
  method: 'POST',
  path: '/api/resource/ToDo',
  body: { description: 'Bench task', status: 'Open', priority: 'Medium' },
};

const PING = get('/api/method/ping');

/**
 * The Cortado requests whose answers the bare floor routes return, by route
 * id; the create is sent with Cortado's body, so Fastify parses the same JSON.
 */
export function bareSources(readName: string): Record<string, LoadRequest> {
  return {
    ping: PING,
    'get-one': get(`/api/resource/ToDo/${readName}`),
    'list-20': get(LIST_PATH),
    create: CREATE_TODO,
  };
}

function bareScenarios(readName: string): Scenario[] {
  return Object.entries(bareSources(readName)).map(([route, request]) => ({
    id: `bare-${route}`,
    title: `Floor: Fastify alone, fixed ${route} body`,
    target: 'baseline',
    requests: [{ ...request, path: barePath(route) }],
  }));
}

/** Every scenario of the HTTP bench, Cortado's and the floors'. */
export function buildScenarios(data: ScenarioData): Scenario[] {
  const getOne = data.readNames.map((name) => get(`/api/resource/ToDo/${name}`));
  return [
    {
      id: 'ping',
      title: 'GET /api/method/ping',
      target: 'cortado',
      requests: [PING],
      bare: 'bare-ping',
    },
    {
      id: 'get-one',
      title: 'GET one ToDo',
      target: 'cortado',
      requests: getOne,
      floor: 'floor-get-one',
      bare: 'bare-get-one',
    },
    {
      // The same reads as get-one, authenticated by an OAuth access token instead of key:secret.
      id: 'get-one-bearer',
      title: 'GET one ToDo, OAuth Bearer token',
      target: 'cortado',
      requests: getOne.map((request) => ({ ...request, headers: { authorization: data.bearer } })),
      floor: 'floor-get-one',
      bare: 'bare-get-one',
    },
    {
      id: 'list-20',
      title: 'GET list of 20, two filters, order_by',
      target: 'cortado',
      requests: [get(LIST_PATH)],
      floor: 'floor-list-20',
      bare: 'bare-list-20',
    },
    {
      id: 'list-20-all',
      title: 'GET list of 20, no filter, modified desc',
      target: 'cortado',
      requests: [get(LIST_ALL_PATH)],
      floor: 'floor-list-20-all',
    },
    {
      id: 'get-count',
      title: 'frappe.client.get_count (one filter)',
      target: 'cortado',
      requests: [get(COUNT_PATH)],
    },
    {
      id: 'create-todo',
      title: 'POST ToDo',
      target: 'cortado',
      requests: [CREATE_TODO],
      writes: true,
      floor: 'floor-create',
      bare: 'bare-create',
    },
    {
      id: 'create-todo-plain',
      title: 'POST ToDo, no Link or date',
      target: 'cortado',
      requests: [CREATE_TODO_PLAIN],
      writes: true,
      floor: 'floor-create',
    },
    {
      id: 'create-so',
      title: 'POST Sales Order, 5 items',
      target: 'cortado',
      writes: true,
      requests: [
        {
          method: 'POST',
          path: '/api/resource/Sales%20Order',
          body: salesOrderBody(data.customer),
        },
      ],
    },
    {
      id: 'update',
      title: 'PUT ToDo',
      target: 'cortado',
      writes: true,
      requests: data.updateNames.map((name) => ({
        method: 'PUT',
        path: `/api/resource/ToDo/${name}`,
        body: { description: `Updated ${name}` },
      })),
    },
    {
      id: 'mixed',
      title: 'Mixed 80% read / 20% write',
      target: 'cortado',
      writes: true,
      requests: [
        getOne[0] ?? get('/'),
        get(LIST_PATH),
        getOne[1] ?? get('/'),
        get(COUNT_PATH),
        CREATE_TODO,
      ],
    },
    ...bareScenarios(data.readNames[0] ?? ''),
    {
      id: 'floor-get-one',
      title: 'Floor: Fastify + driver, GET one',
      target: 'baseline',
      requests: data.readNames.map((name) => get(`/todo/${name}`)),
    },
    {
      id: 'floor-list-20',
      title: 'Floor: Fastify + driver, list of 20',
      target: 'baseline',
      requests: [get(`/todos?${query({ status: 'Open', allocated_to: LIST_ASSIGNEE })}`)],
    },
    {
      id: 'floor-list-20-all',
      title: 'Floor: Fastify + driver, list of 20, no filter',
      target: 'baseline',
      requests: [get('/todos-all')],
    },
    {
      id: 'floor-create',
      title: 'Floor: Fastify + driver, insert ToDo',
      target: 'baseline',
      writes: true,
      requests: [{ ...CREATE_TODO, path: '/todo' }],
    },
  ];
}
