import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret } from '../../features/oauth/opaque-tokens.js';

/**
 * A form field of a server-rendered page as text: anything else (a repeated
 * field, a missing one) is empty, and a very long value is cut short.
 */
export function formField(request: FastifyRequest, name: string): string {
  const value = (request.cortado.args ?? {})[name];
  return typeof value === 'string' ? value.slice(0, 4096) : '';
}

/** Sets a fresh double-submit CSRF cookie `name` on `path` and answers the token the form carries. */
export function issueFormToken(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  path: string,
): string {
  const token = randomBytes(32).toString('base64url');
  reply.setCookie(name, token, {
    path,
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
  return token;
}

/** The form's `csrf_token` equals `expected` (the cookie's or the session's token), in constant time. */
export function formTokenMatches(request: FastifyRequest, expected: string | undefined): boolean {
  const sent = formField(request, 'csrf_token');
  return expected !== undefined && expected !== '' && sent !== '' && sameSecret(sent, expected);
}
