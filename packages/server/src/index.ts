/**
 * The public API of `@cortado/server`: what the CLI and third-party apps import.
 */
export type {
  AppDefinition,
  Controller,
  DocHook,
  HookArgs,
  JobFunction,
  ListCondition,
  MethodRateLimit,
  MethodParam,
  ValueSchema,
  PermissionHook,
  PermissionQueryCondition,
  SchedulerEvents,
  WhitelistedMethod,
} from './engine/runtime/app-definition.js';
export type { Doc, DocEvent } from './engine/doc.js';
export type { Context } from './engine/context.js';
export * from './core/errors/index.js';

// The engine calls an app's controllers and whitelisted methods make.
export {
  getDoc,
  insertDoc,
  saveDoc,
  updateDoc,
  submitDoc,
  cancelDoc,
  amendDoc,
  deleteDoc,
  setValue,
  withContext,
} from './engine/document.js';
export { getList, getAll, getCount, getValue, type ListArgs } from './engine/query/index.js';
export { hasPermission, checkPermission } from './engine/permissions/index.js';
export {
  enqueue,
  enqueueDoc,
  parseQueueList,
  type EnqueueOptions,
  type EnqueuedJob,
} from './features/jobs/index.js';
export {
  publishRealtime,
  publishProgress,
  type PublishRealtimeOptions,
} from './features/realtime/index.js';

// Sites and configuration (the CLI's entry points).
export { loadConfig, loadCommonConfig } from './core/config/load-config.js';
export { maskSecrets } from './core/config/mask-secrets.js';
export { CONFIG_KEYS, envVarFor, type ConfigKeyDefinition } from './core/config/defaults.js';
export type { SiteConfig } from './core/config/site-config.js';
export { createLogger, type Logger } from './core/logger.js';
export type { Site } from './engine/site.js';
export { sitesDir, listSites, defaultSite, assertSiteName } from './sites/sites-dir.js';
export { openSite } from './sites/open-site.js';
export { createSite, type CreateSiteOptions, type CreatedSite } from './sites/create-site.js';
export { migrateSite, type MigrateProgress } from './sites/migrate-site.js';
export { dropSite } from './sites/drop-site.js';
export { setConfigValue } from './sites/set-config-value.js';
export { setAdminPassword } from './sites/admin-password.js';
export { generateUserApiKeys } from './sites/user-api-keys.js';
export { importUsers } from './sites/import-users.js';
export { startServer, type StartServerOptions, type RunningServer } from './main.js';
export {
  startCluster,
  isClusterWorker,
  defaultProcessCount,
  type ClusterEvent,
  type ClusterOptions,
  type ClusterPrimary,
} from './cluster.js';
export { siteOpenApiDocument } from './site-openapi.js';
export { startWorker, type RunningWorker } from './worker.js';
export { startSchedule, type RunningSchedule } from './schedule.js';
export {
  backupSite,
  backupDir,
  type BackupOptions,
  type BackupResult,
} from './sites/backup/take-backup.js';
export { restoreSite, type RestoreOptions } from './sites/backup/restore-backup.js';
export { checkSiteConsistency, type ConsistencyReport } from './sites/backup/check-consistency.js';
export type { BackupManifest } from './sites/backup/manifest.js';
