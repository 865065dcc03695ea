import { VaultError } from '../errors';

/** Longest name, in UTF-8 bytes: the limit of ext4, APFS, NTFS (in UTF-16 units) and most others. */
export const MAX_SEGMENT_BYTES = 255;

// A UTF-16 surrogate without its pair has no UTF-8 form: encoding would
// replace it with U+FFFD, so two different names would share one key.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks one file or folder name and returns it in Unicode NFC, so that the
 * same name typed on macOS (which often gives NFD) and on Linux or Windows
 * (NFC) maps to one object key. Throws INVALID_INPUT with the reason.
 */
export function normalizeSegment(name: string): string {
  if (LONE_SURROGATE.test(name)) throw invalid('A name must be valid Unicode text.');
  const normalized = name.normalize('NFC');
  if (normalized === '') throw invalid('A name cannot be empty.');
  if (normalized === '.' || normalized === '..') throw invalid(`“${normalized}” cannot be used as a name.`);
  if (normalized.includes('/')) throw invalid(`“${preview(normalized)}” contains “/”, which separates folders.`);
  if (hasControlCharacter(normalized)) throw invalid(`“${preview(normalized)}” contains a control character.`);
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes > MAX_SEGMENT_BYTES) {
    throw invalid(
      `“${preview(normalized)}” is ${bytes} bytes long; a name can have at most ${MAX_SEGMENT_BYTES} bytes (UTF-8).`,
    );
  }
  return normalized;
}

/**
 * Splits a vault path ("Photos/2026/beach.jpg") into checked, normalized
 * names. The empty path is the vault's top folder; a leading, trailing or
 * doubled "/" is an empty name and refused.
 */
export function splitPath(path: string): string[] {
  return path === '' ? [] : path.split('/').map(normalizeSegment);
}

/**
 * C0 controls (NUL included), DEL and C1 controls: invisible in a file list,
 * and several filesystems and shells treat them specially.
 */
function isControl(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** True when `text` holds a control character (see isControl). */
export function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (isControl(text.charCodeAt(index))) return true;
  return false;
}

function invalid(message: string): VaultError {
  return new VaultError('INVALID_INPUT', message);
}

/** Enough of a name to recognise it in a message, without echoing a huge one. */
function preview(name: string): string {
  const shown = [...name]
    .slice(0, 40)
    .map((character) => (isControl(character.charCodeAt(0)) ? '�' : character))
    .join('');
  return shown.length < name.length ? `${shown}…` : shown;
}
