// Measures Encryption SDK throughput at several frame lengths, to choose the
// default frame length of src/main/vault/crypto/file-cipher.ts by measurement.
//
//   node tests/bench/frame-length.mjs [MiB=256] [runs=3] [chunkKiB=64]
//
// Encrypts MiB of random bytes fed in chunkKiB chunks (64 KiB is what
// fs.createReadStream gives; the ciphertext is fed back in the same size), with a RawAesKeyringNode so no KMS round trip is timed, then
// decrypts the result with decryptUnsignedMessageStream. Prints MB/s
// (10^6 bytes per second of plaintext), best of `runs`, one line per frame
// length, then the same figures as JSON.
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  buildClient,
} from '@aws-crypto/client-node';

const MIB = 1024 * 1024;
const totalMiB = Number(process.argv[2] ?? 256);
const runs = Number(process.argv[3] ?? 3);
const frameLengths = [4, 16, 64, 128, 256, 1024].map((kib) => kib * 1024);
const chunkSize = Number(process.argv[4] ?? 64) * 1024;

const { encryptStream, decryptUnsignedMessageStream } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const keyring = new RawAesKeyringNode({
  keyName: 'bench',
  keyNamespace: 's3vault-bench',
  unencryptedMasterKey: randomBytes(32),
  wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
});
const context = { vault: 'bench', owner: 'bench', file: 'bench' };
// One random 64 KiB block, reused: AES-GCM's speed does not depend on the data.
const block = randomBytes(chunkSize);
const total = totalMiB * MIB;

function source() {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return this.push(null);
      sent += chunkSize;
      this.push(block);
    },
  });
}

/** A sink that keeps the ciphertext (for the decrypt pass) or only counts it. */
function sink(keep) {
  const parts = [];
  let bytes = 0;
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      bytes += chunk.length;
      if (keep) parts.push(chunk);
      callback();
    },
  });
  return { stream, bytes: () => bytes, parts };
}

/** Replays the ciphertext in chunkSize pieces, as a download would deliver it. */
function ciphertextSource(parts) {
  const all = Buffer.concat(parts);
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= all.length) return this.push(null);
      this.push(all.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);

const results = [];
for (const frameLength of frameLengths) {
  let bestEncrypt = 0;
  let bestDecrypt = 0;
  let ciphertextBytes = 0;
  for (let run = 0; run < runs; run++) {
    const out = sink(true);
    const encryptStart = performance.now();
    await pipeline(
      source(),
      encryptStream(keyring, {
        suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
        encryptionContext: context,
        frameLength,
        // No plaintextLength: 5.0.2 counts a chunk's tail twice when a chunk
        // crosses a frame boundary and then fails (see file-cipher.ts).
      }),
      out.stream,
    );
    bestEncrypt = Math.max(bestEncrypt, mbps(total, performance.now() - encryptStart));
    ciphertextBytes = out.bytes();

    const plain = sink(false);
    const decryptStart = performance.now();
    await pipeline(
      ciphertextSource(out.parts),
      decryptUnsignedMessageStream(keyring, { maxBodySize: frameLength }),
      plain.stream,
    );
    bestDecrypt = Math.max(bestDecrypt, mbps(total, performance.now() - decryptStart));
    if (plain.bytes() !== total) throw new Error(`decrypted ${plain.bytes()} bytes of ${total}`);
  }
  const overhead = ((ciphertextBytes - total) / total) * 100;
  results.push({
    frameLength,
    encryptMBps: Math.round(bestEncrypt),
    decryptMBps: Math.round(bestDecrypt),
    overheadPercent: Number(overhead.toFixed(3)),
  });
  process.stdout.write(
    `frame ${String(frameLength / 1024).padStart(5)} KiB: encrypt ${Math.round(bestEncrypt).toString().padStart(5)} MB/s, ` +
      `decrypt ${Math.round(bestDecrypt).toString().padStart(5)} MB/s, size overhead ${overhead.toFixed(3)} %\n`,
  );
}
process.stdout.write(
  JSON.stringify({ node: process.version, totalMiB, chunkKiB: chunkSize / 1024, runs, results }, null, 2) + '\n',
);
