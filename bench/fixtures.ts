/** The files the tools move, and how their copies are checked (SHA-256). */
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  mkdirSync,
  openSync,
  closeSync,
  writeSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const CHUNK = 4 * 1024 * 1024;

/**
 * Writes `bytes` random bytes to `file`. Random, so no tool can gain by
 * compressing, and each chunk differs (a repeated chunk would be no different
 * for AES, but would be for any deduplication).
 */
export function writeRandomFile(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes;) {
      const chunk = randomBytes(Math.min(CHUNK, bytes - written));
      writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
}

/** A folder of `count` random files of `bytes` each: f00000.bin, f00001.bin, … */
export function writeFolder(dir: string, count: number, bytes: number): void {
  mkdirSync(dir, { recursive: true });
  for (let index = 0; index < count; index++) {
    writeFileSync(path.join(dir, `f${String(index).padStart(5, '0')}.bin`), randomBytes(bytes));
  }
}

/** The SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * One SHA-256 over a folder's files: each relative name and its content's
 * hash, in name order. Two folders agree only if they hold the same names
 * with the same bytes (nothing missing, nothing extra).
 */
export function sha256Folder(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
      else hash.update(`${prefix}${entry.name}\0${createHash('sha256').update(readFileSync(full)).digest('hex')}\n`);
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}
