import { CN_AD_LAW_TERMS } from './cn-ad-law';
import type { ComplianceTerm, CompliancePresetId } from './types';

export type { BrandMisspelling, ComplianceTerm, CompliancePresetId, TermMatch } from './types';
export type { BrandMatcher, BrandSpelling, TermMatcher } from './find-matches';
export { CN_AD_LAW_TERMS } from './cn-ad-law';
export {
  compileBrandMatcher, compileTermMatcher, findBrandMisspellings, findTermMatches,
} from './find-matches';

/** Built-in term lists by the id a workspace names in `compliance.presets`. */
export const PRESETS: Readonly<Record<CompliancePresetId, readonly ComplianceTerm[]>> = {
  'cn-ad-law': CN_AD_LAW_TERMS,
};
