/*
 * The review of a window (复盘): what `flywheel report` prints and what a `report` step sends.
 * Plain data with raw numbers and ISO instants (the JSON contract of `flywheel report --format
 * json`); the renderers format them in the reader's language. Add fields, never rename.
 */
import type { MetricUnit } from '../metrics/index';
import type { ChartPoint } from './chart-svg';

/** A key result in the review: where it stands at the window's end, and how far it moved in the window. */
export interface ReviewKeyResult {
  readonly id: string;
  readonly title: string;
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly status: string;
  /** Its value at the window's end, and at its start (for the change in the window). */
  readonly value?: number;
  readonly valueAtStart?: number;
  readonly expected?: number;
  readonly target: number;
  readonly baseline?: number;
  readonly forecast?: number;
  /** Progress from baseline toward target (0 at the baseline, 1 at the target). */
  readonly progress?: number;
  readonly expectedProgress?: number;
  /** The latest point is older than two evaluation periods: the numbers are not current. */
  readonly stale?: boolean;
  readonly latestPointAt?: string;
  /** The chart: measured values, expected path, forecast over the goal's window. */
  readonly series?: { readonly start: string; readonly end: string; readonly actual: ChartPoint[]; readonly expected: ChartPoint[]; readonly forecast: ChartPoint[] };
}

export interface ReviewGoal {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly keyResults: ReviewKeyResult[];
}

/** A check that fired or resolved in the window, or is firing at its end. */
export interface ReviewCheck {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly condition: string;
  readonly fired: Array<{ readonly at: string; readonly value: number }>;
  readonly resolved: Array<{ readonly at: string; readonly value: number }>;
  readonly firingAtEnd: boolean;
  /** Acknowledgements by people (`flywheel ack`) in the window: who (their name), when, why. */
  readonly acknowledged?: Array<{ readonly at: string; readonly by?: string; readonly byName?: string; readonly note?: string }>;
}

/** Where a post went, named for people. */
export interface ReviewPostRef {
  readonly at: string;
  readonly campaign: string;
  readonly campaignTitle: string;
  readonly post: string;
  readonly postTitle: string;
  readonly channel: string;
  readonly channelTitle: string;
  readonly variant?: string;
}

/** A published post with its numbers to the window's end (views first: the list is ordered by views, top first). */
export interface ReviewPost extends ReviewPostRef {
  readonly numbers: Readonly<Partial<Record<ReviewPostMetric, number>>>;
}

/** The numbers shown per published post, in this order. */
export const REVIEW_POST_METRICS = ['views', 'likes', 'comments', 'shares', 'saves', 'interaction_rate'] as const;
export type ReviewPostMetric = (typeof REVIEW_POST_METRICS)[number];

/** A post that needs a person: handed off to publish by hand, failed, unconfirmed, blocked or held. */
export interface ReviewAttention extends ReviewPostRef {
  readonly outcome: 'handed-off' | 'failed' | 'unconfirmed' | 'blocked' | 'held';
  readonly reason?: string;
}

/** An A/B verdict given in the window. */
export interface ReviewAbTest {
  readonly at: string;
  readonly campaign: string;
  readonly campaignTitle: string;
  readonly post: string;
  readonly postTitle: string;
  readonly verdict: 'winner' | 'no-difference' | 'insufficient-data';
  readonly winner?: string;
  /** The winning variant's title, when it has its own. */
  readonly winnerTitle?: string;
  /** The metric that decided: engagements over views. */
  readonly metric: 'interaction_rate';
  readonly pValue?: number;
}

/** The whole review. */
export interface Review {
  readonly workspace: string;
  readonly workspaceTitle: string;
  readonly timezone: string;
  /** The window: (from, to], ISO instants. */
  readonly from: string;
  readonly to: string;
  readonly goals: ReviewGoal[];
  readonly checks: ReviewCheck[];
  readonly published: ReviewPost[];
  readonly needPerson: ReviewAttention[];
  readonly abTests: ReviewAbTest[];
}
