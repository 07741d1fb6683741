/** A realtime event's payload: `{doctype, name, modified}` (and `delete` on list updates). */
export type LiveEvent = Record<string, unknown>;

/**
 * Listens to `doc_update` and `list_update` through the server's event
 * stream (`/api/realtime/events`, the same rooms and checks as socket.io),
 * with the browser's own EventSource, so the Desk carries no socket.io
 * client. The stream reconnects by itself after a network error. Returns
 * the function that stops listening.
 */
export function listen(
  rooms: { readonly doctype?: string; readonly doc?: string },
  on: (event: 'doc_update' | 'list_update', data: LiveEvent) => void,
): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const query = new URLSearchParams();
  if (rooms.doctype) query.set('doctype', rooms.doctype);
  if (rooms.doc) query.set('doc', rooms.doc);
  const source = new EventSource(`/api/realtime/events?${query}`);
  for (const name of ['doc_update', 'list_update'] as const)
    source.addEventListener(name, (event) => {
      try {
        on(name, JSON.parse((event as MessageEvent<string>).data) as LiveEvent);
      } catch {
        // A malformed event is ignored; the next one still arrives.
      }
    });
  return () => source.close();
}
