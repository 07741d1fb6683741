/** Frappe's socket.io room names. */
export const ALL_ROOM = 'all';
export const WEBSITE_ROOM = 'website';

export const userRoom = (user: string) => `user:${user}`;
export const docRoom = (doctype: string, name: string) => `doc:${doctype}/${name}`;
export const doctypeRoom = (doctype: string) => `doctype:${doctype}`;
export const taskRoom = (taskId: string) => `task_progress:${taskId}`;
export const openDocRoom = (doctype: string, name: string) => `open_doc:${doctype}/${name}`;
