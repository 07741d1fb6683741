/** Kept for the HTTP layer's imports; the function lives in core so features can use it too. */
export { escapeHtml } from '../core/escape-html.js';
