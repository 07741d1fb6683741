import { slugOf } from './api/meta.js';

/** The administration pages: the Role Permissions Manager, then lists and forms of their DocTypes. */
export const ADMIN_PAGES: readonly { readonly path: string; readonly label: string }[] = [
  { path: '/permission-manager', label: 'Role Permissions Manager' },
  ...[
    { doctype: 'User', label: 'Users' },
    { doctype: 'Role', label: 'Roles' },
    { doctype: 'Webhook', label: 'Webhooks' },
    { doctype: 'Webhook Request Log', label: 'Webhook log' },
    { doctype: 'OAuth Client', label: 'OAuth Clients' },
    { doctype: 'Server Script', label: 'Server Scripts' },
    { doctype: 'Scheduled Job Type', label: 'Scheduled Jobs' },
    { doctype: 'Error Log', label: 'Error Log' },
    { doctype: 'System Settings', label: 'System Settings' },
    { doctype: 'DocType', label: 'DocTypes' },
  ].map(({ doctype, label }) => ({ path: `/${slugOf(doctype)}`, label })),
];
