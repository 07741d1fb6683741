/**
 * The browser bundle's entry (`dist/browser/cortado.min.js`): the core SDK
 * on `window.cortado`, and `cortado.installFrappe(client)` to put the
 * `frappe.call` / `frappe.xcall` shim on `window.frappe`. Webhooks, codegen
 * and OAuth are left out: they have their own entry points.
 *
 * @example
 * <script src="cortado.min.js"></script>
 * <script>
 *   const client = new cortado.CortadoClient({ url: location.origin });
 *   cortado.installFrappe(client);
 *   frappe.xcall('frappe.auth.get_logged_user').then(console.log);
 * </script>
 */
import { CortadoClient } from './client.js';
import { createFrappeShim, type FrappeShim } from './frappe-shim.js';

export * from './client.js';
export * from './errors.js';
export * from './frappe-errors.js';
export { createFrappeShim, type FrappeShim, type FrappeCallOptions } from './frappe-shim.js';

/** Sets `globalThis.frappe` to a shim over `client` (a session on this origin by default) and returns it. */
export function installFrappe(client?: CortadoClient<object>): FrappeShim {
  const origin = (globalThis as { location?: { origin: string } }).location?.origin ?? '';
  const shim = createFrappeShim(client ?? new CortadoClient({ url: origin }));
  (globalThis as { frappe?: unknown }).frappe = shim;
  return shim;
}
