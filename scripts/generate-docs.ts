// Writes docs/language/fields*.md from the zod schemas and docs/glossary.md from core/i18n/glossary.ts (`npm run docs`); tests fail when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FIELD_PAGES, renderFieldTables, type DocLang } from './docs/field-tables';
import { GLOSSARY_PAGE, renderGlossaryPage } from './docs/glossary-page';

const root = join(import.meta.dirname, '..');
for (const [lang, page] of Object.entries(FIELD_PAGES) as [DocLang, string][]) {
  const target = join(root, page);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, renderFieldTables(lang));
  process.stdout.write(`wrote ${page}\n`);
}
writeFileSync(join(root, GLOSSARY_PAGE), renderGlossaryPage());
process.stdout.write(`wrote ${GLOSSARY_PAGE}\n`);
