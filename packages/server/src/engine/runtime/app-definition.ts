import type { RawCondition } from '../query/query-ast.js';
import type { DocTypeJson } from '@cortado/protocol';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { PermissionType } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc, DocEvent } from '../doc.js';

/** What a hook sees besides the document. */
export interface HookArgs {
  readonly ctx: Context;
  /** The stored version before this change (null on insert). */
  readonly before: Doc | null;
}

/** A controller hook or doc-event handler. It may change `doc` in place. */
export type DocHook = (doc: Doc, args: HookArgs) => void | Promise<void>;

/** A whitelisted method on a document (`run_method` / `POST /api/resource/{dt}/{name}?run_method=`). */
export type DocMethod = (doc: Doc, args: Record<string, unknown>, ctx: Context) => unknown;

/** TypeScript controller of one DocType (Frappe's `class X(Document)`). */
export type Controller = Partial<Record<DocEvent, DocHook>> & {
  /** Naming "by controller" (Frappe's `autoname` method). */
  readonly autoname?: (doc: Doc, ctx: Context) => string | Promise<string>;
  /** Whitelisted document methods, callable over HTTP. */
  readonly methods?: Readonly<Record<string, DocMethod>>;
  /** The documents of a virtual DocType (`is_virtual: 1`). */
  readonly virtual?: VirtualSource;
};

/**
 * Where a virtual DocType (`is_virtual: 1`, no table) gets its documents
 * (Frappe's `load_from_db` / `get_list` on the controller). `list` may use
 * the conditions to narrow what it fetches; the engine applies them all again,
 * then sorts, pages and picks fields.
 */
export interface VirtualSource {
  list(ctx: Context, conditions: readonly RawCondition[]): Promise<Doc[]>;
  load(ctx: Context, name: string): Promise<Doc | undefined>;
  /** Deletes one document (after the engine's `delete` permission check); without it a delete is refused. */
  remove?(ctx: Context, doc: Doc): Promise<void>;
}

