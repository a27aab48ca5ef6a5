// Writes docs/language/fields*.md from the zod schemas (`npm run docs`); test/docs.test.ts fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIELD_PAGES, renderFieldTables, type DocLang } from './docs/field-tables';

const root = join(import.meta.dirname, '..');
for (const [lang, page] of Object.entries(FIELD_PAGES) as [DocLang, string][]) {
  const target = join(root, page);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, renderFieldTables(lang));
  process.stdout.write(`wrote ${page}\n`);
}
