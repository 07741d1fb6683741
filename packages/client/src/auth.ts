/**
 * How the client authenticates. Token and Basic use an API key and secret
 * (User → API Access); Bearer sends an OAuth access token (a function is
 * called before every request, so a refreshing provider fits); `session`
 * relies on {@link CortadoClient.login}.
 *
 * @example
 * const auth: Auth = { type: 'token', apiKey: 'a1b2', apiSecret: 'c3d4' };
 */
export type Auth =
  | { readonly type: 'token'; readonly apiKey: string; readonly apiSecret: string }
  | { readonly type: 'basic'; readonly username: string; readonly password: string }
  | { readonly type: 'bearer'; readonly token: string | (() => string | Promise<string>) }
  | { readonly type: 'session' };

/** The `Authorization` header for `auth`, or undefined for a session. */
export async function authorizationHeader(auth: Auth): Promise<string | undefined> {
  switch (auth.type) {
    case 'token':
      return `token ${auth.apiKey}:${auth.apiSecret}`;
    case 'basic':
      return `Basic ${base64Utf8(`${auth.username}:${auth.password}`)}`;
    case 'bearer':
      return `Bearer ${typeof auth.token === 'string' ? auth.token : await auth.token()}`;
    case 'session':
      return undefined;
  }
}

/** Base64 of the UTF-8 bytes (`btoa` alone accepts only Latin-1). */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A cookie session outside the browser: keeps the `sid` cookie from
 * `Set-Cookie` (which runtimes other than browsers expose) and the CSRF token
 * login returns. In a browser the cookie jar does the first part and `sid`
 * stays unset.
 */
export class SessionState {
  /** `sid=<value>`, when the runtime let us read it. */
  cookie: string | undefined;
  /** Sent as `X-Frappe-CSRF-Token` on writes. */
  csrfToken: string | undefined;

  /** Reads `sid` from a reply: a new session, or its end (`sid=Guest`, an expired cookie). */
  observe(response: Response): void {
    const lines =
      typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
    const line = lines.find((candidate) => candidate.trimStart().startsWith('sid='));
    if (line === undefined) return;
    const pair = line.split(';')[0]?.trim() ?? '';
    const ended =
      pair === 'sid=' || pair === 'sid=Guest' || /max-age=0|expires=thu, 01 jan 1970/i.test(line);
    this.cookie = ended ? undefined : pair;
    if (ended) this.csrfToken = undefined;
  }

  /** Headers for a request with method `method`. */
  headers(method: string): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.cookie !== undefined) headers['Cookie'] = this.cookie;
    if (this.csrfToken !== undefined && method !== 'GET')
      headers['X-Frappe-CSRF-Token'] = this.csrfToken;
    return headers;
  }
}
