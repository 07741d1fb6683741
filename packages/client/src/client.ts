import type { DocTypeJson } from '@cortado/protocol';
import { authorizationHeader, SessionState, type Auth } from './auth.js';
import { FrappeError } from './errors.js';
import type { DocInput, DocOf, DocTypeName, DocTypes, FieldOf } from './doctypes.js';
import type { ListArgs, QueryFilters } from './query.js';
import type { RetryPolicy } from './retry.js';
import { send, type HeaderHook, type HttpRequest, type RequestOptions } from './transport.js';

/**
 * Options of {@link CortadoClient}.
 *
 * @example
 * const options: ClientOptions = { url: 'https://erp.example.com', auth: { type: 'token', apiKey, apiSecret } };
 */
export interface ClientOptions {
  /** The site's URL, e.g. `https://erp.example.com`. */
  readonly url: string;
  /** How to authenticate (default: a session, see {@link CortadoClient.login}). */
  readonly auth?: Auth;
  /** `v1` (`/api/resource`, `/api/method`; default, any Frappe) or `v2` (`/api/v2/...`, Frappe v15+ and Cortado). */
  readonly apiVersion?: 'v1' | 'v2';
  /** Per-attempt timeout in ms (default 30 000). Every call has one. */
  readonly timeoutMs?: number;
  /** Retry policy (default 2 retries with backoff and jitter); `false` turns it off. */
  readonly retry?: RetryPolicy | false;
  /** Extra headers computed before every attempt (tenant headers, tracing, signing). */
  readonly headers?: HeaderHook;
  /** The `fetch` implementation (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Browsers: `include` to send the session cookie to a site on another origin. */
  readonly credentials?: RequestInit['credentials'];
}

/** Options of calls that may choose the HTTP method. */
export interface CallOptions extends RequestOptions {
  /** `POST` (default, as `frappe.call`) or `GET` (read-only methods; arguments go in the query string). */
  readonly httpMethod?: 'GET' | 'POST';
}

/** The body `frappe.call` resolves with: `message` plus whatever else the server put beside it. */
export interface CallResponse<T = unknown> {
  message: T;
  [key: string]: unknown;
}

/** A successful login's body. */
export interface LoginResult {
  message: string;
  home_page?: string;
  full_name?: string;
  csrf_token?: string;
  [key: string]: unknown;
}

/** {@link ListArgs} plus the page size of {@link CortadoClient.iterateList}. */
export interface IterateArgs<Field extends string = string> extends Omit<ListArgs<Field>, 'limit'> {
  /** Rows fetched per request (default 100). */
  readonly pageSize?: number;
}

type Row<M, D extends string> = Partial<DocOf<M, D>>;

/**
 * A client for one Cortado or Frappe/ERPNext site. Every method takes
 * {@link RequestOptions} last (signal, timeout, retry) and throws only
 * {@link CortadoError}s.
 *
 * @example
 * const erp = new CortadoClient({ url: 'https://erp.example.com', auth: { type: 'token', apiKey, apiSecret } });
 * const open = await erp.getList('ToDo', { fields: ['name'], filters: [['status', '=', 'Open']] });
 */
export class CortadoClient<M extends object = DocTypes> {
  /** The site URL. */
  readonly url: string;
  /** The API flavour in use. */
  readonly apiVersion: 'v1' | 'v2';
  readonly #options: ClientOptions;
  readonly #session = new SessionState();

  constructor(options: ClientOptions) {
    this.#options = options;
    this.url = options.url.replace(/\/+$/, '');
    this.apiVersion = options.apiVersion ?? 'v1';
  }

  // --- sessions -----------------------------------------------------------

