import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLocal } from './local-time';

/** What Intl itself prints for the minute, as the reference. */
const intlFormatters = new Map<string, Intl.DateTimeFormat>();
function formatWithIntl(instant: number, zone: string): string {
  let formatter = intlFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    intlFormatters.set(zone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}`;
}

// Whole-hour and half-hour DST, a 45-minute offset, the southern hemisphere, no DST, and a zone west of UTC.
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Auckland', 'UTC'];

describe('formatLocal', () => {
  it('prints the local minute Intl prints, around every DST transition of 2026-2027', () => {
    for (const zone of ZONES) {
      for (let instant = Date.UTC(2026, 0, 1); instant < Date.UTC(2028, 0, 1); instant += 30 * 60_000) {
        const expected = formatWithIntl(instant, zone);
        const actual = formatLocal(instant, zone);
        if (actual !== expected) expect({ zone, instant, actual }).toEqual({ zone, instant, actual: expected });
      }
    }
  });

  it('agrees with Intl on any instant from 1900 to 2100, to the minute and off it', () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...ZONES), (instant, zone) => {
      expect(formatLocal(instant, zone)).toBe(formatWithIntl(instant, zone));
    }), { numRuns: 3000 });
  });

  it('refuses an unknown zone', () => {
    expect(() => formatLocal(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});
