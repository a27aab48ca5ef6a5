import type { Job } from '../../core/index';
// The schedule module itself, not core's index: the tick's bundle then carries no YAML parsers or playbook schemas.
import { nextRuns, parseSchedule } from '../../core/schedule/index';

/**
 * The next minute a job is due after `after` (exclusive), or undefined when it is done for good:
 * a one-time job (publish, reminder, A/B verdict) at its `at`; a recurring one at the next run of
 * its schedule inside its [from, until) window, with AWS Scheduler semantics (core/schedule).
 */
export function nextDue(job: Job, after: number): number | undefined {
  if (job.kind === 'publish' || job.kind === 'reminder' || job.kind === 'ab') return job.at > after ? job.at : undefined;
  const parsed = parseSchedule(job.schedule);
  if (!parsed.ok) return undefined;
  const start = Math.max(after, (job.from ?? Number.NEGATIVE_INFINITY) - 1);
  const [next] = nextRuns(parsed.schedule, { after: start, zone: job.zone, count: 1, rateAnchor: job.from ?? after + 1, ...(job.until === undefined ? {} : { until: job.until - 1 }) });
  return next;
}
