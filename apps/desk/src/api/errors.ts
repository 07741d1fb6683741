import {
  CortadoError,
  FrappeError,
  NetworkError,
  RequestTimeoutError,
  stripHtml,
} from '@cortado/client';
import { session } from './session.js';

/** What went wrong, in words a user reads, and which kind of trouble it is. */
export interface UiError {
  readonly kind: 'validation' | 'permission' | 'conflict' | 'offline' | 'session' | 'other';
  readonly title: string;
  readonly message: string;
}

/** Turns anything a call threw into a readable message; never a stack trace. */
export function describeError(error: unknown): UiError {
  if (error instanceof NetworkError || error instanceof RequestTimeoutError)
    return {
      kind: 'offline',
      title: 'Connection lost',
      message: 'The server could not be reached. Your changes are kept here; try again.',
    };
  if (error instanceof FrappeError) return describeFrappeError(error);
  if (error instanceof CortadoError)
    return { kind: 'other', title: 'Error', message: error.message };
  return { kind: 'other', title: 'Error', message: String(error) };
}

function describeFrappeError(error: FrappeError): UiError {
  const body = error.body as Record<string, unknown> | undefined;
  const text = error.messages.map((m) => stripHtml(m.message)).join('\n') || error.message;
  if (body?.['session_expired'] === 1 || error.excType === 'SessionExpired') {
    session.expired = true;
    return {
      kind: 'session',
      title: 'Session expired',
      message: 'Your session has expired. Log in again; your unsaved changes are kept.',
    };
  }
  if (error.excType === 'TimestampMismatchError')
    return {
      kind: 'conflict',
      title: 'Document changed',
      message: `${text} Your changes are kept: reload to see the other version, then apply them again.`,
    };
  if (error.excType === 'PermissionError' || error.status === 403)
    return { kind: 'permission', title: 'Not permitted', message: text };
  if (error.status === 417 || error.status === 409 || error.excType.endsWith('Error'))
    return { kind: 'validation', title: 'Message', message: text };
  return { kind: 'other', title: 'Error', message: text };
}
