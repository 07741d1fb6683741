import type { ServerMessage } from '@cortado/protocol';
import type { Context } from '../context.js';
import type { Site } from '../site.js';

/**
 * A context for work declared not to touch the database (a whitelisted
 * method with `usesDatabase: false`, such as `ping`): no transaction is
 * opened for it. Reading `uow` or `roles` is a programming error and throws.
 */
export function databaseFreeContext(
  site: Site,
  user: string,
  requestId: string,
  messages: ServerMessage[],
): Context {
  return {
    site,
    user,
    requestId,
    messages,
    flags: {},
    get uow(): never {
      throw new Error(
        'this work was declared database-free (usesDatabase: false) but asked for a unit of work',
      );
    },
    get roles(): never {
      throw new Error(
        'this work was declared database-free (usesDatabase: false) but asked for roles',
      );
    },
  };
}
