import { escapeHtml } from '../../core/escape-html.js';

/** What the consent page shows for each scope (v16 shows `openid` as the profile fields). */
const SCOPE_LABELS: Record<string, readonly string[]> = {
  openid: ['Full Name', 'Email', 'User Image', 'Roles'],
  all: ['Everything your account can do (all permissions)'],
};

/** Headers of every OAuth page: no scripts at all, no framing, no referrer leaking codes. */
export function pageHeaders(formTargets: readonly string[] = []): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'self'",
      `form-action 'self'${formTargets.map((target) => ` ${target}`).join('')}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/** A bare HTML page around `body` (already escaped). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageInput {
  readonly redirectTo: string;
  readonly csrfToken: string;
  readonly usr?: string;
  readonly error?: string;
  /** Two-factor step two: the pending login's id; the page then asks for the code. */
  readonly tmpId?: string;
}

/** `/login`: a plain form posting back to `/login`; the error, if any, is announced to screen readers. */
export function loginPage(input: LoginPageInput): string {
  const error =
    input.error === undefined
      ? ''
      : `<p role="alert" id="login-error">${escapeHtml(input.error)}</p>\n`;
  const described = input.error === undefined ? '' : ' aria-describedby="login-error"';
  if (input.tmpId !== undefined) return otpPage(input, error, described);
  return page(
    'Login',
    `<h1>Login</h1>
${error}<form method="post" action="/login">
<input type="hidden" name="redirect-to" value="${escapeHtml(input.redirectTo)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(input.csrfToken)}">
<p><label for="login-email">Email or username</label><br>
<input id="login-email" name="usr" type="text" autocomplete="username" required autofocus value="${escapeHtml(input.usr ?? '')}"${described}></p>
<p><label for="login-password">Password</label><br>
<input id="login-password" name="pwd" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Login</button></p>
</form>`,
  );
}

/**
 * Two-factor step two of the login page: the code from the app, e-mail or
 * SMS, or a backup code (letters, so the field asks for no numeric keypad).
 */
function otpPage(input: LoginPageInput, error: string, described: string): string {
  return page(
    'Verification',
    `<h1>Verification</h1>
${error}<form method="post" action="/login">
<input type="hidden" name="redirect-to" value="${escapeHtml(input.redirectTo)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(input.csrfToken)}">
<input type="hidden" name="tmp_id" value="${escapeHtml(input.tmpId ?? '')}">
<p><label for="login-otp">Verification code or backup code</label><br>
<input id="login-otp" name="otp" type="text" autocomplete="one-time-code" required autofocus${described}></p>
<p><button type="submit">Verify</button></p>
</form>`,
  );
}

export interface ConsentPageInput {
  readonly appName: string;
  readonly scopes: readonly string[];
  readonly user: string;
  /** The approve URL carrying the authorize parameters. */
  readonly approveUrl: string;
  readonly denyUrl: string;
  readonly csrfToken: string;
  /** Registered by anyone through dynamic registration: say so (B-O9). */
  readonly unverified: boolean;
}

/** "Confirm Access": Allow posts to approve with the session's CSRF token; Deny goes back to the client. */
export function consentPage(input: ConsentPageInput): string {
  const items = input.scopes
    .flatMap((scope) => SCOPE_LABELS[scope] ?? [scope])
    .map((label) => `<li>${escapeHtml(label)}</li>`)
    .join('\n');
  const warning = input.unverified
    ? '<p role="note"><strong>Unverified app:</strong> anyone can register an app with this name.</p>\n'
    : '';
  return page(
    'Confirm Access',
    `<h1>Confirm Access</h1>
${warning}<p><strong>${escapeHtml(input.appName)}</strong> wants to access your account (${escapeHtml(input.user)}):</p>
<ul aria-label="Requested access">
${items}
</ul>
<form method="post" action="${escapeHtml(input.approveUrl)}">
<input type="hidden" name="csrf_token" value="${escapeHtml(input.csrfToken)}">
<p><button type="submit" autofocus>Allow</button>
<a href="${escapeHtml(input.denyUrl)}">Deny</a></p>
</form>`,
  );
}
