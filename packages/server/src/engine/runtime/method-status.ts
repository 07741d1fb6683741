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

/**
 * A whitelisted method's answer that also logs the caller in as `user`, as
 * Frappe's `login_manager.login_as` inside a method does (`update_password`).
 * The HTTP layer opens the session once the method's unit of work committed;
 * it may decline (a user who must give a second factor), and `value` is
 * answered either way.
 */
export class WithLogin {
  constructor(
    readonly user: string,
    readonly value: unknown,
  ) {}
}
