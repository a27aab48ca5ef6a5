import { describe, expect, it } from 'vitest';
import type { Job } from '../../core/index';
import type { Occurrence } from './handlers';
import { OccurrenceQueue, compareOccurrences } from './occurrence-queue';

const MINUTE = 60_000;
const ORIGIN = Date.UTC(2027, 0, 1);
const KINDS = ['publish', 'reminder', 'check', 'track', 'sop', 'ab'] as const;

/** Jobs are only read for id and kind by the queue; the rest of a job's shape does not matter here. */
function job(id: string, kind: (typeof KINDS)[number]): Job {
  return { id, kind } as unknown as Job;
}

function drain(queue: OccurrenceQueue, pushes: Map<number, Occurrence[]>): Occurrence[] {
  const popped: Occurrence[] = [];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    popped.push(next);
    for (const added of pushes.get(popped.length) ?? []) queue.push(added);
  }
  return popped;
}

const describeOccurrence = (occurrence: Occurrence) =>
  `${occurrence.at} ${occurrence.kind === 'job' ? `${occurrence.job.kind} ${occurrence.job.id}` : `sop-step ${occurrence.sop}/${occurrence.step}`}`;

describe('OccurrenceQueue', () => {
  it('pops planned and added occurrences in the same order as sorting them all with compareOccurrences', () => {
    let seed = 11;
    const random = (below: number) => (seed = (seed * 16807) % 2147483647) % below;
    const jobs = Array.from({ length: 300 }, (_, position) => job(`job-${random(1000)}-${position}`, KINDS[random(KINDS.length)] as (typeof KINDS)[number]));
    const instantsOf = new Map(jobs.map((each) => [each, Array.from({ length: random(6) }, () => ORIGIN + random(2000) * MINUTE)]));
    const pushes = new Map<number, Occurrence[]>();
    const added: Occurrence[] = [];
    for (let count = 0; count < 200; count++) {
      // Steps are added after the popped occurrence that starts them, never before it.
      const after = 1 + random(500);
      const step: Occurrence = { kind: 'sop-step', sop: `sop-${random(5)}`, step: `s${count}`, at: ORIGIN + (2000 + random(200)) * MINUTE };
      pushes.set(after, [...(pushes.get(after) ?? []), step]);
      added.push(step);
    }
    const queue = new OccurrenceQueue(jobs, ORIGIN, (each) => instantsOf.get(each) ?? []);
    const total = [...instantsOf.values()].reduce((sum, instants) => sum + instants.length, 0);
    expect(queue.size).toBe(total);
    const popped = drain(queue, pushes);
    const expected: Occurrence[] = [...jobs.flatMap((each) => (instantsOf.get(each) ?? []).map((at): Occurrence => ({ kind: 'job', job: each, at }))), ...added];
    expected.sort(compareOccurrences);
    expect(popped.map(describeOccurrence)).toEqual(expected.map(describeOccurrence));
    expect(queue.size).toBe(0);
  });

  it('orders one minute by kind (publish first) and then by job id, and keeps instants off the minute exact', () => {
    const jobs = [job('b', 'check'), job('a', 'check'), job('z', 'publish'), job('m', 'ab')];
    const queue = new OccurrenceQueue(jobs, ORIGIN + 30_000, (each) => (each.id === 'm' ? [ORIGIN + 90_500] : [ORIGIN + MINUTE]));
    expect(drain(queue, new Map()).map(describeOccurrence)).toEqual([
      `${ORIGIN + MINUTE} publish z`, `${ORIGIN + MINUTE} check a`, `${ORIGIN + MINUTE} check b`, `${ORIGIN + 90_500} ab m`,
    ]);
  });

  it('simulates ten years of a large plan on the minute without losing precision', () => {
    const jobs = Array.from({ length: 30_000 }, (_, position) => job(`job-${String(position).padStart(5, '0')}`, 'publish'));
    const last = ORIGIN + 10 * 365 * 24 * 60 * MINUTE;
    const queue = new OccurrenceQueue(jobs, ORIGIN, (each) => (each.id === 'job-29999' ? [last] : each.id === 'job-00000' ? [ORIGIN] : []));
    expect(drain(queue, new Map()).map(describeOccurrence)).toEqual([`${ORIGIN} publish job-00000`, `${last} publish job-29999`]);
  });
});
