export * from './frappe-error.js';
export * from './catalogue.js';
