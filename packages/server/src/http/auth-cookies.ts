import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { GUEST, type AuthResult } from './authenticator.js';

/** The cookies Frappe clears on logout, expiry and failed authentication (docs/spec/auth.md §1, §4.5). */
const AUTH_COOKIES = ['full_name', 'user_id', 'sid', 'user_image', 'system_user'] as const;

/**
 * Writes Frappe's session cookies on every response (docs/spec/auth.md §4.4): the
 * `sid` again with a fresh Max-Age for a live session, `sid=Guest` and the
 * informational cookies for guests, nothing for API-key and bearer requests
 * (B-12), and expired copies when the session ended or authentication failed.
 */
export function writeAuthCookies(request: FastifyRequest, reply: FastifyReply): void {
  const state = request.cortado as typeof request.cortado | null;
  if (state?.site === undefined || request.method === 'OPTIONS') return;
  const auth = state.auth;
  if (auth?.sessionEnded === true || auth?.sessionExpired === true || reply.statusCode === 401) {
    const expired = { ...baseOptions(request), expires: new Date(Date.now() - 86_400_000) };
    for (const name of AUTH_COOKIES) reply.setCookie(name, '', expired);
    return;
  }
  const info = cookieInfo(auth ?? GUEST);
  if (info === null) return;
  const base = baseOptions(request);
  reply.setCookie('sid', info.sid, {
    ...base,
    httpOnly: true,
    maxAge: info.maxAge,
    expires: new Date(Date.now() + info.maxAge * 1000),
  });
  reply.setCookie('system_user', info.systemUser ? 'yes' : 'no', base);
  reply.setCookie('full_name', info.fullName, base);
  reply.setCookie('user_id', info.userId, base);
  reply.setCookie('user_image', info.userImage, base);
}

interface CookieInfo {
  readonly sid: string;
  readonly maxAge: number;
  readonly systemUser: boolean;
  readonly fullName: string;
  readonly userId: string;
  readonly userImage: string;
}

function cookieInfo(auth: AuthResult): CookieInfo | null {
  if (auth.via === 'guest') {
    return {
      sid: 'Guest',
      maxAge: 864000,
      systemUser: false,
      fullName: 'Guest',
      userId: 'Guest',
      userImage: '',
    };
  }
  const session = auth.session;
  if (auth.via !== 'session' || session === undefined) return null;
  return {
    sid: session.sid,
    maxAge: session.expirySeconds,
    systemUser: auth.systemUser === true,
    fullName: session.fullName,
    userId: auth.user,
    userImage: session.userImage,
  };
}

/** Path=/, SameSite=Lax, Python `quote` encoding, Secure when served (or configured) over https. */
function baseOptions(request: FastifyRequest): CookieSerializeOptions {
  const hostName = request.cortado.site?.config.host_name ?? '';
  const secure = request.protocol === 'https' || hostName.startsWith('https://');
  return { path: '/', sameSite: 'lax', secure, encode: quote };
}

/** Python's `urllib.parse.quote` with only `/` safe: `@` → `%40`, space → `%20`. */
function quote(value: string): string {
  return encodeURIComponent(value)
    .replaceAll('%2F', '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Frappe's `session_expired: 1` in JSON bodies of requests whose `sid` is gone (docs/spec/auth.md §6.4). */
export function markSessionExpired(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): unknown {
  const state = request.cortado as typeof request.cortado | null;
  if (state?.auth?.sessionExpired !== true || typeof payload !== 'string') return payload;
  if (!String(reply.getHeader('content-type') ?? '').includes('application/json')) return payload;
  const body: unknown = JSON.parse(payload);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return payload;
  return JSON.stringify({ ...body, session_expired: 1 });
}
