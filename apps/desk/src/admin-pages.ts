/** The administration pages: each is the list and form of its DocType, plus a few buttons. */
export const ADMIN_PAGES: readonly { readonly doctype: string; readonly label: string }[] = [
  { doctype: 'User', label: 'Users' },
  { doctype: 'Role', label: 'Roles' },
  { doctype: 'Custom DocPerm', label: 'Role permissions' },
  { doctype: 'Webhook', label: 'Webhooks' },
  { doctype: 'Webhook Request Log', label: 'Webhook log' },
  { doctype: 'OAuth Client', label: 'OAuth Clients' },
  { doctype: 'Server Script', label: 'Server Scripts' },
  { doctype: 'Scheduled Job Type', label: 'Scheduled Jobs' },
  { doctype: 'Error Log', label: 'Error Log' },
  { doctype: 'System Settings', label: 'System Settings' },
  { doctype: 'DocType', label: 'DocTypes' },
];
