import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RENDER_LIMITS, type AttachmentKind, type RenderLimits, type RenderRefusal } from '../domain/attachment-rules';
import { PROJECT_ROOT } from '../paths';
import type { RenderReply, RenderRequest } from './protocol';

// The render pool (DESIGN.md §4): attachments are re-rendered in child processes, never on the thread that answers
// requests. Each child renders one file at a time under hard limits: wall time and resident memory are watched from
// here and the child is killed when it passes either; pages, pixels and decompressed size are checked inside it.
// A killed or crashed child is replaced on the next job. Children start on the first job and run at a lower priority.

export type RenderOutcome = { ok: true; bytes: Buffer } | { ok: false; refusal: RenderRefusal };

export interface AttachmentRenderer {
  render(kind: AttachmentKind, bytes: Buffer): Promise<RenderOutcome>;
  /** 'start' is emitted when a file begins rendering in a worker, 'end' when it is done (either way). */
  on(event: 'start' | 'end', listener: () => void): this;
  off(event: 'start' | 'end', listener: () => void): this;
  close(): Promise<void>;
}

export interface RenderPoolOptions {
  /** Child processes rendering at once (default: one fewer than the cores, at least 1, at most 2). */
  size?: number;
  limits?: RenderLimits;
  /** Files waiting for a child beyond this are refused as 'busy' at once. */
  maxQueue?: number;
}

const MEMORY_POLL_MS = 50;
const JOBS_PER_CHILD = 50;
const WORKER_ENTRY = path.join(__dirname, `worker${path.extname(__filename)}`);

interface Job {
  request: RenderRequest;
  settle: (outcome: RenderOutcome) => void;
}

interface Slot {
  child: ChildProcess;
  jobs: number;
  job: Job | null;
  stop?: () => void;
  stderrTail: string;
}

/** Resident memory of a process in MB from /proc (Linux); undefined where there is no /proc. */
async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export class RenderPool extends EventEmitter implements AttachmentRenderer {
  private readonly size: number;
  private readonly limits: RenderLimits;
  private readonly maxQueue: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: RenderPoolOptions = {}) {
    super();
    this.size = options.size ?? Math.max(1, Math.min(2, os.availableParallelism() - 1));
    this.limits = options.limits ?? RENDER_LIMITS;
    this.maxQueue = options.maxQueue ?? 16;
  }

  render(kind: AttachmentKind, bytes: Buffer): Promise<RenderOutcome> {
    if (this.closed) return Promise.reject(new Error('render pool is closed'));
    if (this.queue.length >= this.maxQueue) return Promise.resolve({ ok: false, refusal: { problem: 'busy' } });
    return new Promise((settle) => {
      this.queue.push({ request: { id: this.nextId++, kind, bytes, limits: this.limits }, settle });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.settle({ ok: false, refusal: { problem: 'busy' } });
    await Promise.all(this.slots.splice(0).map((slot) => this.kill(slot)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      this.run(slot, this.queue.shift() as Job);
    }
  }

  private spawn(): Slot {
    const fromSources = WORKER_ENTRY.endsWith('.ts');
    const child = fork(WORKER_ENTRY, [], {
      cwd: PROJECT_ROOT,
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`, ...(fromSources ? ['--import', 'tsx'] : [])],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const slot: Slot = { child, jobs: 0, job: null, stderrTail: '' };
    // Kept only to tell a heap exhaustion from another crash; never logged (it may quote the file).
    child.stderr?.on('data', (chunk: Buffer) => (slot.stderrTail = (slot.stderrTail + chunk.toString('utf8')).slice(-2000)));
    child.on('message', (reply: RenderReply) => this.finish(slot, reply.id, reply.ok ? { ok: true, bytes: Buffer.from(reply.bytes) } : { ok: false, refusal: reply.refusal }));
    child.on('exit', () => {
      const killedFor = slot.stderrTail.includes('heap out of memory') ? 'memoryMb' : null;
      this.drop(slot);
      if (slot.job) this.finish(slot, slot.job.request.id, { ok: false, refusal: killedFor ? { limit: killedFor } : { problem: 'unreadable' } });
    });
    child.on('error', () => undefined); // an exit follows
    try {
      if (child.pid) os.setPriority(child.pid, 10);
    } catch {
      // not allowed here: the child runs at normal priority
    }
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.slots.push(slot);
    return slot;
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.jobs++;
    const timer = setTimeout(() => this.refuse(slot, { limit: 'seconds' }), this.limits.seconds * 1000);
    const poll = setInterval(() => {
      const pid = slot.child.pid;
      if (pid) void residentMb(pid).then((mb) => mb !== undefined && mb > this.limits.memoryMb && this.refuse(slot, { limit: 'memoryMb' }));
    }, MEMORY_POLL_MS);
    slot.stop = () => {
      clearTimeout(timer);
      clearInterval(poll);
    };
    (slot.child.channel as { ref?: () => void } | undefined)?.ref?.();
    this.emit('start');
    slot.child.send(job.request);
  }

  /** A limit was passed: the job is refused and the child killed (its half-done work goes with it). */
  private refuse(slot: Slot, refusal: RenderRefusal): void {
    if (!slot.job) return;
    this.drop(slot);
    void this.kill(slot);
    this.finish(slot, slot.job.request.id, { ok: false, refusal });
  }

  private finish(slot: Slot, id: number, outcome: RenderOutcome): void {
    const job = slot.job;
    if (!job || job.request.id !== id) return;
    slot.stop?.();
    slot.job = null;
    (slot.child.channel as { unref?: () => void } | undefined)?.unref?.();
    if (slot.jobs >= JOBS_PER_CHILD) {
      this.drop(slot);
      if (slot.child.connected) slot.child.disconnect();
    }
    job.settle(outcome);
    this.emit('end');
    if (!this.closed) this.dispatch();
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private kill(slot: Slot): Promise<void> {
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      slot.child.once('exit', () => resolve());
      slot.child.kill('SIGKILL');
    });
  }
}
