import type { FastifyReply, FastifyRequest } from 'fastify';
import { DoesNotExistError, ValidationError } from '../core/errors/index.js';
import type { Context } from '../engine/context.js';
import { filterReadable } from '../engine/permissions/index.js';
import { assertSafeInput } from '../core/args/safe-input.js';
import { parseJsonObject } from '../core/args/arg-values.js';
import { deleteResource } from '../features/resource/index.js';
import type { ApiVersion } from './envelopes.js';
import { successBody } from './envelopes.js';
import { requestArgs } from './request-args.js';
import { withRequestContext } from './unit-of-work.js';

/** Request plumbing that is never a document field (§2.3). */
const PLUMBING_KEYS = [
  'cmd',
  'sid',
  'csrf_token',
  '_',
  'run_method',
  'flags',
  'ignore_permissions',
];

/** Path parameters of the resource routes; `*` is the document name (it may contain `/`). */
export interface ResourceParams {
  readonly doctype: string;
  readonly '*'?: string;
}

/**
 * Runs `fn` as the request's user in one unit of work: committed for
 * writing verbs, rolled back for reads. Messages logged by the engine land
 * in the request's message log.
 */
export function runForRequest<T>(
  request: FastifyRequest,
  fn: (ctx: Context, args: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const state = request.cortado;
  if (state.site === undefined) throw new DoesNotExistError('Site not found');
  const args = state.args ?? requestArgs(request);
  assertSafeInput(request.params);
  assertSafeInput(args);
  // Every answer passes the read filter here, so no route can leak a field.
  return withRequestContext(request, state.site, state.auth?.user ?? 'Guest', async (ctx) =>
    filterReadable(ctx, await fn(ctx, args)),
  );
}

/** DELETE of a document, v1 and v2 alike: 202 `{"data": "ok"}` (Frappe v15/v16). */
export async function deleteForRequest(
  request: FastifyRequest<{ Params: ResourceParams }>,
  reply: FastifyReply,
  version: ApiVersion,
): Promise<unknown> {
  const doctype = doctypeName(request.params);
  const name = documentName(request.params);
  await runForRequest(request, (ctx) => deleteResource(ctx, doctype, name));
  reply.code(202);
  return envelope(request, version, { data: 'ok' });
}

/** The success envelope with the request's message log. */
export function envelope(
  request: FastifyRequest,
  version: ApiVersion,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  return successBody(version, payload, request.cortado.messages, request.cortado.debugLog);
}

/**
 * The document body of an insert or update (§4.2): the `data` argument when
 * given (a JSON string or value), otherwise the arguments themselves, which
 * are the JSON body or the form fields.
 */
export function documentBody(args: Record<string, unknown>): Record<string, unknown> {
  if (args['data'] !== undefined) return parseJsonObject(args['data'], 'data');
  const body = { ...args };
  for (const key of PLUMBING_KEYS) delete body[key];
  return body;
}

/** Arguments passed on to a document method: everything but the plumbing. */
export function methodArgs(args: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...args };
  for (const key of PLUMBING_KEYS) delete rest[key];
  return rest;
}

/** The document name from the wildcard, URL-decoded; empty when the URL ends at the DocType. */
export function documentName(params: ResourceParams): string {
  return params['*'] ?? '';
}

/** A DocType name from the URL: never empty, never containing `/` (§4). */
export function doctypeName(params: ResourceParams): string {
  const doctype = params.doctype;
  if (doctype === '' || doctype.includes('/'))
    throw new DoesNotExistError(`DocType ${doctype} not found`);
  return doctype;
}

/** The method named by `run_method`, required on POST (Frappe answers a 500 KeyError; we say what is missing). */
export function runMethodName(args: Record<string, unknown>): string {
  const method = args['run_method'];
  if (typeof method !== 'string' || method === '')
    throw new ValidationError("Argument 'run_method' is required");
  return method;
}
