import { parseArgs } from 'node:util';
import { signIn } from '../../main/vault/auth/sign-in';
import type { SignedInStep, SignInStep } from '../../main/vault/auth/sign-in-steps';
import { createVaultSession } from '../../main/vault/credentials/create-vault-session';
import { VaultError } from '../../main/vault/errors';
import { CliVaultError, parseUsage, reportErrors } from '../cli-errors';
import { loadProfileFile } from '../profile-file';
import { linePrompter, terminalPrompter, type Prompter } from '../prompt';
import { FileSessionStore, s3vaultHome } from '../session-file';

/** A person at a terminal may retype a wrong code or a rejected password this many times. */
const INTERACTIVE_ATTEMPTS = 3;

const CODE_QUESTION = 'Code from your authenticator app';

/**
 * `s3vault login --username NAME [--password-stdin] [--profile FILE] [--code CODE] [--json]`
 *
 * Signs in (SRP: the password never leaves the machine) and remembers the
 * session in $S3VAULT_HOME/session.json. Answers come from the terminal, or
 * with --password-stdin from stdin, one per line in the order asked: the
 * password; then, if the account has a temporary password, the new one; then,
 * if the vault asks for an authenticator (TOTP) code and --code is not given,
 * the code. For a first-time authenticator set-up the otpauth:// URI is
 * printed on stderr before the code is read.
 */
export async function loginCommand(args: string[]): Promise<void> {
  const { values } = parseUsage(() =>
    parseArgs({
      args,
      options: {
        username: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        profile: { type: 'string' },
        code: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }),
  );
  await reportErrors(values.json, async () => {
    if (!values.username) throw new CliVaultError('INVALID_INPUT', '--username NAME is required.');
    const profile = await loadProfileFile(values.profile);
    let prompter: Prompter;
    if (values['password-stdin']) prompter = linePrompter();
    else if (process.stdin.isTTY) prompter = terminalPrompter();
    else {
      throw new CliVaultError(
        'INVALID_INPUT',
        'no password: pipe it to stdin with --password-stdin, or run s3vault login in a terminal.',
      );
    }

    try {
      const password = await prompter.ask('Password', { secret: true });
      let step = await signIn(profile, values.username, password);
      let code = values.code;
      while (step.kind !== 'signed-in') {
        step = await answer(step, prompter, code);
        code = undefined; // --code answers the first code question only.
      }
      await remember(step, profile, values.json);
    } finally {
      prompter.close();
    }
  });
}

/** Answers one pending step, asking again after a wrong answer when a person is typing. */
async function answer(
  step: Exclude<SignInStep, SignedInStep>,
  prompter: Prompter,
  code: string | undefined,
): Promise<SignInStep> {
  switch (step.kind) {
    case 'new-password-required':
      console.error(
        prompter.interactive
          ? 'Your password is temporary: choose a new one.'
          : 'This account has a temporary password: reading the new password from the next line of stdin.',
      );
      return retrying(prompter, async () => {
        const next = await prompter.ask('New password', { secret: true });
        if (prompter.interactive && (await prompter.ask('Repeat the new password', { secret: true })) !== next) {
          throw new VaultError('INVALID_INPUT', 'The two passwords differ.');
        }
        return step.respond(next);
      });
    case 'totp-required':
      return retrying(prompter, async () => {
        const given = code ?? (await prompter.ask(CODE_QUESTION));
        code = undefined;
        return step.respond(given);
      });
    case 'totp-setup-required':
      console.error(
        [
          'This vault requires an authenticator app (TOTP). Add this account to yours:',
          `  ${step.otpauthUri}`,
          `  (or type the key: ${step.secretCode})`,
          'then give the code it shows.',
        ].join('\n'),
      );
      return retrying(prompter, async () => step.respond(await prompter.ask(CODE_QUESTION)));
  }
}

async function retrying(prompter: Prompter, attempt: () => Promise<SignInStep>): Promise<SignInStep> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      const retry =
        prompter.interactive &&
        tries < INTERACTIVE_ATTEMPTS &&
        error instanceof VaultError &&
        error.code === 'INVALID_INPUT';
      if (!retry) throw error;
      console.error((error as VaultError).message);
    }
  }
}

/** Checks vault access (first credentials), then saves the session. */
async function remember(
  step: SignedInStep,
  profile: Parameters<typeof createVaultSession>[0],
  json: boolean,
): Promise<void> {
  const session = await createVaultSession(profile, step.tokens);
  try {
    const store = new FileSessionStore(s3vaultHome());
    const { refreshToken } = await session.tokens();
    await store.save({
      version: 1,
      profile,
      username: session.username,
      refreshToken,
      identityId: session.identityId,
      signedInAt: new Date().toISOString(),
    });
    const credentials = await session.currentCredentials();
    if (json) {
      console.log(
        JSON.stringify({
          username: session.username,
          identityId: session.identityId,
          isAdmin: session.isAdmin,
          expiration: credentials.expiration.toISOString(),
        }),
      );
    } else {
      console.log(
        `signed in as ${session.username}${session.isAdmin ? ' (vault admin)' : ''}; session saved in ${store.file}`,
      );
    }
  } finally {
    session.close();
  }
}
