/*
 * The formats of the value types, apart from their zod schemas (values.ts): code that only
 * matches text (the metrics CSV reader in the ingest Lambda) then carries no schema library.
 */
export const ID_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const METRIC_ID_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const LOCAL_TIME_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const DURATION_PATTERN = /^[1-9]\d{0,5}[mhdw]$/;
export const CONDITION_PATTERN = /^\s*(>=|<=|==|!=|>|<|=)\s*-?\d+(\.\d+)?\s*%?\s*$/;
export const SECRET_REF_PATTERN = /^(secret:[A-Za-z0-9/_+=.@-]{1,512}|env:[A-Za-z_][A-Za-z0-9_]*)$/;
export const SCHEDULE_PATTERN = /^\s*(cron|rate|at)\s*\(.*\)\s*$/is;
export const PERCENT_PATTERN = /^\d+(\.\d+)?%$/;
