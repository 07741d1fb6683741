import { randomBytes } from 'node:crypto';
import { NameError, ValidationError } from '../../core/errors/index.js';
import type { Meta } from '../../model/meta.js';
import type { Context } from '../context.js';
import type { Doc } from '../doc.js';
import { nameFromSeries, resolvePart, seriesParts } from './naming-series.js';
import { nextSeriesValue } from '../../platform/db/series.js';
import { nameByNamingRule } from './naming-rule.js';
import { seriesVariables } from './naming-variables.js';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gives a new document its name, following Frappe's precedence (§6.1):
 * prompt / UUID keep a client name, amendments, Singles, controller
 * `autoname`, the DocType's `autoname` rule, then a hash. Autoincrement
 * returns null: the database assigns the number on insert.
 */
export async function makeName(ctx: Context, meta: Meta, doc: Doc): Promise<string | null> {
  const rule = meta.autoname.trim();
  const lower = rule.toLowerCase();
  if (lower === 'prompt') return validateName(meta, promptName(doc));
  if (lower === 'autoincrement' && !meta.issingle) return null;
  if (rule === 'UUID') return uuidName(doc);
  if (typeof doc.amended_from === 'string' && doc.amended_from !== '')
    return validateName(meta, await amendedName(ctx, meta, doc.amended_from));
  if (meta.issingle) return meta.name;
  const byRule = await nameByNamingRule(ctx, meta, doc);
  if (byRule) return validateName(meta, byRule);
  const controller = ctx.site.apps.controller(meta.name);
  const byController = controller?.autoname ? await controller.autoname(doc, ctx) : '';
  const name = byController || (await nameByRule(ctx, meta, rule, doc)) || hashName();
  return validateName(meta, name);
}

async function nameByRule(ctx: Context, meta: Meta, rule: string, doc: Doc): Promise<string> {
  if (rule.startsWith('field:')) return fieldName(meta, rule.slice(6).trim(), doc);
  if (rule.startsWith('naming_series:')) return seriesName(ctx, namingSeries(meta, doc), doc);
  if (rule.startsWith('format:')) return formatName(ctx, rule.slice(7), doc);
  if (rule.includes('#')) return seriesName(ctx, rule, doc);
  return '';
}

async function seriesName(ctx: Context, series: string, doc: Doc): Promise<string> {
  const variables = await seriesVariables(ctx, seriesParts(series), doc);
  return nameFromSeries(ctx.uow, series, doc, new Date(), variables);
}

function fieldName(meta: Meta, fieldname: string, doc: Doc): string {
  const value = doc[fieldname];
  const name = value === null || value === undefined ? '' : String(value).trim();
  if (!name)
    throw new ValidationError(`${meta.getField(fieldname)?.label ?? fieldname} is required`);
  return name;
}

function namingSeries(meta: Meta, doc: Doc): string {
  const chosen = typeof doc.naming_series === 'string' ? doc.naming_series.trim() : '';
  const first = (meta.getField('naming_series')?.options ?? '')
    .split('\n')
    .find((option) => option.trim() !== '');
  const series = chosen || first?.trim() || '';
  if (!series) throw new ValidationError('Naming Series mandatory');
  doc.naming_series = series;
  return series.includes('#') ? series : `${series}.#####`;
}

/** `format:PRE-{YYYY}-{#####}`: each brace group is one series token; counters share the empty key (§6.2). */
async function formatName(ctx: Context, template: string, doc: Doc): Promise<string> {
  const now = new Date();
  const tokens = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  const variables = await seriesVariables(ctx, tokens, doc);
  let name = '';
  let last = 0;
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    name += template.slice(last, match.index);
    const token = match[1] ?? '';
    name += token.startsWith('#')
      ? String(await nextSeriesValue(ctx.uow, '')).padStart(token.length, '0')
      : resolvePart(token, doc, now, variables);
    last = match.index + match[0].length;
  }
  return name + template.slice(last);
}

function promptName(doc: Doc): string {
  const given = doc.__newname ?? doc.name;
  if (given === null || given === undefined || String(given).trim() === '')
    throw new ValidationError('Please set the document name');
  return String(given);
}

function uuidName(doc: Doc): string {
  if (doc.name === undefined || doc.name === null || doc.name === '') return uuidV7();
  if (!UUID_PATTERN.test(String(doc.name)))
    throw new ValidationError(`Invalid value specified for UUID: ${String(doc.name)}`);
  return String(doc.name).toLowerCase();
}

/** `X` → `X-1`; an amendment `X-1` → `X-2` (§6.6). */
async function amendedName(ctx: Context, meta: Meta, original: string): Promise<string> {
  const row = await ctx.uow.db
    .selectFrom(meta.tableName)
    .select('amended_from')
    .where('name', '=', original)
    .executeTakeFirst();
  if (!row?.amended_from) return `${original}-1`;
  const match = /^(.*)-(\d+)$/.exec(original);
  return match ? `${match[1]}-${Number(match[2]) + 1}` : `${original}-1`;
}

/**
 * Frappe's time-prefixed random name (v15+): 4 base32hex characters from the
 * time in deciseconds, then 6 random ones (§6.5).
 */
export function hashName(): string {
  const deciseconds = Math.floor(Date.now() / 100) % 32 ** 4;
  let name = '';
  for (let i = 3; i >= 0; i--) name += BASE32HEX[Math.floor(deciseconds / 32 ** i) % 32];
  for (const byte of randomBytes(6)) name += BASE32HEX[byte % 32];
  return name;
}

/** A version 7 UUID: 48-bit millisecond time, then random bits. */
export function uuidV7(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Frappe's `validate_name` (§6.7); returns the trimmed name. */
export function validateName(meta: Meta, raw: string): string {
  const name = raw.trim();
  if (!name) throw new ValidationError(`No Name Specified for ${meta.name}`);
  if (name.startsWith(`New ${meta.name}`))
    throw new NameError(
      `There were some errors setting the name, please contact the administrator`,
    );
  if (name === meta.name && !meta.issingle && meta.name !== 'DocType')
    throw new NameError(`Name of ${meta.name} cannot be ${name}`);
  if (/[<>]/.test(name))
    throw new NameError("Name cannot contain special characters like '<', '>'");
  return name;
}

/** Names of child rows: their own DocType's rule, almost always a hash (§6.8). */
export async function makeChildName(ctx: Context, childMeta: Meta, row: Doc): Promise<string> {
  const rule = childMeta.autoname.trim();
  if (!rule || rule === 'hash' || rule.toLowerCase() === 'prompt') return hashName();
  const { name: _discarded, ...fresh } = row;
  return (await makeName(ctx, childMeta, fresh as Doc)) ?? hashName();
}
