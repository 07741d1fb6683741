import { reactive } from 'vue';
import { client, session } from './session.js';

/** Rights the boot lists DocTypes for (Frappe's `frappe.boot.user.can_<right>`). */
export type Right = 'read' | 'write' | 'create' | 'delete' | 'submit' | 'cancel' | 'amend';

/** The signed-in user's roles and rights, from `frappe.sessions.get`. */
export const boot = reactive({
  roles: [] as string[],
  rights: {} as Partial<Record<Right, string[]>>,
});

export async function loadBoot(): Promise<void> {
  const message = await client.xcall<{ user: Record<string, unknown> }>(
    'frappe.sessions.get',
    {},
    { httpMethod: 'GET' },
  );
  session.user = String(message.user['name'] ?? 'Guest');
  session.expired = false;
  boot.roles = (message.user['roles'] as string[] | undefined) ?? [];
  for (const right of ['read', 'write', 'create', 'delete', 'submit', 'cancel', 'amend'] as const)
    boot.rights[right] = (message.user[`can_${right}`] as string[] | undefined) ?? [];
}

/** Whether the user holds `right` on `doctype` at DocType level (a record may still say no). */
export function can(right: Right, doctype: string): boolean {
  return boot.rights[right]?.includes(doctype) ?? false;
}

/** System Manager (or Administrator): the administration pages are theirs. */
export function isSystemManager(): boolean {
  return boot.roles.includes('System Manager') || boot.roles.includes('Administrator');
}

let booted: Promise<void> | undefined;

/** Who is logged in and what they may do, asked once per page load (and again after login). */
export function bootOnce(): Promise<void> {
  booted ??= loadBoot().catch((error: unknown) => {
    booted = undefined;
    throw error;
  });
  return booted;
}

/** Forgets the boot, so the next navigation asks again (after login and logout). */
export function resetBoot(): void {
  booted = undefined;
}
