// The process's realtime event bus: publishers (features, jobs) deliver here; the socket.io server, event streams and relays listen.
/** One event for the sockets of a site, in a room. */
export interface RealtimeEvent {
  readonly event: string;
  readonly message: unknown;
  readonly room: string;
  /** Deliver only to sockets whose user may read this document (the room alone admits DocType readers). */
  readonly readCheck?: { readonly doctype: string; readonly name: string };
  /**
   * Deliver to this process's sockets only: the event came over the Redis
   * relay, and every server process received its own copy.
   */
  readonly local?: boolean;
}

export type RealtimeSink = (site: string, event: RealtimeEvent) => void;

/**
 * Where published events go in this process: the socket.io server (and,
 * through its Redis adapter, every other process's sockets) and the SSE
 * streams register here. Where none is registered (a job thread, a
 * `cortado worker` process) events go to the fallback: the parent thread, or
 * the Redis relay that server processes listen to; with neither they are
 * dropped, as Frappe drops them without a socket.io server.
 */
const sinks = new Set<RealtimeSink>();
let fallback: RealtimeSink | undefined;

/** Sets (or with undefined, clears) where events go when this process has no sink of its own. */
export function setRealtimeFallback(sink: RealtimeSink | undefined): void {
  fallback = sink;
}

export function addRealtimeSink(sink: RealtimeSink): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

export function deliverRealtime(site: string, event: RealtimeEvent): void {
  const targets = sinks.size > 0 || fallback === undefined ? sinks : [fallback];
  for (const sink of targets) {
    try {
      sink(site, event);
    } catch {
      // One broken sink must not keep the event from the others.
    }
  }
}
