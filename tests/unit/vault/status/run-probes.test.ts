import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../../src/main/vault/errors';
import { runProbes } from '../../../../src/main/vault/status/run-probes';

describe('runProbes', () => {
  it('runs probes side by side, turns throws and timeouts into errors, and never throws', async () => {
    let aborted = false;
    const started = performance.now();
    const results = await runProbes(
      [
        { id: 'a', name: 'Fine', run: async () => ({ state: 'ok', reason: 'Fine.' }) },
        {
          id: 'b',
          name: 'Hangs',
          run: ({ signal }) =>
            new Promise((resolve) =>
              signal.addEventListener('abort', () => ((aborted = true), resolve({ state: 'ok', reason: '' }))),
            ),
        },
        {
          id: 'c',
          name: 'Throws',
          run: async () => {
            throw new VaultError('NETWORK', 'Could not reach Amazon S3.');
          },
        },
        { id: 'd', name: 'Bug', run: () => Promise.reject(new Error('boom')) },
        {
          id: 'e',
          name: 'Slow',
          run: () => new Promise((resolve) => setTimeout(() => resolve({ state: 'ok', reason: 'Late.' }), 50)),
        },
      ],
      { timeoutMs: 200, now: () => Date.UTC(2026, 0, 1) },
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results.map((r) => [r.id, r.state])).toEqual([
      ['a', 'ok'],
      ['b', 'error'],
      ['c', 'error'],
      ['d', 'error'],
      ['e', 'ok'],
    ]);
    expect(results[1]!.reason).toBe('Hangs did not answer within 0.2 s.');
    expect(aborted).toBe(true);
    expect(results[2]!.reason).toBe('Could not reach Amazon S3.');
    expect(results[3]!.reason).toMatch(/boom/);
    expect(results[0]!.checkedAt).toBe('2026-01-01T00:00:00.000Z');
  });
});
