import { describe, expect, it } from 'vitest';
import { classifyRequestError } from './http';

/** A system error as Node raises it, wrapped the way fetch (undici) wraps it. */
function fetchFailure(code: string, syscall: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`${syscall} ${code} 127.0.0.1:8443`), { code, syscall, errno: -104 }) });
}

describe('classifyRequestError', () => {
  it('retries what provably never left: refused, unresolved, or failed inside connect', () => {
    expect(classifyRequestError(fetchFailure('ECONNREFUSED', 'connect'), false, 1000).kind).toBe('transient');
    expect(classifyRequestError(fetchFailure('ENOTFOUND', 'getaddrinfo'), false, 1000).kind).toBe('transient');
    const reset = classifyRequestError(fetchFailure('ECONNRESET', 'connect'), false, 1000);
    expect(reset).toEqual({ kind: 'transient', reason: expect.stringMatching(/^Could not connect \(TypeError: fetch failed.*ECONNRESET/) });
  });

  it('calls a reset or a silence after connecting unknown: the platform may have the post', () => {
    expect(classifyRequestError(fetchFailure('ECONNRESET', 'read'), false, 1000)).toEqual({ kind: 'unknown', reason: expect.stringContaining('the platform may have accepted the post') });
    expect(classifyRequestError(new TypeError('fetch failed', { cause: new Error('other side closed') }), false, 1000).kind).toBe('unknown');
    expect(classifyRequestError(fetchFailure('ECONNRESET', 'connect'), true, 1000)).toEqual({ kind: 'unknown', reason: 'No answer within 1000 ms; the platform may have accepted the post' });
    // A connect error next to one raised later in the same chain is not proof.
    const mixed = new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('a'), { code: 'ECONNRESET', syscall: 'connect' }), Object.assign(new Error('b'), { code: 'ECONNRESET', syscall: 'write' })]) });
    expect(classifyRequestError(mixed, false, 1000).kind).toBe('unknown');
  });
});
