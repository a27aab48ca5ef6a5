import { readFileSync } from 'node:fs';

/** A sample event from test/fixtures/events/ (e.g. `ingest-csv.json`), parsed. */
export function eventFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/events/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
