import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { resolvePlaybooksDir } from './playbooks-folder';

it('finds the playbooks: the setting first, then playbooks/, then the workspace folder itself', () => {
  const repository = mkdtempSync(join(tmpdir(), 'flywheel-folder-'));
  mkdirSync(join(repository, 'playbooks'));
  const bare = mkdtempSync(join(tmpdir(), 'flywheel-folder-'));

  expect(resolvePlaybooksDir(repository, '')).toBe(join(repository, 'playbooks'));
  expect(resolvePlaybooksDir(bare, '')).toBe(bare);
  expect(resolvePlaybooksDir(repository, 'ops/playbooks')).toBe(join(repository, 'ops', 'playbooks'));
  expect(resolvePlaybooksDir(repository, '/srv/playbooks')).toBe('/srv/playbooks');
  expect(resolvePlaybooksDir(undefined, '')).toBeUndefined();
  expect(resolvePlaybooksDir(undefined, 'playbooks')).toBeUndefined();
});
