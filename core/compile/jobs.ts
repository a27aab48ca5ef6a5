import type { PlatformId } from '../platforms/index';

/** Where a job came from, so the plan and the runner can say it in words. */
interface JobBase {
  /** Deterministic id: the same playbooks always compile to the same ids. */
  readonly id: string;
  /** Hash of everything that matters for running the job: a changed hash is a `~` in the plan. */
  readonly hash: string;
  /** The playbook file that defines it (workspace-relative). */
  readonly file: string;
}

/** Publish one version of one post to one channel at one instant. */
export interface PublishJob extends JobBase {
  readonly kind: 'publish';
  readonly campaign: string;
  readonly post: string;
  readonly channel: string;
  readonly platform: PlatformId;
  readonly variant?: string;
  /** The variant's share of the audience (0-1); 1 without variants. */
  readonly share: number;
  /** UTC instant (epoch ms) of the scheduled minute. */
  readonly at: number;
  /** The local time and zone it was written in. */
  readonly local: string;
  readonly zone: string;
  /** With review required, the people who approved it (empty: it will be blocked). */
  readonly approved: boolean;
  readonly reviewRequired: boolean;
}

/** Remind the owner that a post needing review is not approved yet. */
export interface ReminderJob extends JobBase {
  readonly kind: 'reminder';
  readonly campaign: string;
  readonly post: string;
  readonly at: number;
  readonly local: string;
  readonly zone: string;
  /** When the post itself is due. */
  readonly postAt: number;
  readonly notify: readonly string[];
}

/** A recurring job: a check, goal tracking, or a scheduled SOP. */
export interface RecurringJob extends JobBase {
  readonly kind: 'check' | 'track' | 'sop';
  /** The Check, Goal or SOP name; for campaign KPIs, `<campaign>/kpi-<n>`. */
  readonly target: string;
  readonly schedule: string;
  readonly zone: string;
  /** Active from this instant (inclusive), e.g. a campaign window's start; undefined: always. */
  readonly from?: number;
  /** Active until this instant (exclusive). */
  readonly until?: number;
}

/** Decide an A/B test of a post's variants when its campaign window closes. */
export interface AbJob extends JobBase {
  readonly kind: 'ab';
  readonly campaign: string;
  readonly post: string;
  readonly variants: readonly string[];
  /** The campaign window the results are read over: [from, at). */
  readonly from: number;
  readonly at: number;
}

export type Job = PublishJob | ReminderJob | RecurringJob | AbJob;

/** The compiled plan: every job the playbooks ask for, sorted by id. */
export interface Plan {
  readonly workspace: string;
  readonly timezone: string;
  readonly jobs: readonly Job[];
}
