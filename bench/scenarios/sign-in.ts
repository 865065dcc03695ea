/**
 * Sign-in: `s3vault login` (SRP against the user pool, then the identity
 * pool's credentials), several times; beside it the bare process start of the
 * CLI (`s3vault --version`), which every command pays.
 */
import { login, s3vault } from '../backend';
import type { BenchContext } from '../context';

const SCENARIO = 'sign-in';

/** Measures `s3vault login` and the CLI's start, `signIns` times each, alternating. */
export async function runSignIn(ctx: BenchContext): Promise<void> {
  for (let run = 1; run <= ctx.config.signIns; run++) {
    ctx.log(`${SCENARIO} ${run}`);
    ctx.recorder.addRun(
      { scenario: SCENARIO, op: 'process start', tool: 's3vault' },
      await s3vault(ctx.vault, ['--version']),
      {
        items: 1,
      },
    );
    ctx.recorder.addRun({ scenario: SCENARIO, op: 'login (SRP)', tool: 's3vault' }, await login(ctx.vault), {
      items: 1,
    });
  }
}
