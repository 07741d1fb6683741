/**
 * An OAuth failure answered in RFC 6749 shape (`{"error", "error_description"}`)
 * or, at authorize/approve/userinfo, Frappe's `{"description","status_code","error"}`.
 * Not a FrappeError: these endpoints replace the whole response (docs/spec/oauth2.md §2).
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description = '',
    readonly status = 400,
  ) {
    super(description === '' ? error : `${error}: ${description}`);
    this.name = 'OAuthError';
  }

  /** The token/revoke endpoint body (docs/spec/oauth2.md §5.3). */
  tokenBody(): Record<string, string> {
    return this.description === ''
      ? { error: this.error }
      : { error: this.error, error_description: this.description };
  }

  /** Frappe's authorize/approve/userinfo body (docs/spec/oauth2.md §3). */
  frappeBody(): Record<string, unknown> {
    return { description: this.description, status_code: this.status, error: this.error };
  }
}

export const invalidGrant = (description = '') => new OAuthError('invalid_grant', description);
export const invalidClient = () => new OAuthError('invalid_client');
export const invalidRequest = (description: string) =>
  new OAuthError('invalid_request', description);
