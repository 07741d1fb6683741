/**
 * A whitelisted method's answer that sets top-level response keys besides
 * `message`, as Frappe's functions write into `frappe.response` (the desk's
 * `getdoc` answers `docs` and `docinfo`, `search_link` answers `results`).
 * `message` stays out of the body when it is undefined.
 *
 * @example
 * return new MethodResponse({ docs: [doc], docinfo });
 */
export class MethodResponse {
  constructor(
    readonly keys: Readonly<Record<string, unknown>>,
    readonly message?: unknown,
  ) {}

  /** The same answer with every value passed through `convert` (the read filter). */
  map(convert: (value: unknown) => unknown): MethodResponse {
    const keys = Object.fromEntries(
      Object.entries(this.keys).map(([key, value]) => [key, convert(value)]),
    );
    return new MethodResponse(keys, this.message === undefined ? undefined : convert(this.message));
  }
}
