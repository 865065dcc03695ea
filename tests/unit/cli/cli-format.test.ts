import { describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds, parseDuration } from '../../../src/cli/cli-format';

describe('cli formats', () => {
  it('parses link lifetimes', () => {
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('7d')).toBe(604_800);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('3600')).toBe(3600);
    for (const bad of ['', '0', '-5m', '1.5h', '2w', 'h']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('writes sizes and durations for people', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300.0 MiB');
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(5400)).toBe('1 h 30 min');
    expect(formatSeconds(604_800)).toBe('7 d');
  });
});
