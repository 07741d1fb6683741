/** One event for the sockets of a site, in a room. */
export interface RealtimeEvent {
  readonly event: string;
  readonly message: unknown;
  readonly room: string;
  /** Deliver only to sockets whose user may read this document (the room alone admits DocType readers). */
  readonly readCheck?: { readonly doctype: string; readonly name: string };
}

export type RealtimeSink = (site: string, event: RealtimeEvent) => void;

/**
 * Where published events go in this process: the socket.io server (and,
 * through its Redis adapter, every other process's sockets) and the SSE
 * streams register here. Events published where nothing listens (a process
 * without a server) are dropped, as Frappe drops them without a socket.io server.
 */
const sinks = new Set<RealtimeSink>();

export function addRealtimeSink(sink: RealtimeSink): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

export function deliverRealtime(site: string, event: RealtimeEvent): void {
  for (const sink of sinks) {
    try {
      sink(site, event);
    } catch {
      // One broken sink must not keep the event from the others.
    }
  }
}
