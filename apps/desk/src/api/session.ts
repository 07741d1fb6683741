import { CortadoClient, type LoginResult } from '@cortado/client';
import { reactive } from 'vue';

/**
 * The signed-in user and the session's CSRF token. The token comes from the
 * page (the server writes it into index.html, as Frappe's /app page carries
 * `frappe.csrf_token`) or from the login answer, and goes on every request.
 */
export const session = reactive({
  user: '',
  fullName: '',
  csrfToken: readPageToken(),
  /** Set when a request found the session gone; the shell offers to log in again. */
  expired: false,
});

function readPageToken(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]');
  const token = meta?.content ?? '';
  return token.startsWith('__') ? '' : token;
}

/** The one client of the Desk: same origin, the browser keeps the `sid` cookie. */
export const client = new CortadoClient({
  url: location.origin,
  auth: { type: 'session' },
  // Retries would resend writes after a lost answer; the Desk asks the user instead.
  retry: false,
  headers: () => (session.csrfToken ? { 'X-Frappe-CSRF-Token': session.csrfToken } : {}),
});

/** Two-factor login asks for a code: Frappe answers the first step with `verification` and `tmp_id`. */
export interface SecondFactor {
  readonly tmpId: string;
  readonly prompt: string;
}

/** First step of a login: logged in, or a second factor to ask for. */
export async function login(usr: string, pwd: string): Promise<SecondFactor | undefined> {
  const body = await client.request({
    method: 'POST',
    path: '/api/method/login',
    json: { usr, pwd },
  });
  return finishLogin(body as LoginResult);
}

/** Second step: the code from the authenticator app, mail or SMS. */
export async function verifyOtp(tmpId: string, otp: string): Promise<SecondFactor | undefined> {
  const body = await client.request({
    method: 'POST',
    path: '/api/method/login',
    json: { tmp_id: tmpId, otp },
  });
  return finishLogin(body as LoginResult);
}

async function finishLogin(body: Record<string, unknown>): Promise<SecondFactor | undefined> {
  if (typeof body['tmp_id'] === 'string' && body['message'] === undefined) {
    // Frappe puts the prompt of a sent code (or of the mailed app set-up) inside `verification`.
    const verification = body['verification'] as { method?: string; prompt?: unknown } | undefined;
    const prompt =
      typeof verification?.prompt === 'string' && verification.prompt !== ''
        ? verification.prompt
        : verification?.method === 'OTP App'
          ? 'Enter the code from your authenticator app.'
          : 'Enter the verification code.';
    return { tmpId: body['tmp_id'], prompt };
  }
  if (typeof body['csrf_token'] === 'string') session.csrfToken = body['csrf_token'];
  session.fullName = typeof body['full_name'] === 'string' ? body['full_name'] : '';
  session.expired = false;
  return undefined;
}

export async function logout(): Promise<void> {
  await client.logout();
  session.user = 'Guest';
  session.csrfToken = '';
}
