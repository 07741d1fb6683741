import { createHash, randomBytes } from 'node:crypto';

/** Frappe's session `data` (docs/spec/auth.md §6.2), plus the stamp of the password it was opened with. */
export interface SessionData {
  readonly user: string;
  readonly full_name: string;
  readonly user_type: string;
  readonly user_image: string;
  readonly session_ip: string;
  /** ISO timestamp of the last refresh. */
  readonly last_updated: string;
  /** `HHH:MM:SS`, copied from System Settings at login. */
  readonly session_expiry: string;
  readonly session_expiry_seconds: number;
  readonly csrf_token: string;
  /** `authStamp` of the password hash at login: a new password ends the session. */
  readonly auth_stamp: string;
}

/**
 * Where sessions live. Keys are `sessionKey(sid)`, a SHA-256 of the session
 * id, so a leaked store cannot be replayed as cookies (auth.md B-11).
 */
export interface SessionStore {
  get(key: string): Promise<SessionData | null>;
  /** Creates or replaces a session, to be forgotten `ttlSeconds` after this write at the latest. */
  put(key: string, data: SessionData, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** The keys of `user`'s live sessions, most recently refreshed first. */
  sessionsOf(user: string): Promise<string[]>;
  close(): Promise<void>;
}

/** A new session id: 28 random bytes as 56 lower-case hex characters, like Frappe's. */
export function newSessionId(): string {
  return randomBytes(28).toString('hex');
}

/** The store key of a session id. */
export function sessionKey(sid: string): string {
  return createHash('sha256').update(sid).digest('hex');
}

/** True when the session's idle time is over (docs/spec/auth.md §6.3). */
export function sessionExpired(data: SessionData, now: number): boolean {
  return now - Date.parse(data.last_updated) > data.session_expiry_seconds * 1000;
}
