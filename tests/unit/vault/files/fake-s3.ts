import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createVaultLayout, type VaultLayout } from '../../../../src/main/vault/names/layout';
import { createNameCipher } from '../../../../src/main/vault/names/name-cipher';

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

interface StoredObject {
  size: number;
  metadata: Record<string, string>;
}

/**
 * An in-memory S3 with the calls the files module makes, answering as S3 does
 * for a vault member: ListObjectsV2 with prefix, delimiter and pages (of
 * `pageSize`), 403 for a HEAD of a missing key, conditional writes.
 */
export class FakeS3 {
  readonly objects = new Map<string, StoredObject>();
  readonly calls: string[] = [];
  pageSize = 1000;

  get client(): S3Client {
    return this as unknown as S3Client;
  }

  put(key: string, size = 10, metadata: Record<string, string> = {}): void {
    this.objects.set(key, { size, metadata });
  }

  async send(command: unknown): Promise<unknown> {
    this.calls.push((command as { constructor: { name: string } }).constructor.name);
    if (command instanceof ListObjectsV2Command) return this.list(command.input);
    if (command instanceof HeadObjectCommand) {
      const object = this.objects.get(command.input.Key!);
      if (!object) throw awsError('Forbidden', 403);
      return { Metadata: object.metadata, ContentLength: object.size };
    }
    if (command instanceof PutObjectCommand) {
      if (command.input.IfNoneMatch === '*' && this.objects.has(command.input.Key!))
        throw awsError('PreconditionFailed', 412);
      this.put(command.input.Key!, 0, command.input.Metadata ?? {});
      return {};
    }
    if (command instanceof CopyObjectCommand) {
      const source = decodeURIComponent(command.input.CopySource!.split('/').slice(1).join('/'));
      const object = this.objects.get(source);
      if (!object) throw awsError('AccessDenied', 403);
      if (command.input.IfNoneMatch === '*' && this.objects.has(command.input.Key!))
        throw awsError('PreconditionFailed', 412);
      this.objects.set(command.input.Key!, { ...object });
      return {};
    }
    if (command instanceof DeleteObjectCommand) {
      this.objects.delete(command.input.Key!);
      return {};
    }
    if (command instanceof DeleteObjectsCommand) {
      const keys = command.input.Delete!.Objects!.map((object) => object.Key!);
      if (keys.length > 1000) throw awsError('MalformedXML', 400);
      for (const key of keys) this.objects.delete(key);
      return { Errors: [] };
    }
    throw new Error(`unexpected ${String(command)}`);
  }

  private list(input: { Prefix?: string; Delimiter?: string; MaxKeys?: number; ContinuationToken?: string }) {
    const prefix = input.Prefix ?? '';
    const max = Math.min(input.MaxKeys ?? this.pageSize, this.pageSize);
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    const entries: Array<{ key: string; common: boolean }> = [];
    for (const key of keys) {
      const cut = input.Delimiter ? key.indexOf(input.Delimiter, prefix.length) : -1;
      const entry = cut === -1 ? { key, common: false } : { key: key.slice(0, cut + 1), common: true };
      if (!entries.some((existing) => existing.key === entry.key)) entries.push(entry);
    }
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = entries.slice(start, start + max);
    const truncated = start + max < entries.length;
    return {
      Contents: page
        .filter((entry) => !entry.common)
        .map((entry) => ({
          Key: entry.key,
          Size: this.objects.get(entry.key)!.size,
          ETag: '"e"',
          LastModified: new Date(0),
        })),
      CommonPrefixes: page.filter((entry) => entry.common).map((entry) => ({ Prefix: entry.key })),
      KeyCount: page.length,
      IsTruncated: truncated,
      NextContinuationToken: truncated ? String(start + max) : undefined,
    };
  }
}

export const IDENTITY = 'us-east-1:11111111-2222-4333-8444-555555555555';

/** A layout with a fixed name key. */
export function testLayout(): VaultLayout {
  return createVaultLayout({
    identityId: IDENTITY,
    names: createNameCipher({ nameKey: new Uint8Array(32).fill(9), vaultId: 'vault-1', identityId: IDENTITY }),
  });
}
