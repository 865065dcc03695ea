/**
 * Multipart uploads on disk: one folder per upload with its description and
 * one data file plus one small JSON per part. Parts are written to temporary
 * files and renamed under fresh names, so a part uploaded twice concurrently
 * never mixes bytes and metadata. Kept in memory, reloaded at start.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { ChecksumAlgorithm } from '../sigv4';
import type { ChecksumType, ContentHeaders, Sse } from './types';

export interface PartRecord {
  partNumber: number;
  /** Unquoted md5 hex of the part. */
  etag: string;
  size: number;
  lastModified: number;
  /** Data file name inside the upload folder. */
  file: string;
  /** base64 checksums of the part (the upload's algorithm, and whatever the client sent). */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

export interface UploadRecord extends ContentHeaders {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: number;
  userMetadata: Record<string, string>;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  sse?: Sse;
  /** ARN of who started it (ListMultipartUploads Initiator/Owner). */
  initiator: string;
}

interface Upload {
  record: UploadRecord;
  parts: Map<number, PartRecord>;
}

export class MultipartStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const uploadId of readdirSync(dir)) this.load(uploadId);
  }

  private load(uploadId: string): void {
    const folder = path.join(this.dir, uploadId);
    try {
      const record = JSON.parse(readFileSync(path.join(folder, 'upload.json'), 'utf8')) as UploadRecord;
      const parts = new Map<number, PartRecord>();
      for (const name of readdirSync(folder)) {
        if (!/^\d+\.json$/.test(name)) continue;
        const part = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as PartRecord;
        parts.set(part.partNumber, part);
      }
      this.uploads.set(uploadId, { record, parts });
    } catch {
      // An upload whose description never got written: nothing to resume.
      rmSync(folder, { recursive: true, force: true });
    }
  }

  create(record: Omit<UploadRecord, 'uploadId'>): UploadRecord {
    // Opaque and URL-safe, like S3's, long enough not to be guessed.
    const uploadId = randomBytes(32).toString('base64url');
    const full: UploadRecord = { ...record, uploadId };
    const folder = path.join(this.dir, uploadId);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'upload.json'), JSON.stringify(full), { mode: 0o600 });
    this.uploads.set(uploadId, { record: full, parts: new Map() });
    return full;
  }

  get(uploadId: string): { record: UploadRecord; parts: Map<number, PartRecord> } | undefined {
    return this.uploads.get(uploadId);
  }

  list(bucket: string): UploadRecord[] {
    return [...this.uploads.values()].filter((u) => u.record.bucket === bucket).map((u) => u.record);
  }

  partPath(uploadId: string, file: string): string {
    return path.join(this.dir, uploadId, file);
  }

  /** Moves a received temporary file in as part `partNumber`, replacing any earlier one. */
  putPart(uploadId: string, tempFile: string, part: Omit<PartRecord, 'file'>): PartRecord | undefined {
    const upload = this.uploads.get(uploadId);
    // Aborted or completed while the part was arriving.
    if (!upload) return undefined;
    const file = `${part.partNumber}-${randomBytes(6).toString('hex')}.part`;
    const folder = path.join(this.dir, uploadId);
    renameSync(tempFile, path.join(folder, file));
    const record: PartRecord = { ...part, file };
    const temporary = path.join(folder, `${part.partNumber}.json.tmp`);
    writeFileSync(temporary, JSON.stringify(record), { mode: 0o600 });
    renameSync(temporary, path.join(folder, `${part.partNumber}.json`));
    const previous = upload.parts.get(part.partNumber);
    upload.parts.set(part.partNumber, record);
    if (previous) unlink(path.join(folder, previous.file)).catch(() => {});
    return record;
  }

  /** Forgets an upload and deletes its parts (abort, or after completion). */
  async remove(uploadId: string): Promise<void> {
    this.uploads.delete(uploadId);
    await rm(path.join(this.dir, uploadId), { recursive: true, force: true });
  }

  /** Uploads initiated before `cutoff` (ms) under `prefix`: what an AbortIncompleteMultipartUpload rule removes. */
  olderThan(bucket: string, prefix: string, cutoff: number): string[] {
    return this.list(bucket)
      .filter((u) => u.key.startsWith(prefix) && u.initiated < cutoff)
      .map((u) => u.uploadId);
  }
}
