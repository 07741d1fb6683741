import type { SiteConfig } from '../core/config/site-config.js';
import type { Database } from '../platform/db/database.js';
import type { MetaRegistry } from '../model/meta-registry.js';
import type {
  AppDefinition,
  Controller,
  DocHook,
  PermissionHook,
  PermissionQueryCondition,
  WhitelistedMethod,
} from './runtime/app-definition.js';
import type { DocEvent } from './doc.js';
import type { DocEventBus } from './runtime/events.js';

/** The installed apps of a site, indexed for the engine. */
export interface AppRegistry {
  readonly apps: readonly AppDefinition[];
  /** The controller of a DocType (the last app that defines one wins). */
  controller(doctype: string): Controller | undefined;
  /** `doc_events` handlers for a DocType and event, `*` handlers included, in app order. */
  docHooks(doctype: string, event: DocEvent): readonly DocHook[];
  /** A whitelisted method by dotted path. */
  method(path: string): WhitelistedMethod | undefined;
  /** `has_permission` hooks for a DocType, `*` hooks included, in app order. */
  permissionHooks?(doctype: string): readonly PermissionHook[];
  /** `permission_query_conditions` hooks for a DocType, `*` hooks included, in app order. */
  permissionQueryConditions?(doctype: string): readonly PermissionQueryCondition[];
}

/** An open site: its config, database, metadata and apps. One per site folder. */
export interface Site {
  readonly name: string;
  /** The site folder (holds `site_config.json`, `public/files`, `private/files`). */
  readonly path: string;
  readonly config: SiteConfig;
  readonly db: Database;
  readonly meta: MetaRegistry;
  readonly apps: AppRegistry;
  readonly events: DocEventBus;
}
