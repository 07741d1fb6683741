import type { DocEventListener } from '../../engine/runtime/events.js';
import type { Site } from '../../engine/site.js';
import { deliverRealtime } from '../../engine/runtime/realtime-hub.js';
import { docRoom, doctypeRoom } from './rooms.js';

/** Saves that change what a form or list shows (Frappe's `notify_update`). */
const UPDATES = new Set(['on_update', 'on_submit', 'on_cancel', 'on_update_after_submit']);

/**
 * Frappe's `doc_update` (to the document's room) and `list_update` (to the
 * DocType's room) after each committed save, and `list_update` after a
 * delete. Only sockets that passed the read check when subscribing are in
 * those rooms; a DocType room admits every reader of the DocType, so a
 * saved document's `list_update` is also checked per user (`readCheck`).
 * A deleted document can no longer be checked: its `list_update` carries
 * only the DocType and name, to DocType readers, as in Frappe.
 */
export function realtimeDocListener(site: Site): DocEventListener {
  return {
    afterCommit(record) {
      const modified = record.doc.modified ?? null;
      const base = { doctype: record.doctype, name: record.name };
      if (UPDATES.has(record.event)) {
        deliverRealtime(site.name, {
          event: 'doc_update',
          message: { ...base, modified },
          room: docRoom(record.doctype, record.name),
        });
        deliverRealtime(site.name, {
          event: 'list_update',
          message: { ...base, user: record.doc.modified_by ?? null, modified },
          room: doctypeRoom(record.doctype),
          readCheck: base,
        });
      } else if (record.event === 'after_delete')
        deliverRealtime(site.name, {
          event: 'list_update',
          message: { ...base, user: null, modified: null, delete: true },
          room: doctypeRoom(record.doctype),
        });
    },
  };
}
