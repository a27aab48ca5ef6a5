import type { Rule } from '../context';
import { duplicateIdsRule } from './duplicate-ids';
import { referencesRule } from './references';
import { workspaceCountRule } from './workspace-count';

/** Every semantic rule, in reporting order. */
export const RULES: readonly Rule[] = [
  workspaceCountRule,
  duplicateIdsRule,
  referencesRule,
];
