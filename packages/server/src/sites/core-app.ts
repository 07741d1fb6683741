import type { Context } from '../engine/context.js';
import type { AppDefinition } from '../engine/runtime/app-definition.js';
import { userController } from '../features/auth/user-controller.js';
import { systemSettingsController } from '../features/auth/system-settings-controller.js';
import { roleController, STANDARD_ROLES } from '../features/roles/role-controller.js';
import { webhookController } from '../features/webhooks/index.js';
import { namingRuleController } from '../features/naming/naming-rule-controller.js';
import { contactController } from '../features/contacts/contact-controller.js';
import { ATTACHMENT_EVENTS, fileController, installFileFolders } from '../features/files/index.js';
import { oauthClientController } from '../features/oauth/client-controller.js';
import {
  SCHEDULED_SCRIPT_METHOD,
  scheduledJobTypeController,
} from '../features/jobs/scheduler/index.js';
import { enqueue, rqJobController, rqWorkerController } from '../features/jobs/index.js';
import {
  CORE_PERMISSION_HOOKS,
  CORE_PERMISSION_QUERY_CONDITIONS,
} from '../features/core-permissions/index.js';
import { insertDoc } from '../engine/document.js';
import { SCHEDULED_BACKUP_METHOD, scheduledBackup } from './backup/scheduled-backup.js';
import { getValue } from '../engine/query/index.js';
import { docTypeController } from '../engine/runtime/doctype-controller.js';
import { coreDocTypes } from '../model/core-doctypes/index.js';
import {
  CALL_WHITELISTED_FUNCTION,
  callWhitelistedFunction,
  executeScheduledScript,
  provideScriptEnqueue,
  SCRIPT_MANAGER,
  serverScriptController,
  serverScriptQueryCondition,
  withScriptDocEvents,
} from '../features/server-scripts/index.js';

/** Modules of the core app; a DocType (runtime ones included) must name an existing Module Def. */
const CORE_MODULES = ['Core', 'Custom'];

/** The app every site has: Frappe's own DocTypes (User, Role, ToDo, Note, File, …). */
// Server Scripts' `frappe.enqueue` writes jobs through the jobs feature; the
// two features do not import each other, so the wiring happens here.
provideScriptEnqueue((ctx, job) => enqueue(ctx, job));

export function coreApp(): AppDefinition {
  return {
    name: 'frappe',
    title: 'Frappe Framework',
    version: '15.0.0',
    doctypes: coreDocTypes(),
    controllers: {
      DocType: docTypeController,
      User: userController,
      Role: roleController,
      Webhook: webhookController,
      File: fileController,
      'OAuth Client': oauthClientController,
      'Scheduled Job Type': scheduledJobTypeController,
      'System Settings': systemSettingsController,
      'RQ Job': rqJobController,
      'RQ Worker': rqWorkerController,
      'Server Script': serverScriptController,
      Contact: contactController,
      'Document Naming Rule': namingRuleController,
    },
    docEvents: { '*': withScriptDocEvents(ATTACHMENT_EVENTS) },
    hasPermission: CORE_PERMISSION_HOOKS,
    permissionQueryConditions: {
      ...CORE_PERMISSION_QUERY_CONDITIONS,
      '*': serverScriptQueryCondition,
    },
    jobs: {
      [SCHEDULED_SCRIPT_METHOD]: executeScheduledScript,
      [CALL_WHITELISTED_FUNCTION]: callWhitelistedFunction,
      [SCHEDULED_BACKUP_METHOD]: scheduledBackup,
    },
    schedulerEvents: { daily_long: [SCHEDULED_BACKUP_METHOD] },
    afterInstall: installCoreRecords,
  };
}

async function installCoreRecords(ctx: Context): Promise<void> {
  for (const role of STANDARD_ROLES) {
    await insertMissing(ctx, 'Role', role, { role_name: role });
  }
  for (const module of CORE_MODULES) {
    await insertMissing(ctx, 'Module Def', module, { module_name: module, app_name: 'frappe' });
  }
  await installFileFolders(ctx);
  await insertMissing(ctx, 'Role', SCRIPT_MANAGER, { role_name: SCRIPT_MANAGER });
}

async function insertMissing(
  ctx: Context,
  doctype: string,
  name: string,
  values: Record<string, unknown>,
): Promise<void> {
  if ((await getValue(ctx, doctype, name, 'name', false)) === undefined)
    await insertDoc(ctx, { doctype, ...values });
}
