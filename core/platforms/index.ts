export type {
  Confidence, CountLimit, LengthLimit, LengthUnit, PlatformId, PlatformLimits, PlatformProblem, PostContent,
  Requirement, Sourced,
} from './types';
export { PLATFORM_LIMITS } from './platform-limits';
export { measureText } from './measure-text';
export { measureXWeightedLength } from './x-weighted-length';
export { checkPostContent } from './check-post-content';
