import { randomBytes } from 'node:crypto';
import { AwsJsonError } from '../core/http';
import { CiphertextBlobError, openBlob, readBlobHeader, sealBlob } from './ciphertext-blob';
import { readEncryptionContext, type EncryptionContext } from './encryption-context';
import type { KmsCall, KmsOperation } from './kms-call';
import { invalidCiphertext, validation } from './kms-errors';
import type { KmsKey } from './key-store';
import { requireUsable } from './key-usability';
import { optionalInteger, optionalString, requiredBlob, requiredString } from './request-fields';

/** KMS limits: Encrypt takes at most 4 KiB, ciphertext blobs are at most 6 KiB. */
const MAX_PLAINTEXT_BYTES = 4096;
const MAX_CIPHERTEXT_BYTES = 6144;
const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';

function checkAlgorithm(call: KmsCall, field: string): void {
  const algorithm = optionalString(call.input, field);
  if (algorithm !== undefined && algorithm !== SYMMETRIC_DEFAULT) {
    throw new AwsJsonError('InvalidKeyUsageException', `${algorithm} is not supported for a SYMMETRIC_DEFAULT key.`);
  }
}

/** The data key length from KeySpec or NumberOfBytes: exactly one of them, as KMS requires. */
function dataKeyLength(call: KmsCall): number {
  const spec = optionalString(call.input, 'KeySpec');
  const bytes = optionalInteger(call.input, 'NumberOfBytes', 1, 1024);
  if (spec !== undefined && bytes !== undefined) throw validation('Please specify either number of bytes or key spec.');
  if (spec === 'AES_256') return 32;
  if (spec === 'AES_128') return 16;
  if (spec !== undefined) {
    throw validation(
      `1 validation error detected: Value '${spec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`,
    );
  }
  if (bytes === undefined) throw validation('Please specify either number of bytes or key spec.');
  return bytes;
}

function usableKey(call: KmsCall, action: string, context: EncryptionContext): KmsKey {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  call.authorize(action, key, context);
  requireUsable(key);
  return key;
}

function generate(call: KmsCall, action: string): { key: KmsKey; plaintext: Buffer; blob: Buffer } {
  const context = readEncryptionContext(call.input, 'EncryptionContext');
  const length = dataKeyLength(call);
  const key = usableKey(call, action, context);
  const plaintext = randomBytes(length);
  return { key, plaintext, blob: sealBlob(key.keyId, call.keys.materialOf(key), plaintext, context) };
}

/**
 * Opens a blob for Decrypt or ReEncrypt: the key comes from the blob, the
 * caller is authorized on it before any decryption is tried (so an outsider
 * learns nothing from the answer), and every failure after parsing is the
 * same InvalidCiphertextException.
 */
function openCiphertext(
  call: KmsCall,
  action: string,
  fields: { blob: string; context: string; keyId: string },
): { key: KmsKey; plaintext: Buffer } {
  const blob = requiredBlob(call.input, fields.blob, MAX_CIPHERTEXT_BYTES);
  const context = readEncryptionContext(call.input, fields.context);
  const requested = optionalString(call.input, fields.keyId);
  let keyId: string;
  try {
    keyId = readBlobHeader(blob).keyId;
  } catch {
    throw invalidCiphertext();
  }
  const key = call.keys.find(keyId);
  if (!key) throw invalidCiphertext();
  if (requested !== undefined && call.keys.resolve(requested).keyId !== key.keyId) {
    throw new AwsJsonError(
      'IncorrectKeyException',
      'The key ID in the request does not identify a KMS key that can perform this operation.',
    );
  }
  call.authorize(action, key, context);
  requireUsable(key);
  try {
    return { key, plaintext: openBlob(blob, call.keys.materialOf(key), context) };
  } catch (error) {
    if (error instanceof CiphertextBlobError) throw invalidCiphertext();
    throw error;
  }
}

export const GenerateDataKey: KmsOperation = (call) => {
  const { key, plaintext, blob } = generate(call, 'kms:GenerateDataKey');
  return { KeyId: key.arn, Plaintext: plaintext.toString('base64'), CiphertextBlob: blob.toString('base64') };
};

export const GenerateDataKeyWithoutPlaintext: KmsOperation = (call) => {
  const { key, blob } = generate(call, 'kms:GenerateDataKeyWithoutPlaintext');
  return { KeyId: key.arn, CiphertextBlob: blob.toString('base64') };
};

export const Encrypt: KmsOperation = (call) => {
  checkAlgorithm(call, 'EncryptionAlgorithm');
  const plaintext = requiredBlob(call.input, 'Plaintext', MAX_PLAINTEXT_BYTES);
  const context = readEncryptionContext(call.input, 'EncryptionContext');
  const key = usableKey(call, 'kms:Encrypt', context);
  return {
    KeyId: key.arn,
    CiphertextBlob: sealBlob(key.keyId, call.keys.materialOf(key), plaintext, context).toString('base64'),
    EncryptionAlgorithm: SYMMETRIC_DEFAULT,
  };
};

export const Decrypt: KmsOperation = (call) => {
  checkAlgorithm(call, 'EncryptionAlgorithm');
  const { key, plaintext } = openCiphertext(call, 'kms:Decrypt', {
    blob: 'CiphertextBlob',
    context: 'EncryptionContext',
    keyId: 'KeyId',
  });
  return { KeyId: key.arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: SYMMETRIC_DEFAULT };
};

/** ReEncrypt needs kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination key. */
export const ReEncrypt: KmsOperation = (call) => {
  checkAlgorithm(call, 'SourceEncryptionAlgorithm');
  checkAlgorithm(call, 'DestinationEncryptionAlgorithm');
  const destinationContext = readEncryptionContext(call.input, 'DestinationEncryptionContext');
  const destination = call.keys.resolve(requiredString(call.input, 'DestinationKeyId'));
  const source = openCiphertext(call, 'kms:ReEncryptFrom', {
    blob: 'CiphertextBlob',
    context: 'SourceEncryptionContext',
    keyId: 'SourceKeyId',
  });
  call.authorize('kms:ReEncryptTo', destination, destinationContext);
  requireUsable(destination);
  const blob = sealBlob(destination.keyId, call.keys.materialOf(destination), source.plaintext, destinationContext);
  return {
    CiphertextBlob: blob.toString('base64'),
    SourceKeyId: source.key.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: SYMMETRIC_DEFAULT,
    DestinationEncryptionAlgorithm: SYMMETRIC_DEFAULT,
  };
};
