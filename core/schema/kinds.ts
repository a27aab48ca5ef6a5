/** The playbook language's version, as `apiVersion` states it. */
export const API_VERSION = 'flywheel/v1';
/** The kinds of playbook document. A module of its own: code that only names kinds need not build the zod schemas. */
export const KINDS = ['Workspace', 'Campaign', 'SOP', 'Goal', 'Check'] as const;
export type Kind = (typeof KINDS)[number];
