import { LinkExistsError, PermissionError, ValidationError } from '../../core/errors/index.js';
import { docTypeJsonFromDoc } from '../../model/docfields-from-doc.js';
import { loadMeta } from '../../model/load-meta.js';
import type { Meta } from '../../model/meta.js';
import { docTypeToTableSpec, hasTable, syncDocTypes } from '../../model/schema-sync.js';
import type { Controller, HookArgs } from './app-definition.js';
import type { Context } from '../context.js';
import { appDocTypeNames } from './custom-doctypes.js';
import type { Doc } from '../doc.js';
import { bumpMetaVersion } from './meta-version.js';

const TABLE_TYPES = new Set(['Table', 'Table MultiSelect']);
const LINK_TYPES = new Set(['Link', ...TABLE_TYPES]);
/** Switching these would need a different storage layout for existing data. */
const STORAGE_FLAGS = ['istable', 'issingle', 'is_virtual'] as const;

/**
 * Controller of the `DocType` DocType: DocTypes created through the API
 * (`custom: 1`) become real DocTypes of the site.
 *
 * Table DDL runs after the commit, on every dialect: MariaDB commits
 * implicitly on DDL, so DDL inside the request's transaction would commit
 * half a request there. Everything that can fail is checked before the write
 * (the definition loads and maps to a table spec), the DDL only creates or
 * extends (it never drops), and `migrate` syncs custom DocTypes too, so a
 * failed DDL is repaired by the next migrate.
 */
export const docTypeController: Controller = {
  validate(doc, { ctx, before }) {
    assertEditable(ctx, doc);
    const meta = definitionOf(doc);
    assertLinkTargets(ctx, meta);
    if (hasTable(meta)) docTypeToTableSpec(meta);
    if (before) assertSameStorage(doc, before);
  },
  async on_update(doc, { ctx }) {
    const meta = definitionOf(doc);
    await bumpMetaVersion(ctx);
    ctx.uow.afterCommit(async () => {
      if (hasTable(meta)) await syncDocTypes(ctx.site.db, [meta]);
      ctx.site.meta.set(meta);
    });
  },
  before_rename(doc) {
    throw new ValidationError(
      `DocType ${String(doc.name)} cannot be renamed: its table and links keep the name`,
    );
  },
  on_trash(doc, { ctx }) {
    assertEditable(ctx, doc);
    assertNotUsedAsTable(ctx, String(doc.name));
  },
  // The table stays: deleting a definition must never silently delete data.
  async after_delete(doc, { ctx }: HookArgs) {
    await bumpMetaVersion(ctx);
    ctx.uow.afterCommit(() => ctx.site.meta.delete(String(doc.name)));
  },
};

function definitionOf(doc: Doc): Meta {
  return loadMeta(docTypeJsonFromDoc(doc));
}

/** App DocTypes live in app files; the API may only manage custom ones (Frappe's developer-mode rule). */
function assertEditable(ctx: Context, doc: Doc): void {
  const name = String(doc.name);
  if (appDocTypeNames(ctx).has(name)) {
    throw new PermissionError(
      `DocType ${name} is defined by an app and can only be changed in the app's files`,
    );
  }
  if (Number(doc.custom ?? 0) !== 1) {
    throw new ValidationError(
      ctx.site.config.developer_mode
        ? 'Standard DocTypes are defined in app files. Set custom to 1 to create a DocType at runtime.'
        : "Not in Developer Mode! Set in site_config.json or make 'Custom' DocType.",
    );
  }
}

/** The checks of spec §1.7 that need other DocTypes: link and table targets exist, tables are child DocTypes. */
function assertLinkTargets(ctx: Context, meta: Meta): void {
  for (const field of meta.fields) {
    if (!LINK_TYPES.has(field.fieldtype)) continue;
    const target = field.options;
    const targetMeta =
      target === meta.name
        ? meta
        : ctx.site.meta.has(target)
          ? ctx.site.meta.getMeta(target)
          : null;
    if (targetMeta === null) {
      throw new ValidationError(
        `${meta.name}: field ${field.fieldname} has ${target} as options, which is not a DocType`,
      );
    }
    if (TABLE_TYPES.has(field.fieldtype) && !targetMeta.istable) {
      throw new ValidationError(
        `${meta.name}: field ${field.fieldname} needs a child DocType (Is Child Table) as options, not ${target}`,
      );
    }
  }
}

function assertSameStorage(doc: Doc, before: Doc): void {
  for (const key of STORAGE_FLAGS) {
    if (Number(doc[key] ?? 0) !== Number(before[key] ?? 0)) {
      throw new ValidationError(
        `${String(doc.name)}: ${key} cannot be changed once the DocType exists`,
      );
    }
  }
}

/** A parent whose Table points here could no longer load, so the child DocType must go last. */
function assertNotUsedAsTable(ctx: Context, name: string): void {
  for (const meta of ctx.site.meta.all()) {
    const field = meta.tableFields.find((f) => f.options === name);
    if (field && meta.name !== name) {
      throw new LinkExistsError(
        `Cannot delete DocType ${name}: it is used by table field ${field.fieldname} of ${meta.name}`,
      );
    }
  }
}
