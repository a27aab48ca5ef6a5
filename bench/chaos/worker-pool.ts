import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimulatedQueue } from './simulated-queue';
import type { FromWorker, ToWorker, WorkerConfig } from './worker';

const WORKER_FILE = fileURLToPath(new URL('./worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Messages per invocation: the event source mapping's batch size. */
export const BATCH_SIZE = 10;

type Answer = { kind: 'result'; failures: string[] } | { kind: 'error'; message: string } | { kind: 'crashed' };

/** One worker process (a publish "container") and the invocations it is running. */
class WorkerSlot {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<number, { child: ChildProcess; resolve: (answer: Answer) => void }>();
  private ids = 0;
  /** The current process has built its handler and takes invocations. */
  private isReady = false;
  starts = 0;

  constructor(readonly index: number, private readonly config: WorkerConfig, private readonly logDir: string) {}

  /** Forks the process; resolves once it has built its handler. */
  start(): Promise<void> {
    this.starts += 1;
    const log = openSync(join(this.logDir, `worker-${this.index}-${this.starts}.log`), 'a');
    const child = fork(WORKER_FILE, [], {
      cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', log, log, 'ipc'],
      env: { ...process.env, CHAOS_WORKER: JSON.stringify(this.config) },
    });
    closeSync(log);
    this.child = child;
    const ready = new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`chaos worker ${this.index} exited before it was ready (${signal ?? code}); see ${this.logDir}`)));
      child.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          this.isReady = this.child === child;
          resolve();
        } else if (message.type === 'result') this.settle(message.id, { kind: 'result', failures: message.failures });
        else this.settle(message.id, { kind: 'error', message: message.message });
      });
    });
    // A send racing the kill fails here rather than as an unhandled 'error' event; the exit below settles it.
    child.on('error', () => undefined);
    child.once('exit', () => {
      // Invocations that were running died with the process: their messages stay invisible until the visibility timeout.
      for (const [id, entry] of this.pending) {
        if (entry.child !== child) continue;
        entry.resolve({ kind: 'crashed' });
        this.pending.delete(id);
      }
      if (this.child === child) {
        this.child = undefined;
        this.isReady = false;
      }
    });
    return ready;
  }

  private settle(id: number, answer: Answer): void {
    this.pending.get(id)?.resolve(answer);
    this.pending.delete(id);
  }

  get alive(): boolean {
    return this.child !== undefined && this.isReady;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  invoke(event: ToWorker['event']): Promise<Answer> {
    const child = this.child;
    if (!child) return Promise.resolve({ kind: 'crashed' });
    const id = (this.ids += 1);
    return new Promise<Answer>((resolve) => {
      this.pending.set(id, { child, resolve });
      child.send({ type: 'invoke', id, event } satisfies ToWorker);
    });
  }

  /** SIGKILL: no handler code runs after it, as when a Lambda container dies. */
  kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.isReady = false;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.disconnect();
    });
  }
}

/** What the crash did. */
export interface CrashRecord {
  /** Messages answered across all workers when they were killed. */
  readonly afterMessages: number;
  readonly inFlightBatches: number;
  readonly inFlightMessages: number;
  /** The message bodies of the batches that were running. */
  readonly bodies: readonly string[];
  /** The post whose request was on the platform at that moment (accepted there; no outcome recorded). */
  readonly keyOnPlatform: string;
  readonly restartedAfterMs: number;
}

/**
 * The event source mapping: `concurrency` pollers per worker take batches of 10 from the queue,
 * invoke the worker, delete what succeeded and leave the rest (failed items, or a crashed
 * worker's whole batch) to reappear after the visibility timeout.
 */
export class WorkerPool {
  private readonly slots: WorkerSlot[];
  private stopped = false;
  private readonly running = new Map<WorkerSlot, Map<number, string[]>>();
  handled = 0;
  failedItems = 0;
  invocationErrors = 0;
  crash: CrashRecord | undefined;
  /** Why a killed worker could not start again, if one could not. */
  restartError: string | undefined;

  constructor(private readonly queue: SimulatedQueue, config: WorkerConfig, logDir: string, private readonly options: { workers: number; concurrency: number; crashAfter: number; restartMs: number }) {
    this.slots = Array.from({ length: options.workers }, (_, index) => new WorkerSlot(index + 1, config, logDir));
  }

  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.start()));
  }

  /** Runs the pollers until `done()` holds; the crash is injected along the way. */
  async run(done: () => boolean): Promise<void> {
    const pollers = this.slots.flatMap((slot) => Array.from({ length: this.options.concurrency }, (_, index) => this.poll(slot, index, done)));
    await Promise.all(pollers);
  }

  private async poll(slot: WorkerSlot, poller: number, done: () => boolean): Promise<void> {
    let batches = this.running.get(slot);
    if (!batches) this.running.set(slot, (batches = new Map()));
    while (!this.stopped && !done()) {
      if (!slot.alive) {
        await delay(20);
        continue;
      }
      const deliveries = this.queue.receive(BATCH_SIZE);
      if (deliveries.length === 0) {
        await delay(10);
        continue;
      }
      batches.set(poller, deliveries.map((delivery) => delivery.body));
      const answer = await slot.invoke({ Records: deliveries.map(({ messageId, body }) => ({ messageId, body })) });
      batches.delete(poller);
      if (answer.kind === 'crashed') continue;
      if (answer.kind === 'error') {
        this.invocationErrors += 1;
        continue;
      }
      const failed = new Set(answer.failures);
      for (const delivery of deliveries) {
        if (failed.has(delivery.messageId)) this.failedItems += 1;
        else this.queue.delete(delivery.receiptHandle);
      }
      this.handled += deliveries.length;
    }
  }

  /** True once enough messages were handled for the crash, until it happened. */
  get crashDue(): boolean {
    return this.crash === undefined && this.options.crashAfter > 0 && this.handled >= this.options.crashAfter;
  }

  /**
   * Kills every worker with SIGKILL (all containers die at once, so the one whose request is on
   * the platform certainly dies between claim and outcome), then starts them again after restartMs.
   * Resolves once they are dead.
   */
  async crashNow(keyOnPlatform: string): Promise<void> {
    const bodies = this.slots.flatMap((slot) => [...(this.running.get(slot)?.values() ?? [])].flat());
    this.crash = {
      afterMessages: this.handled, inFlightBatches: this.slots.reduce((sum, slot) => sum + slot.inFlight, 0), inFlightMessages: bodies.length, bodies,
      keyOnPlatform, restartedAfterMs: this.options.restartMs,
    };
    await Promise.all(this.slots.map((slot) => slot.kill()));
    setTimeout(() => {
      if (this.stopped) return;
      for (const slot of this.slots) {
        slot.start().catch((error: unknown) => {
          this.restartError = error instanceof Error ? error.message : String(error);
        });
      }
    }, this.options.restartMs);
  }

  get workerStarts(): number {
    return this.slots.reduce((sum, slot) => sum + slot.starts, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.slots.map((slot) => slot.stop()));
  }
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
