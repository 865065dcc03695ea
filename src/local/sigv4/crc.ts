/**
 * Table-driven CRCs S3 accepts as object checksums, streaming (update/digest),
 * slicing-by-8 so a multi-gigabyte body is not the bottleneck. Output is the
 * big-endian CRC bytes, as S3 base64-encodes them.
 */
import zlib from 'node:zlib';

/** Eight 256-entry tables for a reflected 32-bit CRC. */
function tables32(poly: number): Uint32Array[] {
  const t = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[0]![i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 8; s++) t[s]![i] = (t[s - 1]![i]! >>> 8) ^ t[0]![t[s - 1]![i]! & 0xff]!;
  }
  return t;
}

type Eight = [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** The eight slicing tables typed as a tuple: destructuring them then yields defined arrays. */
function eight(tables: Uint32Array[]): Eight {
  return tables as Eight;
}

function update32(t: Uint32Array[], crc: number, data: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = eight(t);
  let c = crc;
  let i = 0;
  const n = data.length;
  const end8 = n - (n % 8);
  for (; i < end8; i += 8) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c =
      t7[c & 0xff]! ^
      t6[(c >>> 8) & 0xff]! ^
      t5[(c >>> 16) & 0xff]! ^
      t4[c >>> 24]! ^
      t3[data[i + 4]!]! ^
      t2[data[i + 5]!]! ^
      t1[data[i + 6]!]! ^
      t0[data[i + 7]!]!;
  }
  for (; i < n; i++) c = (c >>> 8) ^ t0[(c ^ data[i]!) & 0xff]!;
  return c >>> 0;
}

let crc32Tables: Uint32Array[] | undefined;
let crc32cTables: Uint32Array[] | undefined;

/** Streaming checksum: feed bytes, then take the digest once. */
export interface Hasher {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

function be32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

/** A reflected 32-bit CRC on slicing tables: init and xorout all ones. */
function tableHasher32(t: Uint32Array[]): Hasher {
  let state = 0xffffffff;
  return { update: (d) => void (state = update32(t, state, d)), digest: () => be32(state ^ 0xffffffff) };
}

/** CRC-32 (ISO-HDLC), zlib's when Node has it (20.15+), tables otherwise. */
export function createCrc32(): Hasher {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  let crc = 0;
  if (native) {
    return { update: (d) => void (crc = native(d, crc)), digest: () => be32(crc) };
  }
  crc32Tables ??= tables32(0xedb88320);
  return tableHasher32(crc32Tables);
}

/** CRC-32C (Castagnoli). */
export function createCrc32c(): Hasher {
  crc32cTables ??= tables32(0x82f63b78);
  return tableHasher32(crc32cTables);
}

// CRC-64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, init and xorout all ones.
// JavaScript has no fast 64-bit integers, so each table entry is kept as two
// 32-bit halves (hi, lo).
interface Tables64 {
  hi: Uint32Array[];
  lo: Uint32Array[];
}
let crc64Tables: Tables64 | undefined;

function tables64(): Tables64 {
  const POLY_HI = 0x9a6c9329;
  const POLY_LO = 0xac4bc9b5;
  const hi = Array.from({ length: 8 }, () => new Uint32Array(256));
  const lo = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let i = 0; i < 256; i++) {
    let h = 0;
    let l = i;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry) {
        h = (h ^ POLY_HI) >>> 0;
        l = (l ^ POLY_LO) >>> 0;
      }
    }
    hi[0]![i] = h;
    lo[0]![i] = l;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 8; s++) {
      const ph = hi[s - 1]![i]!;
      const pl = lo[s - 1]![i]!;
      const idx = pl & 0xff;
      // (prev >>> 8) ^ T0[prev & 0xff], in 64 bits
      hi[s]![i] = ((ph >>> 8) ^ hi[0]![idx]!) >>> 0;
      lo[s]![i] = (((pl >>> 8) | (ph << 24)) ^ lo[0]![idx]!) >>> 0;
    }
  }
  return { hi, lo };
}

/** CRC-64/NVME, the checksum S3 defaults to for full-object multipart checksums. */
export function createCrc64Nvme(): Hasher {
  crc64Tables ??= tables64();
  const { hi: H, lo: L } = crc64Tables;
  const [h0, h1, h2, h3, h4, h5, h6, h7] = eight(H);
  const [l0, l1, l2, l3, l4, l5, l6, l7] = eight(L);
  let sh = 0xffffffff;
  let sl = 0xffffffff;
  return {
    update(data) {
      let h = sh;
      let l = sl;
      let i = 0;
      const n = data.length;
      const end8 = n - (n % 8);
      for (; i < end8; i += 8) {
        l ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
        h ^= data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
        const b0 = l & 0xff,
          b1 = (l >>> 8) & 0xff,
          b2 = (l >>> 16) & 0xff,
          b3 = l >>> 24;
        const b4 = h & 0xff,
          b5 = (h >>> 8) & 0xff,
          b6 = (h >>> 16) & 0xff,
          b7 = h >>> 24;
        h = h7[b0]! ^ h6[b1]! ^ h5[b2]! ^ h4[b3]! ^ h3[b4]! ^ h2[b5]! ^ h1[b6]! ^ h0[b7]!;
        l = l7[b0]! ^ l6[b1]! ^ l5[b2]! ^ l4[b3]! ^ l3[b4]! ^ l2[b5]! ^ l1[b6]! ^ l0[b7]!;
      }
      for (; i < n; i++) {
        const idx = (l ^ data[i]!) & 0xff;
        l = ((l >>> 8) | (h << 24)) ^ l0[idx]!;
        h = (h >>> 8) ^ h0[idx]!;
      }
      sh = h >>> 0;
      sl = l >>> 0;
    },
    digest() {
      const b = Buffer.alloc(8);
      b.writeUInt32BE((sh ^ 0xffffffff) >>> 0, 0);
      b.writeUInt32BE((sl ^ 0xffffffff) >>> 0, 4);
      return b;
    },
  };
}
