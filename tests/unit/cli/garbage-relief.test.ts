import { describe, expect, it } from 'vitest';
import { garbageRelief } from '../../../src/cli/garbage-relief';

function setup(rssBytes: number) {
  const clock = { time: 1_000 };
  const counts = { rss: 0, collections: 0 };
  const relieve = garbageRelief({
    rss: () => {
      counts.rss++;
      return rssBytes;
    },
    now: () => clock.time,
    collect: () => counts.collections++,
  });
  return { clock, counts, relieve };
}

describe('garbage relief', () => {
  it('looks at the RSS at most every 10 ms, and never collects below 160 MB', () => {
    const { clock, counts, relieve } = setup(100e6);
    for (let step = 0; step < 100; step++) {
      relieve();
      clock.time += 1;
    }
    expect(counts.rss).toBe(10);
    expect(counts.collections).toBe(0);
  });

  it('collects above 160 MB, at most every 100 ms', () => {
    const { clock, counts, relieve } = setup(170e6);
    for (let step = 0; step < 300; step++) {
      relieve();
      clock.time += 1;
    }
    expect(counts.collections).toBe(3);
    expect(counts.rss).toBe(3);
  });
});
