import {
  getLocalCryptographicMaterialsCache,
  NodeCachingMaterialsManager,
  type KeyringNode,
  type NodeAlgorithmSuite,
  type NodeMaterialsManager,
} from '@aws-crypto/client-node';

/**
 * How far one KMS data key is reused, by the Encryption SDK's caching
 * materials manager: for files of at most 1 MiB (larger ones get a data key
 * each), within 5 minutes, for at most 1,000 messages and 64 MiB of
 * plaintext, whichever comes first. A batch of small files then costs about
 * one KMS call per 1,000 files (plus one per file in flight while the first
 * key is being made) instead of one per file: measured here, a
 * GenerateDataKey costs 1.4 ms of client CPU and 0.7 ms of backend CPU, more
 * than encrypting a 16 KiB file.
 *
 * Each message still has its own encryption key: the committing suite derives
 * it from the data key and the message's random 256-bit id (HKDF-SHA512), so
 * no key and nonce pair repeats. What reuse changes is the blast radius of one
 * leaked data key (the small files it covered) and the KMS audit trail (one
 * GenerateDataKey or Decrypt per group of files, not per file).
 */
export const DATA_KEY_REUSE = {
  maxFileBytes: 1024 * 1024,
  maxAgeMs: 5 * 60 * 1000,
  maxMessages: 1000,
  maxBytes: 64 * 1024 * 1024,
  /** Data keys kept at once (encrypt and decrypt together; least recently used go first). */
  capacity: 100,
} as const;

/** The SDK's local cache (its interface type is not exported by client-node). */
type MaterialsCache = ReturnType<typeof getLocalCryptographicMaterialsCache<NodeAlgorithmSuite>>;

/** Caching materials over a keyring, handing the SDK a manager per message. */
export interface DataKeyReuse {
  /**
   * The materials manager for one message of `plaintextLength` bytes: a fresh
   * data key when the length is unknown or above maxFileBytes. Decrypting
   * (any length) reuses data keys already decrypted.
   */
  forPlaintext(plaintextLength: number | undefined): NodeMaterialsManager;
  /** Forgets (and zeroes) every cached data key: the session is over. */
  close(): void;
}

export function cachingMaterials(keyring: KeyringNode): DataKeyReuse {
  const cache = forgettableCache(getLocalCryptographicMaterialsCache<NodeAlgorithmSuite>(DATA_KEY_REUSE.capacity));
  const caching = new NodeCachingMaterialsManager({
    backingMaterials: keyring,
    cache,
    maxAge: DATA_KEY_REUSE.maxAgeMs,
    maxMessagesEncrypted: DATA_KEY_REUSE.maxMessages,
    maxBytesEncrypted: DATA_KEY_REUSE.maxBytes,
  });
  return {
    forPlaintext(plaintextLength) {
      // Without a length the SDK's cache passes the request through (it cannot count the bytes).
      if (plaintextLength === undefined || plaintextLength > DATA_KEY_REUSE.maxFileBytes) return caching;
      // The length is told to the cache, not to the encrypt stream: SDK 5.0.2's
      // stream miscounts it when a chunk crosses a frame boundary (file-cipher.ts).
      return {
        getEncryptionMaterials: (request) => caching.getEncryptionMaterials({ ...request, plaintextLength }),
        decryptMaterials: (request) => caching.decryptMaterials(request),
      };
    },
    close: cache.forgetAll,
  };
}

/**
 * The SDK's cache, also remembering which entries it holds, so they can all
 * be deleted at once (its `dispose` zeroes each data key) when the session ends
 * rather than when its minute-by-minute pruning gets to them.
 */
function forgettableCache(cache: MaterialsCache): MaterialsCache & { forgetAll(): void } {
  const keys = new Set<string>();
  return {
    // The SDK's cache is a plain object of functions: the rest pass through.
    ...cache,
    putEncryptionMaterial(key, material, plaintextLength, maxAge) {
      keys.add(key);
      cache.putEncryptionMaterial(key, material, plaintextLength, maxAge);
    },
    putDecryptionMaterial(key, material, maxAge) {
      keys.add(key);
      cache.putDecryptionMaterial(key, material, maxAge);
    },
    del(key) {
      keys.delete(key);
      cache.del(key);
    },
    forgetAll() {
      for (const key of keys) cache.del(key);
      keys.clear();
    },
  };
}
