/** Realtime: Frappe's socket.io rooms and events, publish_realtime and publish_progress. */
export {
  publishRealtime,
  publishProgress,
  roomFor,
  type PublishRealtimeOptions,
} from './publish-realtime.js';
export { addRealtimeSink, deliverRealtime, type RealtimeEvent } from './realtime-hub.js';
export { realtimeDocListener } from './doc-updates.js';
export { handleSocket, type SocketSession } from './socket-handlers.js';
export * from './rooms.js';
export { userMayRead } from './may-read.js';
