import type { UnitOfWork } from '../../platform/db/database.js';
import { cachedPerRequest } from './request-cache.js';

/** Roles every user gets by rule; never read from `Has Role` rows (docs/spec/permissions.md §1.2). */
export const AUTOMATIC_ROLES: ReadonlySet<string> = new Set([
  'Administrator',
  'All',
  'Guest',
  'Desk User',
]);

/**
 * The roles of `user`, automatic ones included: Guest → `Guest`;
 * Administrator → every Role record plus the standard ones; a disabled or
 * unknown user → `Guest`; anyone else → own `Has Role` rows, `All`, `Guest`
 * and, for System Users, `Desk User`.
 *
 * @example
 * const roles = await getRoles(uow, 'jane@example.com'); // Set {'Sales User', 'All', 'Guest', 'Desk User'}
 */
export function getRoles(uow: UnitOfWork, user: string): Promise<Set<string>> {
  return cachedPerRequest(uow, `roles:${user}`, () => loadRoles(uow, user));
}

async function loadRoles(uow: UnitOfWork, user: string): Promise<Set<string>> {
  if (user === 'Guest' || user === '') return new Set(['Guest']);
  if (user === 'Administrator') return administratorRoles(uow);
  const record = await uow.db
    .selectFrom('tabUser')
    .select(['enabled', 'user_type'])
    .where('name', '=', user)
    .executeTakeFirst();
  if (record === undefined || Number(record.enabled) !== 1) return new Set(['Guest']);
  const roles = new Set(await assignedRoles(uow, user));
  roles.add('All');
  roles.add('Guest');
  if (record.user_type === 'System User') roles.add('Desk User');
  return roles;
}

async function assignedRoles(uow: UnitOfWork, user: string): Promise<string[]> {
  const rows = await uow.db
    .selectFrom('tabHas Role')
    .select('role')
    .where('parenttype', '=', 'User')
    .where('parent', '=', user)
    .orderBy('idx')
    .execute();
  return rows
    .map((row) => String(row.role))
    .filter((role) => role !== '' && !AUTOMATIC_ROLES.has(role));
}

async function administratorRoles(uow: UnitOfWork): Promise<Set<string>> {
  const rows = await uow.db.selectFrom('tabRole').select('name').execute();
  return new Set([
    ...rows.map((row) => String(row.name)),
    'Administrator',
    'System Manager',
    'All',
    'Guest',
    'Desk User',
  ]);
}
