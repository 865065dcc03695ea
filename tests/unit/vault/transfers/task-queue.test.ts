import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runQueue } from '../../../../src/main/vault/transfers/task-queue';

describe('runQueue', () => {
  it('runs at most `concurrency` tasks, and at most `heavy` heavy ones, and keeps results in order', async () => {
    let running = 0;
    let heavyRunning = 0;
    let maxRunning = 0;
    let maxHeavy = 0;
    const tasks = Array.from({ length: 12 }, (_, index) => ({
      heavy: index % 3 === 0,
      run: async () => {
        running++;
        if (index % 3 === 0) heavyRunning++;
        maxRunning = Math.max(maxRunning, running);
        maxHeavy = Math.max(maxHeavy, heavyRunning);
        await sleep(5 + (index % 4));
        running--;
        if (index % 3 === 0) heavyRunning--;
        if (index === 5) throw new Error('five');
        return index;
      },
    }));
    const results = await runQueue(tasks, { concurrency: 4, heavy: 1 });
    expect(maxRunning).toBe(4);
    expect(maxHeavy).toBe(1);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : 'failed'))).toEqual([
      0,
      1,
      2,
      3,
      4,
      'failed',
      6,
      7,
      8,
      9,
      10,
      11,
    ]);
  });

  it('resolves at once for no tasks', async () => {
    expect(await runQueue([])).toEqual([]);
  });
});
