import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateJsonSchema } from '../core/index';

const PLAYBOOKS = join(import.meta.dirname, '..', 'playbooks');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

describe('playbooks/flywheel.schema.json', () => {
  it('matches the zod schemas', () => {
    const committed = JSON.parse(readFileSync(join(PLAYBOOKS, 'flywheel.schema.json'), 'utf8'));
    expect(committed, 'playbooks/flywheel.schema.json is stale: run `npm run schema` and commit the result').toEqual(generateJsonSchema());
  });

  it('describes every property in English and Chinese, so editors can show hover text', () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${path}[${index}]`));
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.properties && typeof record.properties === 'object') {
          for (const [key, value] of Object.entries(record.properties as Record<string, Record<string, unknown>>)) {
            if (key === 'kind') continue;
            const description = value.description;
            if (typeof description !== 'string' || !/[a-z]/i.test(description) || !/[\u4e00-\u9fff]/.test(description)) missing.push(`${path}.${key}`);
          }
        }
        for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`);
      }
    };
    visit(generateJsonSchema(), '$');
    expect(missing).toEqual([]);
  });

  it('is referenced by a modeline in every sample playbook', () => {
    for (const file of yamlFiles(PLAYBOOKS)) {
      const firstLine = readFileSync(file, 'utf8').split('\n')[0] ?? '';
      const expected = relative(join(file, '..'), join(PLAYBOOKS, 'flywheel.schema.json')).split('\\').join('/');
      expect(firstLine.replace('$schema=./', '$schema='), file).toBe(`# yaml-language-server: $schema=${expected}`);
    }
  });
});
