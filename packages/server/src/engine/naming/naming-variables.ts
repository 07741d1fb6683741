import { ValidationError } from '../../core/errors/index.js';
import type { Context } from '../context.js';
import { getUserDefault } from '../store/defaults.js';
import type { Doc } from '../doc.js';
import { todayDate } from '../store/values.js';

/** Resolves one naming-series variable for a document (Frappe's `naming_series_variables` hook). */
export type NamingSeriesVariable = (doc: Doc, ctx: Context) => string | Promise<string>;

/**
 * The variables a series may name besides dates and fields (document-model
 * §6.3): `FY`, the fiscal year the document's date falls in, and `ABBR`,
 * its company's abbreviation — ERPNext registers both; here they work as
 * soon as the site has a `Fiscal Year` / `Company` DocType. An app's
 * `namingSeriesVariables` hook adds others or replaces these.
 */
const BUILT_IN: Readonly<Record<string, NamingSeriesVariable>> = {
  FY: fiscalYear,
  ABBR: companyAbbreviation,
};

/**
 * Values of the variables that `parts` (the tokens of one series) name,
 * looked up once per name so the series parser itself stays synchronous.
 */
export async function seriesVariables(
  ctx: Context,
  parts: readonly string[],
  doc: Doc,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const part of new Set(parts)) {
    const resolve = variableResolver(ctx, part);
    if (resolve !== undefined && !Object.hasOwn(doc, part)) values[part] = await resolve(doc, ctx);
  }
  return values;
}

function variableResolver(ctx: Context, part: string): NamingSeriesVariable | undefined {
  for (const app of [...ctx.site.apps.apps].reverse()) {
    const hook = app.namingSeriesVariables?.[part];
    if (hook !== undefined) return hook;
  }
  return Object.hasOwn(BUILT_IN, part) ? BUILT_IN[part] : undefined;
}

/**
 * The name of the enabled Fiscal Year whose dates hold the document's
 * `posting_date` or `transaction_date` (today without either), limited to
 * the document's company when the year lists companies. Without a Fiscal
 * Year DocType `FY` stays literal text, as with any unknown part.
 */
async function fiscalYear(doc: Doc, ctx: Context): Promise<string> {
  if (!ctx.site.meta.has('Fiscal Year')) return 'FY';
  const date = dateText(doc.posting_date) ?? dateText(doc.transaction_date) ?? todayDate();
  const company = typeof doc.company === 'string' ? doc.company : '';
  const years = await ctx.uow.db
    .selectFrom('tabFiscal Year')
    .select('name')
    .where('year_start_date', '<=', date)
    .where('year_end_date', '>=', date)
    .where((eb) => eb.or([eb('disabled', '=', 0), eb('disabled', 'is', null)]))
    .orderBy('year_start_date', 'desc')
    .execute();
  for (const { name } of years)
    if (await yearCoversCompany(ctx, String(name), company)) return String(name);
  throw new ValidationError(
    company
      ? `${date} is not in any active Fiscal Year for ${company}`
      : `${date} is not in any active Fiscal Year`,
  );
}

async function yearCoversCompany(ctx: Context, year: string, company: string): Promise<boolean> {
  if (!ctx.site.meta.has('Fiscal Year Company')) return true;
  const rows = await ctx.uow.db
    .selectFrom('tabFiscal Year Company')
    .select('company')
    .where('parent', '=', year)
    .where('parenttype', '=', 'Fiscal Year')
    .execute();
  return rows.length === 0 || rows.some((row) => row.company === company);
}

/**
 * The `abbr` of the document's company, or of the user's default company
 * (else the site's) when the document names none, as ERPNext does; nothing
 * when there is no company.
 */
async function companyAbbreviation(doc: Doc, ctx: Context): Promise<string> {
  if (!ctx.site.meta.has('Company') || !ctx.site.meta.getMeta('Company').getField('abbr'))
    return 'ABBR';
  const given = typeof doc.company === 'string' ? doc.company : '';
  const company = given || ((await getUserDefault(ctx, 'company')) ?? '');
  if (!company) return '';
  const row = await ctx.uow.db
    .selectFrom('tabCompany')
    .select('abbr')
    .where('name', '=', company)
    .executeTakeFirst();
  return row?.abbr === null || row?.abbr === undefined ? '' : String(row.abbr);
}

function dateText(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.slice(0, 10);
}