  /** Logs in with a user name and password; the session (cookie and CSRF token) is used from then on. */
  async login(usr: string, pwd: string, options?: RequestOptions): Promise<LoginResult> {
    const body = await this.#send(
      { method: 'POST', path: '/api/method/login', json: { usr, pwd } },
      options,
    );
    if (typeof body['csrf_token'] === 'string') this.#session.csrfToken = body['csrf_token'];
    return body as unknown as LoginResult;
  }

  /** Ends the session. */
  async logout(options?: RequestOptions): Promise<void> {
    await this.#send({ method: 'POST', path: '/api/method/logout' }, options);
    this.#session.cookie = undefined;
    this.#session.csrfToken = undefined;
  }

  /** The user the client acts as. */
  async getLoggedUser(options?: RequestOptions): Promise<string> {
    return this.xcall<string>('frappe.auth.get_logged_user', {}, { ...options, httpMethod: 'GET' });
  }

  // --- documents ----------------------------------------------------------

  /** Reads one document (child tables included). Single DocTypes: `getDoc('System Settings', 'System Settings')`. */
  async getDoc<D extends DocTypeName<M>>(
    doctype: D,
    name: string,
    options?: RequestOptions,
  ): Promise<DocOf<M, D>> {
    return (await this.#send({ method: 'GET', path: this.#docPath(doctype, name) }, options))[
      'data'
    ] as DocOf<M, D>;
  }

  /** One page of rows. Without `fields` only `name` is returned. */
  async getList<D extends DocTypeName<M>, R = Row<M, D>>(
    doctype: D,
    args: ListArgs<FieldOf<M, D>> = {},
    options?: RequestOptions,
  ): Promise<R[]> {
    return (await this.#listPage<R>(doctype, args, options)).rows;
  }

  /**
   * Every row matching `args`, fetched page by page as the loop asks for
   * them. Breaking out of the loop stops fetching.
   *
   * @example
   * for await (const row of client.iterateList('ToDo', { fields: ['name'], pageSize: 50 })) console.log(row.name);
   */
  async *iterateList<D extends DocTypeName<M>, R = Row<M, D>>(
    doctype: D,
    args: IterateArgs<FieldOf<M, D>> = {},
    options?: RequestOptions,
  ): AsyncGenerator<R, void, undefined> {
    const { pageSize = 100, ...query } = args;
    if (!(pageSize > 0)) throw new RangeError('pageSize must be a positive number');
    for (let start = args.start ?? 0; ; start += pageSize) {
      const page = await this.#listPage<R>(doctype, { ...query, start, limit: pageSize }, options);
      yield* page.rows;
      if (!page.hasNext) return;
    }
  }

  /** How many documents match `filters`. */
  async getCount<D extends DocTypeName<M>>(
    doctype: D,
    filters?: QueryFilters<FieldOf<M, D>>,
    options?: RequestOptions,
  ): Promise<number> {
    if (this.apiVersion === 'v2') {
      const path = `/api/v2/doctype/${encodeURIComponent(doctype)}/count`;
      return (await this.#send({ method: 'GET', path, query: { filters } }, options))[
        'data'
      ] as number;
    }
    return this.xcall<number>(
      'frappe.client.get_count',
      { doctype, filters },
      { ...options, httpMethod: 'GET' },
    );
  }

  /**
   * Field values of the first document matching `filters` (or named so):
   * `{field: value}`, or `undefined` when nothing matches.
   */
  async getValue<D extends DocTypeName<M>, F extends FieldOf<M, D>>(
    doctype: D,
    fieldname: F | readonly F[],
    filters: string | QueryFilters<FieldOf<M, D>>,
    options?: RequestOptions,
  ): Promise<Pick<Row<M, D>, F & keyof Row<M, D>> | undefined> {
    const value = await this.xcall<Record<string, unknown>>(
      'frappe.client.get_value',
      { doctype, fieldname, filters },
      { ...options, httpMethod: 'GET' },
    );
    return value === undefined || value === null || Object.keys(value).length === 0
      ? undefined
      : (value as Pick<Row<M, D>, F & keyof Row<M, D>>);
  }

  /** Sets one field (or several, given an object) and saves; returns the saved document. */
  async setValue<D extends DocTypeName<M>>(
    doctype: D,
    name: string,
    values: DocInput<M, D>,
    options?: RequestOptions,
  ): Promise<DocOf<M, D>> {
    return this.xcall<DocOf<M, D>>(
      'frappe.client.set_value',
      { doctype, name, fieldname: values },
      options,
    );
  }

  /** Creates a document (`docstatus: 1` creates and submits it); returns it as saved. */
  async insert<D extends DocTypeName<M>>(
    doctype: D,
    doc: DocInput<M, D>,
    options?: RequestOptions,
  ): Promise<DocOf<M, D>> {
    const body = await this.#send(
      { method: 'POST', path: this.#docPath(doctype), json: doc },
      options,
    );
    return body['data'] as DocOf<M, D>;
  }

  /** Creates up to 200 documents in one transaction (each names its `doctype`); returns their names. */
  async insertMany(
    docs: ReadonlyArray<{ doctype: string } & Record<string, unknown>>,
    options?: RequestOptions,
  ): Promise<string[]> {
    return this.xcall<string[]>('frappe.client.insert_many', { docs }, options);
  }

  /**
   * Changes a document: the keys sent are merged and it is saved. A child
   * table sent replaces the table: rows with a `name` update that row (keys
   * merged), rows without one are added, rows left out are deleted. Send
   * `modified` to fail with {@link TimestampMismatchError} if someone saved in between.
   */
  async update<D extends DocTypeName<M>>(
    doctype: D,
    name: string,
    changes: DocInput<M, D>,
    options?: RequestOptions,
  ): Promise<DocOf<M, D>> {
    const method = this.apiVersion === 'v2' ? 'PATCH' : 'PUT';
    const body = await this.#send(
      { method, path: this.#docPath(doctype, name), json: changes },
      options,
    );
    return body['data'] as DocOf<M, D>;
  }

  /** Deletes a document. */
  async delete(doctype: DocTypeName<M>, name: string, options?: RequestOptions): Promise<void> {
    await this.#send({ method: 'DELETE', path: this.#docPath(doctype, name) }, options);
  }

  /** Submits a draft of a submittable DocType; returns it submitted. */
  async submit<D extends DocTypeName<M>>(
    doctype: D,
    name: string,
    options?: RequestOptions,
  ): Promise<DocOf<M, D>> {
    return this.update(doctype, name, { docstatus: 1 } as unknown as DocInput<M, D>, options);
  }

  /** Cancels a submitted document; returns it cancelled. */
  async cancel<D extends DocTypeName<M>>(
    doctype: D,
    name: string,
    options?: RequestOptions,
  ): Promise<DocOf<M, D>> {
    return this.xcall<DocOf<M, D>>('frappe.client.cancel', { doctype, name }, options);
  }

  /** Renames a document (or merges it into `newName` with `merge: true`); returns the new name. */
  async rename(
    doctype: DocTypeName<M>,
    oldName: string,
    newName: string,
    merge = false,
    options?: RequestOptions,
  ): Promise<string> {
    return this.xcall<string>(
      'frappe.client.rename_doc',
      { doctype, old_name: oldName, new_name: newName, merge },
      options,
    );
  }

  /**
   * Runs a whitelisted method of a document's controller. GET needs read
   * permission, POST (default) write permission.
   */
  async runDocMethod<T = unknown>(
    doctype: DocTypeName<M>,
    name: string,
    method: string,
    args: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<T> {
    const httpMethod = options?.httpMethod ?? 'POST';
    const path =
      this.apiVersion === 'v2'
        ? `${this.#docPath(doctype, name)}/method/${encodeURIComponent(method)}`
        : this.#docPath(doctype, name);
    const params = this.apiVersion === 'v2' ? args : { ...args, run_method: method };
    const request: HttpRequest =
      httpMethod === 'GET'
        ? { method: 'GET', path, query: params }
        : { method: 'POST', path, json: params };
    return (await this.#send(request, options))['data'] as T;
  }

  /**
   * A DocType's definition with its fields (custom fields included where the
   * site merges them): `/api/v2/doctype/{doctype}/meta`, or the DocType
   * document on sites without the v2 API.
   */
  async getMeta(doctype: string, options?: RequestOptions): Promise<DocTypeJson> {
    try {
      const path = `/api/v2/doctype/${encodeURIComponent(doctype)}/meta`;
      return (await this.#send({ method: 'GET', path }, options))['data'] as DocTypeJson;
    } catch (error) {
      if (!(error instanceof FrappeError) || error.status !== 404) throw error;
      const path = `/api/resource/DocType/${encodeURIComponent(doctype)}`;
      return (await this.#send({ method: 'GET', path }, options))['data'] as DocTypeJson;
    }
  }

  // --- RPC ----------------------------------------------------------------

  /**
   * Calls a whitelisted method and resolves with the whole body, as
   * `frappe.call` does (`message`, `_server_messages`, …). v2 bodies are
   * given the same shape (`data` becomes `message`).
   */
  async call<T = unknown>(
    method: string,
    args: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<CallResponse<T>> {
    const path = `${this.apiVersion === 'v2' ? '/api/v2/method/' : '/api/method/'}${method}`;
    const request: HttpRequest =
      options?.httpMethod === 'GET'
        ? { method: 'GET', path, query: args }
        : { method: 'POST', path, json: args };
    const body = await this.#send(request, options);
    if (this.apiVersion === 'v2') {
      const { data, ...rest } = body;
      return { ...rest, message: data as T };
    }
    return body as CallResponse<T>;
  }

  /** Calls a whitelisted method and resolves with its return value, as `frappe.xcall` does. */
  async xcall<T = unknown>(
    method: string,
    args: Record<string, unknown> = {},
    options?: CallOptions,
  ): Promise<T> {
    return (await this.call<T>(method, args, options)).message;
  }

  /**
   * Sends any request with this client's authentication, session, timeout
   * and retry policy, and resolves with the parsed JSON body. For endpoints
   * the typed methods do not cover, and for helpers kept outside the class
   * so bundles leave them out unless used ({@link uploadFile}).
   *
   * @example
   * const body = await client.request({ method: 'GET', path: '/api/method/ping' });
   */
  async request(request: HttpRequest, options?: RequestOptions): Promise<Record<string, unknown>> {
    return this.#send(request, options);
  }

  // --- plumbing -----------------------------------------------------------

  async #listPage<R>(
    doctype: string,
    args: ListArgs,
    options: RequestOptions | undefined,
  ): Promise<{ rows: R[]; hasNext: boolean }> {
    const common = {
      fields: args.fields,
      filters: args.filters,
      or_filters: args.orFilters,
      order_by: args.orderBy,
      group_by: args.groupBy,
      parent: args.parent,
    };
    const limit = args.limit ?? 20;
    const query =
      this.apiVersion === 'v2'
        ? { ...common, start: args.start, limit }
        : { ...common, expand: args.expand, limit_start: args.start, limit_page_length: limit };
    const body = await this.#send({ method: 'GET', path: this.#docPath(doctype), query }, options);
    const rows = body['data'] as R[];
    const hasNext =
      typeof body['has_next_page'] === 'boolean'
        ? body['has_next_page']
        : limit > 0 && rows.length === limit;
    return { rows, hasNext };
  }

  #docPath(doctype: string, name?: string): string {
    const base = this.apiVersion === 'v2' ? '/api/v2/document/' : '/api/resource/';
    return `${base}${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  async #send(
    request: HttpRequest,
    options: RequestOptions | undefined,
  ): Promise<Record<string, unknown>> {
    const { auth = { type: 'session' }, headers: hook } = this.#options;
    const session = this.#session;
    const response = await send(
      {
        ...this.#options,
        url: this.url,
        headers: async (attempt) => {
          const authorization = await authorizationHeader(auth);
          return {
            ...session.headers(attempt.method),
            ...(authorization === undefined ? {} : { Authorization: authorization }),
            ...(await hook?.(attempt)),
          };
        },
        observe: (reply) => session.observe(reply),
      },
      request,
      options,
    );
    return response.body;
  }
}
