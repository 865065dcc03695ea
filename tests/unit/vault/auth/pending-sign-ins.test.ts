import { describe, expect, it, vi } from 'vitest';
import { PendingSignIns } from '../../../../src/main/vault/auth/pending-sign-ins';
import type { SignedInStep, SignInStep, TotpRequiredStep } from '../../../../src/main/vault/auth/sign-in-steps';
import { VaultError } from '../../../../src/main/vault/errors';

const signedIn: SignedInStep = {
  kind: 'signed-in',
  username: 'alice',
  tokens: { idToken: 'id', accessToken: 'access', refreshToken: 'refresh', expiresAt: new Date(0) },
};

function totpStep(expiresAt: number, respond: TotpRequiredStep['respond']): TotpRequiredStep {
  return { kind: 'totp-required', username: 'alice', expiresAt: new Date(expiresAt), respond };
}

describe('PendingSignIns', () => {
  it('gives the renderer a view without tokens, and the main process the signed-in step', () => {
    const progress = new PendingSignIns().track(signedIn);
    expect(progress.view).toEqual({ kind: 'signed-in', username: 'alice' });
    expect(progress.signedIn).toBe(signedIn);
  });

  it('answers a step by flow id, keeps it after a wrong answer, and forgets it once it led on', async () => {
    let now = 1_000;
    const respond = vi
      .fn<TotpRequiredStep['respond']>()
      .mockRejectedValueOnce(new VaultError('INVALID_INPUT', 'That code is not right.'))
      .mockResolvedValueOnce(signedIn);
    const pending = new PendingSignIns(() => now);
    const { view } = pending.track(totpStep(now + 180_000, respond));
    expect(view).toEqual({
      kind: 'totp-required',
      flowId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: 'alice',
      expiresAt: new Date(now + 180_000).toISOString(),
    });
    const flowId = (view as { flowId: string }).flowId;
    await expect(pending.respond(flowId, '000000')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(pending.size).toBe(1);
    now += 1_000;
    expect((await pending.respond(flowId, '123456')).view).toEqual({ kind: 'signed-in', username: 'alice' });
    expect(respond).toHaveBeenLastCalledWith('123456');
    expect(pending.size).toBe(0);
  });

  it('keeps the flow id through the steps of one sign-in', async () => {
    const next: SignInStep = totpStep(Date.now() + 180_000, async () => signedIn);
    const pending = new PendingSignIns();
    const first = pending.track(totpStep(Date.now() + 180_000, async () => next));
    const flowId = (first.view as { flowId: string }).flowId;
    const second = await pending.respond(flowId, '123456');
    expect(second.view).toMatchObject({ kind: 'totp-required', flowId });
  });

  it('drops expired and refused flows, and bounds how many are kept', async () => {
    let now = 0;
    const pending = new PendingSignIns(() => now, 2);
    const expiring = pending.track(totpStep(100, async () => signedIn)).view as { flowId: string };
    now = 100;
    await expect(pending.respond(expiring.flowId, '123456')).rejects.toMatchObject({
      code: 'AUTH_REQUIRED',
      message: 'This sign-in has expired; start again.',
    });

    const refused = pending.track(
      totpStep(10_000, async () => {
        throw new VaultError('AUTH_REQUIRED', 'expired');
      }),
    ).view as { flowId: string };
    await expect(pending.respond(refused.flowId, '123456')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(pending.size).toBe(0);

    const ids = [1, 2, 3].map(
      () => (pending.track(totpStep(10_000, async () => signedIn)).view as { flowId: string }).flowId,
    );
    expect(pending.size).toBe(2);
    await expect(pending.respond(ids[0]!, '123456')).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    pending.cancel(ids[2]!);
    expect(pending.size).toBe(1);
  });
});
