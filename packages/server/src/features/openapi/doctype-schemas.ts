import type { Context } from '../../engine/context.js';
import {
  getPermittedFields,
  getPermittedTableFields,
  permlevelAccess,
} from '../../engine/permissions/index.js';
import { bypassesPermissions } from '../../engine/permissions/rights.js';
import { standardField } from '../../engine/store/values.js';
import type { DocField, Meta } from '../../model/meta.js';
import { isAutoincrement } from '../../model/standard-columns.js';
import { fieldSchema } from './field-schemas.js';
import { nullable, type JsonSchema } from './schema-types.js';

/**
 * A document of `meta` as the caller reads it: the standard columns and the
 * fields at permission levels the caller may read, child tables inline as
 * arrays of their rows. Every value may be `null` (lists keep nulls) and
 * every key may be missing (documents drop nulls, lists carry only the
 * asked-for fields), so nothing is required and more keys may come.
 */
export function readSchema(ctx: Context, meta: Meta, parentMeta?: Meta): JsonSchema {
  const properties: Record<string, JsonSchema> = { doctype: { type: 'string' } };
  for (const column of getPermittedFields(ctx, meta, 'read', parentMeta))
    properties[column] = nullable(columnSchema(meta, column));
  if (parentMeta === undefined) {
    for (const fieldname of getPermittedTableFields(ctx, meta, 'read'))
      properties[fieldname] = tableSchema(ctx, meta, fieldname, (child) =>
        readSchema(ctx, child, meta),
      );
  }
  return { type: 'object', title: meta.name, properties };
}

/**
 * The body of an insert (`create`) or update: the fields the caller may
 * write, without read-only and virtual ones, child rows inline. Mandatory
 * fields without a default are required on insert.
 */
export function writeSchema(
  ctx: Context,
  meta: Meta,
  mode: 'create' | 'update',
  parentMeta?: Meta,
): JsonSchema {
  const fields = writableFields(ctx, meta, parentMeta);
  const properties: Record<string, JsonSchema> = {};
  if (!meta.issingle) properties['name'] = { type: 'string' };
  if (meta.is_submittable) properties['docstatus'] = { type: 'integer', enum: [0, 1, 2] };
  if (mode === 'update') properties['modified'] = nullable(columnSchema(meta, 'modified'));
  for (const field of fields) properties[field.fieldname] = nullable(fieldSchema(field));
  if (parentMeta === undefined) {
    for (const table of writableTables(ctx, meta))
      properties[table.fieldname] = tableSchema(ctx, meta, table.fieldname, (child) =>
        writeSchema(ctx, child, mode, meta),
      );
  }
  const schema: JsonSchema = { type: 'object', title: meta.name, properties };
  const required = fields.filter((field) => field.reqd && field.default === null);
  if (mode === 'create' && parentMeta === undefined && required.length > 0)
    schema['required'] = required.map((field) => field.fieldname);
  return schema;
}

/** A standard column or a value field of `meta`. */
function columnSchema(meta: Meta, column: string): JsonSchema {
  const field = meta.getField(column);
  if (field !== undefined) return fieldSchema(field);
  if (column === 'name' && isAutoincrement(meta)) return { type: 'integer' };
  const schema = fieldSchema(standardField(column));
  delete schema['title'];
  return schema;
}

/** A Table field's rows, each shaped by its child DocType (an unknown child gives open rows). */
function tableSchema(
  ctx: Context,
  meta: Meta,
  fieldname: string,
  rowSchema: (child: Meta) => JsonSchema,
): JsonSchema {
  const field = meta.getField(fieldname);
  const child = field !== undefined && ctx.site.meta.has(field.options) ? field.options : null;
  const rows = child === null ? { type: 'object' } : rowSchema(ctx.site.meta.getMeta(child));
  return { type: 'array', title: field?.label || fieldname, items: rows };
}

function writableFields(ctx: Context, meta: Meta, parentMeta?: Meta): DocField[] {
  const levels = writeLevels(ctx, meta, parentMeta);
  return meta.valueFields.filter(
    (field) =>
      !field.read_only && !field.is_virtual && (levels === 'all' || levels.has(field.permlevel)),
  );
}

function writableTables(ctx: Context, meta: Meta): DocField[] {
  const levels = writeLevels(ctx, meta);
  return meta.tableFields.filter(
    (field) => !field.read_only && (levels === 'all' || levels.has(field.permlevel)),
  );
}

/** Permission levels the caller may write; Administrator writes every level. */
function writeLevels(ctx: Context, meta: Meta, parentMeta?: Meta): 'all' | Set<number> {
  if (bypassesPermissions(ctx)) return 'all';
  return permlevelAccess(ctx, meta, 'write', parentMeta);
}
