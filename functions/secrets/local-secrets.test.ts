import { describe, expect, it } from 'vitest';
import { resolveLocalSecret, secretVariableName } from './local-secrets';

describe('resolveLocalSecret', () => {
  it('reads secret:NAME from FLYWHEEL_SECRET_<NAME> and env:VAR from VAR', () => {
    const env = { FLYWHEEL_SECRET_FLYWHEEL_OPS_WEBHOOK: 'https://hook', HOOK_SIGNING: 's3cret' };
    expect(secretVariableName('flywheel/ops-webhook')).toBe('FLYWHEEL_SECRET_FLYWHEEL_OPS_WEBHOOK');
    expect(resolveLocalSecret('secret:flywheel/ops-webhook', env)).toBe('https://hook');
    expect(resolveLocalSecret('env:HOOK_SIGNING', env)).toBe('s3cret');
  });

  it('gives nothing for unset or empty variables and for anything that is not a reference', () => {
    expect(resolveLocalSecret('secret:missing', {})).toBeUndefined();
    expect(resolveLocalSecret('env:EMPTY', { EMPTY: '' })).toBeUndefined();
    expect(resolveLocalSecret('https://inline.example.com', { 'https://inline.example.com': 'x' })).toBeUndefined();
    expect(resolveLocalSecret(undefined)).toBeUndefined();
  });
});
