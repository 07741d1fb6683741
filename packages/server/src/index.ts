/**
 * The public API of `@cortado/server`: what the CLI and third-party apps import.
 */
export type { AppDefinition, Controller, DocHook, HookArgs, WhitelistedMethod, MethodRateLimit } from './engine/app.js';
export type { Doc, DocEvent } from './engine/doc.js';
export type { Context } from './engine/context.js';
export * from './core/errors/index.js';
