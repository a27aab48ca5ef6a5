export { formatCondition, formatMetricValue } from './metric-value';
export type { FormatOptions } from './metric-value';
export { formatDuration } from './duration';
export { createNameBook, listKpiChecks } from './names';
export type { NameBook } from './names';
export { workspaceLanguage } from './language';
