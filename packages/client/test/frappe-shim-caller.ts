import { CortadoClient, createFrappeShim } from '../src/index.js';

/*
 * A page's script in miniature, run as its own Node process by
 * frappe-shim.test.ts: one failing `frappe.call` whose promise is ignored.
 * Node ends a process with an unhandled rejection with exit code 1, so a
 * clean exit proves there was none. Usage: frappe-shim-caller.ts <url> <style>
 * where style is `callback` (callback only), `always` or `promise` (bare).
 */
const [url = '', style = ''] = process.argv.slice(2);
const frappe = createFrappeShim(new CortadoClient({ url, retry: false }));
const method = 'my_app.api.pay';
const args = { amount: -1 };
if (style === 'callback')
  void frappe.call({ method, args, callback: () => console.log('callback ran') });
else if (style === 'always')
  void frappe.call({ method, args, always: () => console.log('always ran') });
else void frappe.call(method, args);
