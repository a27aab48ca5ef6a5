import { text, type LocalizedText } from '../diagnostics';
import { getDaysInMonth } from '../schedule/calendar';

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Reads a metric point's time: ISO 8601 with an offset (`2026-10-01T09:00:00+08:00`, `...Z`),
 * naming a real calendar time, from 1970 on (the store keeps epoch milliseconds), to the
 * millisecond. Returns epoch ms or what is wrong. Date.parse is not used: it turns 30 February
 * into 2 March.
 */
export function readInstant(written: string): number | LocalizedText {
  const match = INSTANT.exec(written);
  if (!match) {
    return text(`"${written}" is not an ISO 8601 time with an offset, e.g. 2026-10-01T09:00:00+08:00.`, `“${written}”不是带时区偏移的 ISO 8601 时间，例如 2026-10-01T09:00:00+08:00。`);
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((group) => Number(match[group] ?? 0)) as [number, number, number, number, number, number];
  const fraction = match[7] ?? '';
  const daysInMonth = getDaysInMonth(year, month);
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (month < 1 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return text(`"${written}" is not a real date and time.`, `“${written}”不是真实存在的日期时间。`);
  }
  if (/[1-9]/.test(fraction.slice(3))) {
    return text(`"${written}" is finer than a millisecond, which the store keeps at most.`, `“${written}”精确到毫秒以下，存储最多精确到毫秒。`);
  }
  const before1970 = text(`"${written}" is before 1970-01-01T00:00:00Z, the earliest time the store keeps.`, `“${written}”早于 1970-01-01T00:00:00Z，存储无法保存更早的时间。`);
  // Checked before Date.UTC, which reads years 0-99 as 1900-1999; 1969 with a negative offset can still be 1970 in UTC.
  if (year < 1969) return before1970;
  const offset = match[8] === 'Z' ? 0 : (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction.slice(0, 3).padEnd(3, '0'))) - offset;
  if (instant < 0) return before1970;
  return instant;
}
