import type { Rule } from '../context';
import { complianceRule } from './compliance';
import { duplicateIdsRule } from './duplicate-ids';
import { fileReferencesRule } from './file-references';
import { inlineSecretsRule } from './inline-secrets';
import { keyResultsRule } from './key-results';
import { metricsRule } from './metrics';
import { notifyTargetsRule } from './notify-targets';
import { platformLimitsRule } from './platform-limits';
import { postTimingRule } from './post-timing';
import { referencesRule } from './references';
import { reviewRule } from './review';
import { schedulesRule } from './schedules';
import { sopStepsRule } from './sop-steps';
import { sourcesRule } from './sources';
import { sopTriggerRule } from './sop-trigger';
import { templatesRule } from './templates';
import { timezonesRule } from './timezones';
import { variantsRule } from './variants';
import { windowsRule } from './windows';
import { workspaceCountRule } from './workspace-count';

/** Every semantic rule, in reporting order. */
export const RULES: readonly Rule[] = [
  workspaceCountRule,
  duplicateIdsRule,
  referencesRule,
  postTimingRule,
  timezonesRule,
  schedulesRule,
  sourcesRule,
  windowsRule,
  sopTriggerRule,
  sopStepsRule,
  notifyTargetsRule,
  keyResultsRule,
  metricsRule,
  fileReferencesRule,
  inlineSecretsRule,
  platformLimitsRule,
  complianceRule,
  reviewRule,
  templatesRule,
  variantsRule,
];
