/**
 * This machine's ceilings, measured in the same run on the large file's
 * bytes: reading the file (cat, and a Node read stream), AES-256-GCM in
 * node:crypto (1 MiB chunks), the Encryption SDK alone (raw AES keyring, the
 * engine's frame length and read size) both ways, and a plain multipart PUT
 * and GET of the same bytes through the AWS SDK (lib-storage Upload, the
 * engine's part size and parallelism, the user's own credentials) to the
 * backend. No tool can beat the slowest stage it goes through. Then the
 * Node.js floors of a download and of many small files (node-floors.ts).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { sessionCredentials } from '../backend';
import type { BenchContext } from '../context';
import { measure } from '../measure';
import { largeDownloadFloor, smallFilesFloor } from './node-floors';
import { DEFAULT_FRAME_LENGTH } from '../../src/main/vault/crypto/file-cipher';
import { PART_SIZE, QUEUE_SIZE } from '../../src/main/vault/transfers/upload-tuning';

const SCENARIO = 'ceilings';
const MiB = 1024 * 1024;
/** The engine reads files in chunks of one frame (upload-file.ts READ_CHUNK). */
const READ_CHUNK = 256 * 1024;

/** Measures every ceiling on `file` (`bytes` long), `rounds` times. */
export async function runCeilings(ctx: BenchContext, file: string, bytes: number): Promise<void> {
  const record = (op: string, ms: number) =>
    ctx.recorder.add({ scenario: SCENARIO, op, tool: 'ceiling' }, { ms }, { bytes });
  const timed = async (op: string, body: () => Promise<unknown>) => {
    ctx.log(`${SCENARIO}: ${op}`);
    const started = performance.now();
    await body();
    record(op, performance.now() - started);
  };
  const credentials = await sessionCredentials(ctx.vault);
  const s3 = new S3Client({
    region: ctx.vault.profile.region,
    endpoint: ctx.vault.profile.endpoint,
    forcePathStyle: true,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    },
  });
  const key = `private/${ctx.vault.identityId}/bench-ceiling/plain.bin`;
  const keyring = new RawAesKeyringNode({
    keyName: 'bench',
    keyNamespace: 'bench',
    unencryptedMasterKey: randomBytes(32),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  const client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const context = { vault: 'bench', owner: ctx.vault.identityId, file: 'ceiling' };

  for (let round = 1; round <= ctx.config.rounds; round++) {
    const cat = await measure({ command: 'sh', args: ['-c', `cat "$0" > /dev/null`, file] });
    record('read file (cat)', cat.ms);
    await timed('read file (Node stream)', () =>
      pipeline(createReadStream(file, { highWaterMark: READ_CHUNK }), sink()),
    );
    await timed('AES-256-GCM (node:crypto, 1 MiB chunks)', async () => {
      const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
      const chunk = randomBytes(MiB);
      for (let done = 0; done < bytes; done += MiB) cipher.update(chunk.subarray(0, Math.min(MiB, bytes - done)));
      cipher.final();
    });
    // Kept in memory so the decrypt below measures the SDK alone, not the disk.
    const message: Buffer[] = [];
    await timed(`Encryption SDK encrypt (${DEFAULT_FRAME_LENGTH / 1024} KiB frames)`, () =>
      pipeline(
        createReadStream(file, { highWaterMark: READ_CHUNK }),
        client.encryptStream(keyring, {
          suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
          encryptionContext: context,
          frameLength: DEFAULT_FRAME_LENGTH,
        }),
        sink((chunk) => message.push(chunk)),
      ),
    );
    await timed(`Encryption SDK decrypt (${DEFAULT_FRAME_LENGTH / 1024} KiB frames)`, () =>
      pipeline(
        chunked(message, READ_CHUNK),
        client.decryptUnsignedMessageStream(keyring, { maxBodySize: 4 * MiB }),
        sink(),
      ),
    );
    message.length = 0;
    await timed(`plain PUT (lib-storage, ${PART_SIZE / MiB} MiB × ${QUEUE_SIZE})`, () =>
      new Upload({
        client: s3,
        params: {
          Bucket: ctx.vault.profile.bucket,
          Key: key,
          Body: createReadStream(file, { highWaterMark: READ_CHUNK }),
        },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
      }).done(),
    );
    await timed('plain GET (SDK stream)', async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket: ctx.vault.profile.bucket, Key: key }));
      await pipeline(object.Body as NodeJS.ReadableStream, sink());
    });
    const floorTarget = { s3, bucket: ctx.vault.profile.bucket };
    await largeDownloadFloor(ctx, floorTarget, key, bytes);
    await ctx.removePrefix(key);
    const { smallFiles, smallFileBytes } = ctx.config;
    await smallFilesFloor(ctx, floorTarget, `private/${ctx.vault.identityId}/bench-floor`, smallFiles, smallFileBytes);
  }
  s3.destroy();
}

/** A writable that drops what it gets (after showing it to `keep`). */
function sink(keep?: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      keep?.(chunk);
      callback();
    },
  });
}

/** The buffers re-cut into `size`-byte chunks, as a network read would deliver them. */
async function* chunked(buffers: Buffer[], size: number): AsyncGenerator<Buffer> {
  for (const buffer of buffers) {
    for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
  }
}
