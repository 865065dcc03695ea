/**
 * `s3vault status --json` as a script runs it: exit 0 while every probe is ok
 * or a warning, 1 while one is in error (the vault key disabled), with every
 * probe in the JSON; 0 again once the key is enabled.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBackend } from '../../../src/local/server';
import { runCli } from '../../support/run-cli';
import { ALICE, tempFolder } from './engine-support';
import { setKeyEnabled, startStatusBackend } from './status-support';

let backend: LocalBackend;
const home = { S3VAULT_HOME: path.join(tempFolder('status-cli'), 'home') };

interface StatusJson {
  state: string;
  probes: Array<{ id: string; name: string; state: string; reason: string; latencyMs: number; checkedAt: string }>;
}

beforeAll(async () => {
  backend = await startStatusBackend();
  const profile = path.join(tempFolder('status-cli-profile'), 'profile.json');
  writeFileSync(profile, JSON.stringify(backend.profile));
  const login = await runCli(['login', '--username', ALICE.username, '--profile', profile, '--password-stdin'], home, {
    input: `${ALICE.password}\n`,
  });
  expect(login.stderr).toBe('');
  expect(login.code).toBe(0);
});

afterAll(async () => {
  await backend?.close();
});

describe('s3vault status', () => {
  it('exits 0 with every probe when none is in error, 1 while the key is disabled', async () => {
    const healthy = await runCli(['status', '--json'], home);
    expect(healthy.stderr).toBe('');
    expect(healthy.code).toBe(0);
    const report = JSON.parse(healthy.stdout) as StatusJson;
    expect(report.state).toBe('warning'); // no MFA on this account
    expect(report.probes.map((p) => p.name)).toEqual([
      'Bucket',
      'User pool',
      'Key',
      'Credentials',
      'Share links',
      'Storage',
      'Transfers',
    ]);
    expect(report.probes.find((p) => p.id === 'transfers')).toMatchObject({ state: 'ok' });

    await setKeyEnabled(backend.profile, false);
    try {
      const broken = await runCli(['status', '--json'], home);
      expect(broken.code).toBe(1);
      const failed = JSON.parse(broken.stdout) as StatusJson;
      expect(failed.state).toBe('error');
      expect(failed.probes).toHaveLength(7);
      expect(failed.probes.find((p) => p.id === 'key')).toMatchObject({ state: 'error' });
      const text = await runCli(['status'], home);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/^ERROR +Key +The vault key is disabled/m);
    } finally {
      await setKeyEnabled(backend.profile, true);
    }
    expect((await runCli(['status', '--json'], home)).code).toBe(0);
  });

  it('exits 3 when nobody is signed in, and 2 on a usage error', async () => {
    const nobody = await runCli(['status', '--json'], { S3VAULT_HOME: tempFolder('status-cli-nobody') });
    expect(nobody.code).toBe(3);
    expect(JSON.parse(nobody.stdout)).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
    expect((await runCli(['status', '--bogus'], home)).code).toBe(2);
  });
});
