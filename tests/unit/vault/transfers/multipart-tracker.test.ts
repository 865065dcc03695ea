import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { trackMultipart } from '../../../../src/main/vault/transfers/multipart-tracker';

describe('trackMultipart', () => {
  it('waits for parts in flight, then aborts the multipart upload it saw created', async () => {
    const sent: string[] = [];
    const s3 = {
      config: { marker: true },
      async send(command: unknown) {
        if (command instanceof CreateMultipartUploadCommand) return { UploadId: 'u-1' };
        if (command instanceof UploadPartCommand) {
          await sleep(20);
          sent.push('part');
          return { ETag: '"p"' };
        }
        if (command instanceof AbortMultipartUploadCommand) {
          sent.push(`abort ${command.input.UploadId}`);
          return {};
        }
        throw new Error('unexpected');
      },
    };
    let partsSent = 0;
    const tracker = trackMultipart(
      s3 as unknown as S3Client,
      { bucket: 'b', key: 'k' },
      {
        onPartFailure: () => {},
        onPartSent: () => partsSent++,
      },
    );
    expect((tracker.client as unknown as { config: unknown }).config).toEqual({ marker: true });
    await tracker.client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'k' }));
    void tracker.client.send(new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u-1', PartNumber: 1 }));
    expect(await tracker.abandon()).toBe(true);
    expect(sent).toEqual(['part', 'abort u-1']);
    expect(partsSent).toBe(1);
  });

  it('reports a part that failed, and counts an upload already gone as abandoned', async () => {
    const failures: unknown[] = [];
    const s3 = {
      async send(command: unknown) {
        if (command instanceof CreateMultipartUploadCommand) return { UploadId: 'u-2' };
        if (command instanceof UploadPartCommand) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        throw Object.assign(new Error('NoSuchUpload'), { name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
      },
    };
    const tracker = trackMultipart(
      s3 as unknown as S3Client,
      { bucket: 'b', key: 'k' },
      {
        onPartFailure: (error) => failures.push(error),
      },
    );
    await tracker.client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'k' }));
    await expect(
      tracker.client.send(new UploadPartCommand({ Bucket: 'b', Key: 'k', UploadId: 'u-2', PartNumber: 1 })),
    ).rejects.toThrow('reset');
    expect(failures).toHaveLength(1);
    expect(await tracker.abandon()).toBe(true);
  });

  it('leaves a completed upload alone, and knows that S3 took the object', async () => {
    const s3 = { send: async () => ({}) };
    const tracker = trackMultipart(s3 as unknown as S3Client, { bucket: 'b', key: 'k' }, { onPartFailure: () => {} });
    expect(tracker.committed).toBe(false);
    await tracker.client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
    expect(tracker.committed).toBe(true);
    expect(await tracker.abandon()).toBe(true);
  });
});