/** HTTP verbs a whitelisted method accepts. */
export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** Frappe's default `methods` of `@frappe.whitelist()` (docs/spec/api-rest-rpc.md §5.2). */
export const DEFAULT_METHOD_VERBS: readonly HttpVerb[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** Frappe's `@rate_limit(limit, seconds, key, ip_based, methods)`. */
export interface MethodRateLimit {
  /** A number, or read per call (Frappe's callable limit, e.g. from System Settings). */
  readonly limit: number | ((ctx: Context) => number | Promise<number>);
  readonly seconds: number;
  /** Name of an argument whose value is the key (Frappe's `key`). */
  readonly key?: string;
  /** Key by IP as well (default true, also with `key`: Frappe keys on `<ip>:<value>`). */
  readonly ipBased?: boolean;
  /** Only count these verbs (default: all). */
  readonly methods?: readonly HttpVerb[];
}

/** Declared type of a method argument, for Frappe-style coercion and checking. */
export type ArgType = 'string' | 'int' | 'float' | 'bool' | 'json' | 'any';

/**
 * A JSON Schema (2020-12) describing a method's argument or return value in
 * the site's OpenAPI document, e.g. `{ type: 'object', properties: { … } }`.
 */
export type ValueSchema = Readonly<Record<string, unknown>>;

/** One declared parameter of a whitelisted method. */
export interface MethodParam {
  readonly type: ArgType;
  readonly optional?: boolean;
  /** Said of the parameter in the OpenAPI document. */
  readonly description?: string;
  /** A finer schema than `type` gives (enums, object shapes), for the OpenAPI document. */
  readonly schema?: ValueSchema;
  /** A sample value, shown by the API explorer. */
  readonly example?: unknown;
}

/** Frappe's `@frappe.whitelist()` function. */
export interface WhitelistedMethod {
  /** Dotted path clients call, e.g. `my_app.api.get_customer_balance`. */
  readonly path: string;
  readonly handler: (args: Record<string, unknown>, ctx: Context) => unknown;
  readonly allowGuest?: boolean;
  /** Allowed verbs (default: all). */
  readonly methods?: readonly HttpVerb[];
  readonly xssSafe?: boolean;
  readonly rateLimit?: MethodRateLimit;
  /**
   * False when the handler reads nothing but its arguments, `ctx.site` and
   * `ctx.user`: the call then runs without a unit of work (no transaction),
   * and reading `ctx.uow` or `ctx.roles` throws. Default true.
   */
  readonly usesDatabase?: boolean;
  /** Typed parameters; unknown arguments are passed through untyped. Required when not optional. */
  readonly params?: Readonly<Record<string, MethodParam>>;
  /** The shape of what the method returns (the `message` of its answer), for the OpenAPI document. */
  readonly returns?: ValueSchema;
  /** One line saying what the method does, for the OpenAPI document. */
  readonly summary?: string;
}

/**
 * Frappe's `has_permission` hook: a per-document veto run after the role and
 * User Permission checks (never for Administrator or `ignorePermissions`).
 * Returning false denies; true only means "no objection" — a hook cannot grant.
 */
export type PermissionHook = (
  doc: Doc,
  ptype: PermissionType,
  ctx: Context,
) => boolean | Promise<boolean>;

/**
 * A row condition on `table` (the alias of `tab{DocType}` in the query), built
 * with Kysely's expression builder so every value is a bound parameter —
 * Frappe's hook returns raw SQL text, ours cannot.
 *
 * @example
 * (eb, table) => eb(`${table}.owner`, '=', ctx.user)
 */
export type ListCondition = (eb: ExpressionBuilder<any, any>, table: string) => Expression<SqlBool>;

/**
 * Frappe's `permission_query_conditions` hook: the extra condition AND-ed into
 * every permission-checked list read of the DocType, or null for none.
 */
export type PermissionQueryCondition = (
  ctx: Context,
  /** The DocType listed (a `*` hook serves every DocType). */
  doctype: string,
) => ListCondition | null | Promise<ListCondition | null>;

/**
 * A background job function (what Frappe's `frappe.enqueue` names by dotted
 * path). It runs in a worker as the user who enqueued it, in one transaction
 * that commits when it resolves; `kwargs` are the JSON arguments given to
 * `enqueue`.
 */
export type JobFunction = (kwargs: Record<string, unknown>, ctx: Context) => unknown;

/**
 * Frappe's `scheduler_events` hook: job paths by frequency (`all`, `hourly`,
 * `daily`, `weekly`, `monthly`, `yearly`, their `_long` variants) and, under
 * `cron`, by cron expression.
 */
export type SchedulerEvents = Readonly<
  Partial<Record<SchedulerFrequencyKey, readonly string[]>> & {
    readonly cron?: Readonly<Record<string, readonly string[]>>;
  }
>;

/** The frequency keys of `scheduler_events` besides `cron`. */
export type SchedulerFrequencyKey =
  | 'all'
  | 'hourly'
  | 'daily'
  | 'weekly'
  | 'monthly'
  | 'yearly'
  | 'annual'
  | 'hourly_long'
  | 'daily_long'
  | 'weekly_long'
  | 'monthly_long';

/**
 * A Cortado app: Frappe's app folder as a value. The core app and the demo ERP
 * app are both built with this shape.
 */
export interface AppDefinition {
  readonly name: string;
  readonly title?: string;
  readonly version: string;
  /** DocType definitions (already parsed JSON). */
  readonly doctypes: readonly DocTypeJson[];
  /** Controllers by DocType name. */
  readonly controllers?: Readonly<Record<string, Controller>>;
  /** Frappe's `doc_events` hook: handlers by DocType name, or `*` for every DocType. */
  readonly docEvents?: Readonly<Record<string, Partial<Record<DocEvent, DocHook>>>>;
  readonly methods?: readonly WhitelistedMethod[];
  /** Background job functions by dotted path (enqueued by name, run by workers and the scheduler). */
  readonly jobs?: Readonly<Record<string, JobFunction>>;
  /** Frappe's `scheduler_events` hook. */
  readonly schedulerEvents?: SchedulerEvents;
  /** Frappe's `has_permission` hook by DocType name, or `*` for every DocType. */
  readonly hasPermission?: Readonly<Record<string, PermissionHook>>;
  /** Frappe's `permission_query_conditions` hook by DocType name, or `*` for every DocType. */
  readonly permissionQueryConditions?: Readonly<Record<string, PermissionQueryCondition>>;
  /** Frappe's `naming_series_variables` hook: a series part (`FY`) → its value for a document. */
  readonly namingSeriesVariables?: Readonly<
    Record<string, (doc: Doc, ctx: Context) => string | Promise<string>>
  >;
  /** Runs once when the app is installed on a site (create roles, settings, …). */
  readonly afterInstall?: (ctx: Context) => Promise<void>;
}
