/** Realtime: Frappe's socket.io rooms and events, publish_realtime and publish_progress. */
export {
  publishRealtime,
  publishProgress,
  roomFor,
  type PublishRealtimeOptions,
} from './publish-realtime.js';
export {
  addRealtimeSink,
  deliverRealtime,
  setRealtimeFallback,
  type RealtimeEvent,
  type RealtimeSink,
} from '../../engine/runtime/realtime-hub.js';
export { createRelayPublisher, subscribeRelay } from './realtime-relay.js';
export { realtimeDocListener } from './doc-updates.js';
export { handleSocket, type SocketSession } from './socket-handlers.js';
export * from './rooms.js';
export { userMayRead } from './may-read.js';
export {
  deliverToStreams,
  openEventStream,
  streamRooms,
  type EventStream,
  type StreamSubscriptions,
} from './event-stream.js';
