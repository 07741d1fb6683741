import { DataError, PermissionError, type FrappeError } from '../../core/errors/index.js';
import type { DocField, Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import { getRolePermissions } from '../permissions/doctype-permissions.js';
import { bypassesPermissions } from '../permissions/rights.js';
import { standardField } from '../store/values.js';
import {
  CHILD_FIELDNAMES,
  OPTIONAL_FIELDNAMES,
  STANDARD_FIELDNAMES,
} from '../../model/standard-fieldnames.js';
import { columnKind, columnNullable } from './column-kind.js';
import type { ColumnRef, QueryTable } from './query-ast.js';

/** Optional columns Frappe adds to every non-child table (docs/spec/query-language.md §3.4). */

/**
 * Resolves every column a client names against DocType metadata, so no client
 * text ever reaches SQL: only names found here are emitted, as quoted identifiers.
 * Child tables and linked records are joined on first use.
 */
export interface FieldResolver {
  readonly main: QueryTable;
  /** Joined tables, in the order they were first referenced. */
  joins(): readonly QueryTable[];
  /** `name`, `` `tabX`.`f` ``, `tabX.f`, `table_field.f` or `link_field.f`. */
  resolve(reference: string): ColumnRef;
  /** The column `fieldname` of `doctype` (the 4-element filter form). */
  resolveIn(doctype: string, fieldname: string): ColumnRef;
  /** Columns `*` stands for: standard columns plus every value field. */
  allColumns(): ColumnRef[];
  /** Whether `` `tab<doctype>` `` names the queried DocType or one of its child tables. */
  knowsTable(doctype: string): boolean;
}

const REFERENCE = /^(?:(?:`([^`]+)`|(\w+))\.)?(?:`(\w+)`|(\w+))$/;

/** Splits a column reference into its optional qualifier and the column name, or null if malformed. */
export function parseReference(text: string): { qualifier: string | null; column: string } | null {
  const match = REFERENCE.exec(text.trim());
  if (match === null) return null;
  const column = match[3] ?? match[4];
  if (column === undefined) return null;
  return { qualifier: match[1] ?? match[2] ?? null, column };
}

/** A resolver for one query on `meta`. */
export function createFieldResolver(ctx: Context, meta: Meta): FieldResolver {
  const main: QueryTable = { alias: meta.tableName, meta, join: { kind: 'main' } };
  const joined = new Map<string, QueryTable>();
  const aliases = new Set([main.alias]);

  function join(key: string, target: Meta, tableJoin: QueryTable['join']): QueryTable {
    const existing = joined.get(key);
    if (existing !== undefined) return existing;
    let alias = target.tableName;
    for (let n = 1; aliases.has(alias); n += 1) alias = `${target.tableName}_${n}`;
    const table: QueryTable = { alias, meta: target, join: tableJoin };
    aliases.add(alias);
    joined.set(key, table);
    return table;
  }

  function childTable(doctype: string, parentfield: string | null): QueryTable {
    const holders = meta.tableFields.filter((field) => field.options === doctype);
    const field = parentfield ?? (holders.length === 1 ? (holders[0]?.fieldname ?? null) : null);
    return join(`child:${doctype}:${field ?? ''}`, ctx.site.meta.getMeta(doctype), {
      kind: 'child',
      parentfield: field,
    });
  }

  function linkTable(field: DocField): QueryTable {
    const target = ctx.site.meta.getMeta(field.options);
    if (!bypassesPermissions(ctx)) {
      const rights = getRolePermissions(ctx, target).rights;
      if (!rights.read && !rights.select)
        throw new PermissionError(`No permission to read ${target.name}`);
    }
    return join(`link:${field.fieldname}`, target, { kind: 'link', linkField: field.fieldname });
  }

  function tableFor(qualifier: string, original: string): QueryTable {
    if (qualifier === meta.tableName) return main;
    const field = meta.getField(qualifier);
    if (field !== undefined && meta.tableFields.includes(field))
      return childTable(field.options, field.fieldname);
    if (field !== undefined && field.fieldtype === 'Link' && field.options !== '')
      return linkTable(field);
    if (qualifier.startsWith('tab') && isChildDocType(meta, qualifier.slice(3))) {
      return childTable(qualifier.slice(3), null);
    }
    throw notPermitted(original);
  }

  function resolve(reference: string): ColumnRef {
    const parsed = parseReference(reference);
    if (parsed === null) throw notPermitted(reference);
    const table = parsed.qualifier === null ? main : tableFor(parsed.qualifier, reference);
    return columnOf(table, parsed.column);
  }

  function resolveIn(doctype: string, fieldname: string): ColumnRef {
    if (doctype === meta.name) return resolve(fieldname);
    if (!isChildDocType(meta, doctype)) throw notPermitted(`${doctype}.${fieldname}`);
    return columnOf(childTable(doctype, null), fieldname);
  }

  return {
    main,
    joins: () => [...joined.values()],
    resolve,
    resolveIn,
    allColumns: () => [
      ...standardColumns(meta).map((name) => columnOf(main, name)),
      ...meta.valueFields.map((field) => columnOf(main, field.fieldname)),
    ],
    knowsTable: (doctype) => doctype === meta.name || isChildDocType(meta, doctype),
  };
}

/** The column `name` of `table`; unknown names raise Frappe's "Field not permitted in query". */
export function columnOf(table: QueryTable, name: string): ColumnRef {
  const standard = isStandardColumn(table.meta, name);
  const field = standard
    ? standardField(name)
    : table.meta.valueFields.find((f) => f.fieldname === name);
  if (field === undefined) throw notPermitted(name);
  // A joined table's columns are NULL where the main row has no child or no linked record.
  const nullable = table.join.kind !== 'main' || columnNullable(field, standard);
  return { table, field, kind: columnKind(field), nullable };
}

function standardColumns(meta: Meta): readonly string[] {
  return meta.istable ? [...STANDARD_FIELDNAMES, ...CHILD_FIELDNAMES] : STANDARD_FIELDNAMES;
}

function isStandardColumn(meta: Meta, name: string): boolean {
  return (
    standardColumns(meta).includes(name) ||
    (!meta.istable && (OPTIONAL_FIELDNAMES as readonly string[]).includes(name))
  );
}

function isChildDocType(meta: Meta, doctype: string): boolean {
  return meta.tableFields.some((field) => field.options === doctype);
}

/** Frappe's error for a name that is not a column of the query (docs/spec/query-language.md §3.4). */
export function notPermitted(name: string): FrappeError {
  return new DataError(`Field not permitted in query: ${name}`);
}
