import { loadCommonConfig } from './load-config.js';

/** Frappe's `redis_socketio`, else `redis_queue`, from `common_site_config.json`: the realtime channel's Redis. */
export function realtimeRedis(sitesDir: string): string | null {
  const common = loadCommonConfig(sitesDir);
  const url = common['redis_socketio'] ?? common['redis_queue'];
  return typeof url === 'string' && url !== '' ? url : null;
}
