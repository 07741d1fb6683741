import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { EXC_TYPES } from '@cortado/protocol';
import { FrappeError } from '../../core/errors/index.js';
import { permissionFlags } from './permission-flags.js';
import { sandboxFiles } from './sandbox-files.js';
import { SandboxCrashError, ScriptMemoryError, ScriptTimeoutError } from './sandbox-errors.js';
import {
  NestedScript,
  type BridgeCall,
  type BridgeHandler,
  type ScriptOutcome,
  type ScriptRunRequest,
} from './script-run.js';

/** Limits of one sandbox worker. */
export interface PythonProcessLimits {
  /** CPU time a script may use, bridge waits excluded. */
  readonly timeoutMs: number;
  /** The most memory the Python heap may grow to. */
  readonly memoryCeilingBytes: number;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'call'; call: BridgeCall }
  | { type: 'checked'; errors: string[] }
  | { type: 'done'; heapBytes: number; outcome: Omit<ScriptOutcome, 'heapBytes'> };

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

/** The most of a worker's stderr kept to explain a crash. */
const STDERR_KEPT = 2000;

/**
 * One sandbox worker process. It runs one script at a time; a script that
 * overruns its time or memory kills the process (`alive` turns false) and
 * the pool puts a fresh one in its place.
 */
export class PythonProcess {
  private readonly child: Child;
  private readonly limits: PythonProcessLimits;
  private buffered = '';
  private stderr = '';
  private exited = false;
  private killed = false;
  private onMessage: ((message: WorkerMessage) => void) | undefined;
  private onExit: ((detail: string) => void) | undefined;

  private constructor(child: Child, limits: PythonProcessLimits) {
    this.child = child;
    this.limits = limits;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.receive(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT);
    });
    // A worker killed mid-write leaves its pipes broken; the exit handler reports it.
    child.stdin.on('error', () => {});
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.onExit?.(signal ?? `exit code ${String(code)}`);
    });
  }

  /** Starts a worker and resolves once its interpreter is loaded. */
  static async start(limits: PythonProcessLimits): Promise<PythonProcess> {
    const files = sandboxFiles();
    const child = spawn(
      process.execPath,
      [
        ...permissionFlags([files.pyodideDir, files.sandboxDir]),
        '--no-warnings',
        '--max-old-space-size=256',
        files.workerEntry,
        files.pyodideDir,
        String(limits.memoryCeilingBytes),
      ],
      // A scrubbed environment: no secrets, no NODE_OPTIONS loaders.
      { env: {}, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const worker = new PythonProcess(child, limits);
    worker.send('init', EXC_TYPES);
    await worker.next('ready');
    return worker;
  }

  /** True until the process ended or was told to. */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  /** The operating-system process id (tests check it is gone after a kill). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The policy violations of `script` (syntax errors included); empty when it may run. */
  async check(script: string): Promise<string[]> {
    this.send('check', script);
    const answer = await this.next('checked');
    return answer.errors;
  }

  /**
   * Runs one script. Bridge calls are answered by `bridge`; the CPU budget
   * pauses while the server works on one. An overrun kills the process and
   * rejects with a TimeoutError or MemoryError.
   */
  async run(request: ScriptRunRequest, bridge: BridgeHandler): Promise<ScriptOutcome> {
    const clock = new CpuBudget(this.limits.timeoutMs, () => this.kill());
    this.send('run', request);
    try {
      for (;;) {
        clock.resume();
        const message = await this.nextOf(['call', 'done'], () => clock.expired);
        clock.pause();
        if (message.type === 'done')
          return this.finished({ ...message.outcome, heapBytes: message.heapBytes });
        if (message.type === 'call') this.send('answer', await answer(bridge, message.call));
      }
    } catch (error) {
      // The worker may be waiting for an answer that will not come: it goes.
      this.kill();
      if (clock.expired) throw new ScriptTimeoutError(this.limits.timeoutMs);
      throw error;
    } finally {
      clock.pause();
    }
  }

  /** Stops the process at once. */
  kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Resolves once the process has ended (after `kill`, or at once if it already has). */
  ended(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  private finished(outcome: ScriptOutcome): ScriptOutcome {
    const overran =
      outcome.error?.exc_type === 'MemoryError' ||
      outcome.heapBytes > this.limits.memoryCeilingBytes;
    if (!overran) return outcome;
    // A heap that hit the ceiling never shrinks; the worker is replaced.
    this.kill();
    throw new ScriptMemoryError(this.limits.memoryCeilingBytes);
  }

  /** One line to the worker: its type, then the payload as JSON (which has no newline). */
  private send(type: 'init' | 'check' | 'run' | 'answer', payload: unknown): void {
    if (!this.exited) this.child.stdin.write(`${type} ${JSON.stringify(payload)}\n`);
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    for (
      let newline = this.buffered.indexOf('\n');
      newline >= 0;
      newline = this.buffered.indexOf('\n')
    ) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      let message: WorkerMessage;
      try {
        message = JSON.parse(line) as WorkerMessage;
      } catch {
        // Only our worker writes to stdout; anything else means it is not healthy.
        this.kill();
        return;
      }
      this.onMessage?.(message);
    }
  }

  private next<T extends WorkerMessage['type']>(
    type: T,
  ): Promise<Extract<WorkerMessage, { type: T }>> {
    return this.nextOf([type], () => false) as Promise<Extract<WorkerMessage, { type: T }>>;
  }

  /** The next message of one of `types`; rejects when the process ends first. */
  private nextOf(types: readonly string[], killedOnPurpose: () => boolean): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.onMessage = undefined;
        this.onExit = undefined;
      };
      this.onMessage = (message) => {
        if (!types.includes(message.type)) return;
        settle();
        resolve(message);
      };
      this.onExit = (detail) => {
        settle();
        reject(
          killedOnPurpose()
            ? new Error('stopped')
            : new SandboxCrashError(this.describeExit(detail)),
        );
      };
      if (this.exited) this.onExit('not running');
    });
  }

  private describeExit(detail: string): string {
    const lastLine = this.stderr.trim().split('\n').at(-1);
    return lastLine ? `${detail}: ${lastLine}` : detail;
  }
}

/** The bridge's answer to one call: the value, a script to run in place, or the Frappe error it raised. */
async function answer(bridge: BridgeHandler, call: BridgeCall): Promise<unknown> {
  try {
    const value = await bridge(call);
    if (value instanceof NestedScript) return { script: value.source };
    return { value: value ?? null };
  } catch (error) {
    if (error instanceof FrappeError)
      return { error: { exc_type: error.excType, message: error.message } };
    throw error;
  }
}

/** A CPU-time budget that runs only while the worker computes. */
class CpuBudget {
  private remaining: number;
  private startedAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  expired = false;

  constructor(
    budgetMs: number,
    private readonly onExpire: () => void,
  ) {
    this.remaining = budgetMs;
  }

  resume(): void {
    if (this.startedAt !== undefined || this.expired) return;
    this.startedAt = performance.now();
    this.timer = setTimeout(
      () => {
        this.expired = true;
        this.onExpire();
      },
      Math.max(0, this.remaining),
    );
  }

  pause(): void {
    if (this.startedAt === undefined) return;
    clearTimeout(this.timer);
    this.remaining -= performance.now() - this.startedAt;
    this.startedAt = undefined;
  }
}
