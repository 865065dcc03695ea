/**
 * Opaque, authenticated blobs the server hands to the client and gets back:
 * SECRET_BLOCK (SRP state) and Session (challenge state). Sealing them with
 * AES-256-GCM under a key only the server holds lets the server keep no
 * per-login state: the client cannot read (the SRP key, b) or alter
 * (username, challenge, times) what is inside.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals and opens JSON payloads; `purpose` separates blob kinds so one cannot be replayed as another. */
export class Sealer {
  constructor(
    private readonly key: Buffer,
    /** Binds blobs to one user pool. */
    private readonly scope: string,
  ) {
    if (key.length !== 32) throw new Error('Sealer needs a 256-bit key');
  }

  /** Returns standard base64 (the client base64-decodes SECRET_BLOCK into its signature). */
  seal(purpose: string, payload: unknown): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.aad(purpose));
    const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]).toString('base64');
  }

  /** The payload, or null when the blob is malformed, tampered with, or sealed for another purpose or pool. */
  open<T>(purpose: string, blob: unknown): T | null {
    if (typeof blob !== 'string' || blob.length > 8192) return null;
    const bytes = Buffer.from(blob, 'base64');
    if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) return null;
    try {
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      const tag = bytes.subarray(bytes.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(this.aad(purpose));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return JSON.parse(plain.toString('utf8')) as T;
    } catch {
      return null;
    }
  }

  private aad(purpose: string): Buffer {
    return Buffer.from(`s3vault-cognito-idp\0${this.scope}\0${purpose}`, 'utf8');
  }
}

/**
 * Remembers blob ids that were already used, until they expire anyway, so a
 * SECRET_BLOCK or Session cannot be replayed. Memory is bounded by how many
 * blobs can be issued within their lifetime.
 */
export class UsedIds {
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  has(id: string): boolean {
    this.prune();
    const expiresAt = this.entries.get(id);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Marks `id` used until `expiresAt` (epoch ms). */
  add(id: string, expiresAt: number): void {
    this.prune();
    this.entries.set(id, expiresAt);
  }

  /** Counts failed attempts under one id (wrong TOTP codes on one session). */
  private readonly failures = new Map<string, { count: number; expiresAt: number }>();

  /** Records a failure; returns the number of failures so far. */
  fail(id: string, expiresAt: number): number {
    this.prune();
    const entry = this.failures.get(id) ?? { count: 0, expiresAt };
    entry.count += 1;
    this.failures.set(id, entry);
    return entry.count;
  }

  private lastPrune = 0;

  /** Drops expired entries, at most once a second (a full scan per request would be wasted work). */
  private prune(): void {
    const now = this.now();
    if (now - this.lastPrune < 1000) return;
    this.lastPrune = now;
    for (const [id, expiresAt] of this.entries) if (expiresAt <= now) this.entries.delete(id);
    for (const [id, entry] of this.failures) if (entry.expiresAt <= now) this.failures.delete(id);
  }
}
