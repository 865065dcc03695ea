import { describe, expect, it } from 'vitest';
import { VaultError } from '../../../../src/main/vault/errors';
import { localFileErrorToVaultError } from '../../../../src/main/vault/transfers/local-file-errors';

const errno = (code: string) => Object.assign(new Error(code), { code });

describe('localFileErrorToVaultError', () => {
  it('says the disk is full for ENOSPC, and names the file', () => {
    const error = localFileErrorToVaultError(errno('ENOSPC'), '/tmp/out.bin', 'write');
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/^The disk is full: “\/tmp\/out\.bin”/),
    });
  });

  it('maps the usual file-system failures to codes a person can act on', () => {
    expect(localFileErrorToVaultError(errno('ENOENT'), 'a', 'read').code).toBe('NOT_FOUND');
    expect(localFileErrorToVaultError(errno('EACCES'), 'a', 'write').code).toBe('ACCESS_DENIED');
    expect(localFileErrorToVaultError(errno('EEXIST'), 'a', 'write').code).toBe('CONFLICT');
    expect(localFileErrorToVaultError(errno('EWHATEVER'), 'a', 'write')).toMatchObject({
      code: 'INTERNAL',
      message: '“a” could not be written (EWHATEVER).',
    });
    const vaultError = new VaultError('TAMPERED', 'x');
    expect(localFileErrorToVaultError(vaultError, 'a', 'write')).toBe(vaultError);
  });
});
