// The sample workspace, moved to today. playbooks/ tells its story as of one fixed day
// (SAMPLE_TODAY: its metrics end the day before, its campaigns and goals sit around it), so that
// tests and the docs can rely on fixed dates. `npm start` runs a copy in which every date is moved
// by the same number of days, so that on any day the department is alive: metrics end yesterday,
// posts are still ahead, jobs are due. Only dates move; times of day, offsets, schedules and text
// stay as written.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The day the sample's story is told from (the day after its last metrics). */
export const SAMPLE_TODAY = '2026-11-26';

const DAY_MS = 86_400_000;
// A calendar date that is not part of a longer number (2027-01-20, also inside 2027-01-20T20:00:00+08:00).
const DATE = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])/g;

/** Whole days from SAMPLE_TODAY to `today` (YYYY-MM-DD). */
export function daysSinceSample(today) {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${SAMPLE_TODAY}T00:00:00Z`)) / DAY_MS);
}

/** Moves every calendar date in a text by `days`; a string that is not a real date stays as it is. */
export function shiftDates(text, days) {
  if (days === 0) return text;
  return text.replace(DATE, (match, year, month, day) => {
    const instant = Date.UTC(Number(year), Number(month) - 1, Number(day));
    const date = new Date(instant);
    // 2027-02-30 is not a date: leave it for the validator to report, as it would in playbooks/.
    if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return match;
    return new Date(instant + days * DAY_MS).toISOString().slice(0, 10);
  });
}

function listFiles(folder) {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    if (name.startsWith('.')) return [];
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * Writes `target` as a copy of `source` with its playbooks (.yaml/.yml) and metrics (.csv) moved
 * by `days`; other files (bodies, images, the schema) are copied unchanged.
 */
export function writeShiftedSample(source, target, days) {
  mkdirSync(target, { recursive: true });
  // Dot-entries and the outbox stay: the local state and the posts written live inside the workspace folder.
  for (const name of readdirSync(target)) if (!name.startsWith('.') && name !== 'outbox') rmSync(join(target, name), { recursive: true, force: true });
  for (const file of listFiles(source)) {
    const destination = join(target, relative(source, file));
    mkdirSync(join(destination, '..'), { recursive: true });
    if (/\.(ya?ml|csv)$/i.test(file)) writeFileSync(destination, shiftDates(readFileSync(file, 'utf8'), days));
    else cpSync(file, destination);
  }
}

/** The local date (YYYY-MM-DD) in a time zone. */
export function localDate(instant, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * Prepares `<home>` for today: `<home>/playbooks` is the moved copy, written afresh at every start
 * (so edits to playbooks/ show). When the day changed since the last start, the local state under
 * `<home>` starts afresh too: every job moved to new instants, and old state would only show them
 * all as changed. A restart on the same day resumes where it stopped.
 */
export function prepareSampleToday({ source, home, today }) {
  const days = daysSinceSample(today);
  const marker = join(home, 'sample-day.json');
  const previous = existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined;
  const fresh = previous?.today !== today;
  if (fresh) rmSync(home, { recursive: true, force: true });
  const workspace = join(home, 'playbooks');
  writeShiftedSample(source, workspace, days);
  writeFileSync(marker, `${JSON.stringify({ today, days, sampleToday: SAMPLE_TODAY })}\n`);
  return { workspace, days, fresh };
}
