import { DoesNotExistError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { VirtualSource } from '../runtime/app-definition.js';
import type { Context } from '../context.js';

/** The data source a virtual DocType's controller declares, or Frappe's DoesNotExistError. */
export function virtualSourceOf(ctx: Context, meta: Meta): VirtualSource {
  const source = ctx.site.apps.controller(meta.name)?.virtual;
  if (source === undefined)
    throw new DoesNotExistError(`Virtual DocType ${meta.name} has no data source`);
  return source;
}
