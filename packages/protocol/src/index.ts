export * from './exc-types.js';
export * from './envelopes.js';
export * from './filters.js';
export * from './doctype-json.js';
export * from './permission-types.js';
