/** Server Scripts: Python scripts stored in the database, run in the sandbox (spec jobs-and-server-scripts Part B). */
export { callApiScript, type ApiScriptCall, type ApiScriptResult } from './api-script.js';
export { apiScriptFor, enabledApiScripts, forgetScriptMaps } from './script-map.js';
export {
  SCRIPT_MANAGER,
  scriptRateLimit,
  SERVER_SCRIPT,
  type ServerScript,
} from './server-script.js';
export { serverScriptController } from './server-script-controller.js';
export { closeScriptPool, scriptPool } from './script-pool.js';
export {
  forgetScriptsSwitch,
  serverScriptsEnabled,
  ServerScriptNotEnabled,
} from './scripts-enabled.js';
export { SERVER_SCRIPT_DOC_EVENTS, withScriptDocEvents } from './doc-event-scripts.js';
export { serverScriptQueryCondition } from './permission-query-scripts.js';
export { executeScheduledScript, scrub, syncScriptJobType } from './scheduler-scripts.js';
export { callWhitelistedFunction } from './script-job.js';
export {
  CALL_WHITELISTED_FUNCTION,
  provideScriptEnqueue,
  type ScriptEnqueue,
  type ScriptJob,
} from './script-calls.js';
