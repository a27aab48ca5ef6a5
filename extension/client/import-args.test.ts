import { describe, expect, it } from 'vitest';
import { buildImportArgs } from './import-args';

describe('Import Metrics… arguments', () => {
  it('imports into the local store unless the status comes from AWS and the ingest URL is set', () => {
    expect(buildImportArgs(['/w/a.csv'], '/w/playbooks', 'en', { source: 'local', ingestUrl: 'https://x.lambda-url.ap-east-1.on.aws/' }))
      .toEqual({ args: ['metrics', 'import', '/w/a.csv', '--dir', '/w/playbooks', '--lang', 'en'], cloud: false });
    expect(buildImportArgs(['/w/a.csv'], '/w/playbooks', 'en', { source: 'aws', ingestUrl: '' }).cloud).toBe(false);
  });

  it('sends the rows to the ingest URL with the profile and region of the settings', () => {
    expect(buildImportArgs(['/w/a.csv', '/w/b.csv'], '/w/playbooks', 'zh-CN', { source: 'aws', ingestUrl: 'https://x.lambda-url.ap-east-1.on.aws/', profile: 'ops', region: 'ap-east-1' })).toEqual({
      args: ['metrics', 'import', '/w/a.csv', '/w/b.csv', '--to', 'https://x.lambda-url.ap-east-1.on.aws/', '--region', 'ap-east-1', '--profile', 'ops', '--lang', 'zh-CN'],
      cloud: true,
    });
  });
});
