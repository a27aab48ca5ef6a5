import type { LocalizedText, Severity } from '../diagnostics';

/** A word or phrase to flag in titles, bodies and tags, with why and what to write instead. */
export interface ComplianceTerm {
  readonly term: string;
  /** `warning` for every built-in term: the reason matters more than blocking a deploy. */
  readonly severity: Severity;
  readonly reason: LocalizedText;
  /** Neutral wording to offer as quick fixes. */
  readonly suggestions: readonly string[];
  /** Longer phrases containing `term` that are harmless; an occurrence covering a match suppresses it. */
  readonly exceptions: readonly string[];
}

/** A place where a term occurs. Offsets are UTF-16 code units into the original text; `end` is exclusive. */
export interface TermMatch {
  readonly start: number;
  readonly end: number;
  readonly term: ComplianceTerm;
}

/** A brand name written in one of its wrong forms. Offsets as in TermMatch. */
export interface BrandMisspelling {
  readonly start: number;
  readonly end: number;
  /** The form found, as listed in the spelling table. */
  readonly wrong: string;
  readonly preferred: string;
}

/** Ids of the built-in term lists a workspace can enable. */
export type CompliancePresetId = 'cn-ad-law';
