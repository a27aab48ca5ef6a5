import type { LocalizedText } from '../diagnostics';
import type { PLATFORMS } from '../schema/workspace';

/** A platform a channel publishes to; derived from the schema so the limit table must cover every one. */
export type PlatformId = (typeof PLATFORMS)[number];

/**
 * How a platform counts text length.
 * - `characters`: Unicode code points (an emoji like 👍 is 1, a flag is 2).
 * - `graphemes`: user-perceived characters (Intl.Segmenter), as Bluesky counts.
 * - `x-weighted`: X's weighted count from twitter-text's v3 config (CJK and emoji count 2, URLs 23).
 * - `utf8-bytes`: bytes of the UTF-8 encoding (a Chinese character is 3).
 */
export type LengthUnit = 'characters' | 'graphemes' | 'x-weighted' | 'utf8-bytes';

/** `official`: the platform's own docs or library; `community`: tools, blogs, reverse-engineered API notes. */
export type Confidence = 'official' | 'community';

/** Where a fact comes from. Every number and requirement in the table carries one. */
export interface Sourced {
  /** URL of the page or file that states the fact. */
  readonly source: string;
  readonly confidence: Confidence;
  /** Disagreeing sources, alternative readings and caveats. */
  readonly note?: string;
}

/** A maximum length of a piece of text, in one unit. */
export interface LengthLimit extends Sourced {
  readonly max: number;
  readonly unit: LengthUnit;
}

/** A maximum count (tags, images). */
export interface CountLimit extends Sourced {
  readonly max: number;
}

/** Something a post must have (a cover, a video, alt text). */
export type Requirement = Sourced;

/**
 * Content limits of one platform. A field left out means no limit could be sourced, or the
 * platform has none; `gaps` says which limits were looked for and not found.
 */
export interface PlatformLimits {
  readonly name: LocalizedText;
  /** Every limit applies; a field can have several (characters and bytes, say). */
  readonly title?: readonly LengthLimit[];
  readonly body?: readonly LengthLimit[];
  readonly tagCount?: CountLimit;
  /** Applies to each tag on its own. */
  readonly tagLength?: readonly LengthLimit[];
  readonly coverRequired?: Requirement;
  readonly videoRequired?: Requirement;
  /** At least one image or one video. */
  readonly imageOrVideoRequired?: Requirement;
  readonly maxImages?: CountLimit;
  readonly altTextRequired?: Requirement;
  /** Limits that were searched for and could not be sourced, in plain English for LIMITS.md. */
  readonly gaps: readonly string[];
}

/** The fields of a post that the content checker looks at. */
export interface PostContent {
  readonly title?: string;
  readonly body?: string;
  readonly tags?: readonly string[];
  /** Whether a cover image is set. */
  readonly cover?: boolean;
  readonly images: number;
  readonly videos: number;
  readonly imagesWithoutAlt: number;
}

/** One way a post breaks its platform's limits. */
export interface PlatformProblem {
  readonly field: 'title' | 'body' | 'tags' | 'media' | 'cover';
  /** Index into `tags` when one tag is at fault. */
  readonly tagIndex?: number;
  /** `error` when the limit is from the platform's own docs, `warning` when it is community-sourced. */
  readonly severity: 'error' | 'warning';
  /** What to do first, then what the post has and the rule; no URL. */
  readonly message: LocalizedText;
  /** URL of the page that states the rule (shown as a link, or after the message in a terminal). */
  readonly source: string;
}
