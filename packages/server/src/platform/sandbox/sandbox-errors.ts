import { FrappeError } from '../../core/errors/index.js';

/**
 * An error named after a Python exception (`NameError`, `SyntaxError`,
 * `TimeoutError`, `MemoryError`…): what a Server Script ended with when the
 * exception is not one of Frappe's. Frappe answers these with 500 and the
 * exception's own name as `exc_type`, which is not in Frappe's table.
 */
export class PythonError extends FrappeError {
  constructor(pythonName: string, message: string) {
    super('Exception', message, { status: 500 });
    // The wire carries Python's class name; clients map unknown names by status.
    Object.defineProperty(this, 'excType', { value: pythonName });
    this.name = pythonName;
  }
}

/** A script ran longer than its CPU time budget; its worker was stopped. */
export class ScriptTimeoutError extends PythonError {
  constructor(timeoutMs: number) {
    super(
      'TimeoutError',
      `Server Script took longer than ${timeoutMs / 1000} seconds and was stopped.`,
    );
  }
}

/** A script needed more memory than its ceiling; its worker was stopped. */
export class ScriptMemoryError extends PythonError {
  constructor(ceilingBytes: number) {
    const megabytes = Math.round(ceilingBytes / (1024 * 1024));
    super('MemoryError', `Server Script used more than ${megabytes} MB of memory and was stopped.`);
  }
}

/** The worker process ended while running a script (it was killed or crashed). */
export class SandboxCrashError extends PythonError {
  constructor(detail: string) {
    super('RuntimeError', `The Server Script sandbox stopped unexpectedly (${detail}).`);
  }
}
