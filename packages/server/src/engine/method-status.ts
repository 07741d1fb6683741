/**
 * A whitelisted method's answer with its own HTTP status, as Frappe's
 * `frappe.local.response.http_status_code = …` before returning a value
 * (e.g. `reset_password` answering 404 `"not found"`).
 *
 * @example
 * return new WithHttpStatus(410, 'The reset password link has been expired');
 */
export class WithHttpStatus {
  constructor(
    readonly status: number,
    readonly value: unknown,
  ) {}
}
