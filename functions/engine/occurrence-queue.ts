import type { Job } from '../../core/index';
import type { Occurrence } from './handlers';
import { MinHeap } from './min-heap';

/** At one minute, publishes go first, then reminders, checks, tracking, SOPs and A/B verdicts; SOP steps last. */
const KIND_ORDER: Record<Job['kind'] | 'sop-step', number> = { publish: 0, reminder: 1, check: 2, track: 3, sop: 4, ab: 5, 'sop-step': 6 };
const KIND_COUNT = 7;
const MINUTE_MS = 60_000;

/** The simulator's order: by instant, then kind (KIND_ORDER), then job id (or `sop/step`). */
export function compareOccurrences(left: Occurrence, right: Occurrence): number {
  if (left.at !== right.at) return left.at - right.at;
  const leftKind = left.kind === 'job' ? left.job.kind : 'sop-step';
  const rightKind = right.kind === 'job' ? right.job.kind : 'sop-step';
  if (leftKind !== rightKind) return KIND_ORDER[leftKind] - KIND_ORDER[rightKind];
  const leftId = left.kind === 'job' ? left.job.id : `${left.sop}/${left.step}`;
  const rightId = right.kind === 'job' ? right.job.id : `${right.sop}/${right.step}`;
  return leftId < rightId ? -1 : leftId > rightId ? 1 : 0;
}

/**
 * The due occurrences of a simulation, popped in compareOccurrences order. A year of a large plan
 * is hundreds of thousands of occurrences known up front: they are encoded as one number each
 * ((minutes since the start × kinds + kind) × jobs + the job's rank by id), sorted natively, and turned
 * into objects only when popped. Occurrences added while running (SOP steps) wait in a small heap
 * and are merged in.
 */
export class OccurrenceQueue {
  private readonly keys: Float64Array;
  private readonly jobsByRank: readonly Job[];
  /** How many jobs there are (at least 1): the last factor of every key. */
  private readonly rankCount: number;
  private readonly origin: number;
  /** Keys count minutes when every instant falls on a minute (they do: schedules have minute precision), else milliseconds. */
  private readonly unit: number;
  private next = 0;
  private readonly later = new MinHeap<Occurrence>(compareOccurrences);

  /** `expand` lists a job's due instants, all at or after `origin`. */
  constructor(jobs: readonly Job[], origin: number, expand: (job: Job) => readonly number[]) {
    this.origin = Math.floor(origin / MINUTE_MS) * MINUTE_MS;
    this.jobsByRank = [...jobs].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
    const expanded = this.jobsByRank.map(expand);
    const total = expanded.reduce((sum, instants) => sum + instants.length, 0);
    this.rankCount = Math.max(1, this.jobsByRank.length);
    const { rankCount } = this;
    let latest = this.origin;
    let onMinutes = true;
    for (const instants of expanded) {
      for (const at of instants) {
        if (at > latest) latest = at;
        if ((at - this.origin) % MINUTE_MS !== 0) onMinutes = false;
      }
    }
    this.unit = onMinutes ? MINUTE_MS : 1;
    if (!Number.isSafeInteger((((latest - this.origin) / this.unit) * KIND_COUNT + KIND_COUNT) * rankCount)) {
      throw new RangeError('The simulated period is too long for this plan: simulate a shorter period / 模拟时段过长, 请缩短时段');
    }
    this.keys = new Float64Array(total);
    let position = 0;
    expanded.forEach((instants, rank) => {
      const kind = KIND_ORDER[(this.jobsByRank[rank] as Job).kind];
      for (const at of instants) this.keys[position++] = (((at - this.origin) / this.unit) * KIND_COUNT + kind) * rankCount + rank;
    });
    this.keys.sort();
  }

  /** Occurrences still waiting. */
  get size(): number {
    return this.keys.length - this.next + this.later.size;
  }

  /** Adds an occurrence found while running. */
  push(occurrence: Occurrence): void {
    this.later.push(occurrence);
  }

  /** Removes and returns the first occurrence, or undefined when none is left. */
  pop(): Occurrence | undefined {
    const planned = this.peekPlanned();
    const added = this.later.peek();
    if (planned === undefined) return this.later.pop();
    if (added !== undefined && compareOccurrences(added, planned) < 0) return this.later.pop();
    this.next += 1;
    return planned;
  }

  private peekPlanned(): Occurrence | undefined {
    if (this.next >= this.keys.length) return undefined;
    const key = this.keys[this.next] as number;
    const { rankCount } = this;
    const rank = key % rankCount;
    // Exact integer steps (remainder, then an exact division), so large keys decode without rounding.
    const withKind = (key - rank) / rankCount;
    const at = ((withKind - (withKind % KIND_COUNT)) / KIND_COUNT) * this.unit + this.origin;
    return { kind: 'job', job: this.jobsByRank[rank] as Job, at };
  }
}
