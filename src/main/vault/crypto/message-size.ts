/**
 * Sizes of the Encryption SDK messages the file cipher writes (format v2,
 * suite 0x0478, framed, unsigned: see @aws-crypto/serialize):
 *
 *   header      version 1 · suite 2 · message id 32 · context length 2 + context ·
 *               EDK count 2 + per EDK (2 + provider id, 2 + provider info, 2 + blob) ·
 *               content type 1 · frame length 4 · commitment key 32 · header tag 16
 *   frames      sequence number 4 · IV 12 · frameLength bytes · tag 16 (each full frame)
 *   final frame end marker 4 · sequence number 4 · IV 12 · content length 4 · content · tag 16
 *
 * No footer (the suite is unsigned). The header's length varies with the
 * context and the data key, not with the plaintext, so once it is known the
 * plaintext size follows from the message's size.
 */

/** What the size of a message depends on besides its plaintext. */
export interface MessageShape {
  /** Bytes of the header, its authentication tag included. */
  headerLength: number;
  frameLength: number;
}

const VERSION_2 = 0x02;
const SUITE = 0x0478;
const FRAMED = 0x02;
const MESSAGE_ID = 32;
const COMMITMENT_KEY = 32;
const TAG = 16;
const IV = 12;
/** Bytes a full frame adds to its content: sequence number, IV, tag. */
const FRAME_OVERHEAD = 4 + IV + TAG;
/** Bytes the final frame adds to its content: end marker, sequence number, IV, content length, tag. */
const FINAL_FRAME_OVERHEAD = 4 + 4 + IV + 4 + TAG;

/**
 * The shape of a message from its first bytes, or undefined when they hold
 * less than the whole header or are not a message this cipher writes.
 */
export function messageShape(bytes: Uint8Array): MessageShape | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const has = (count: number) => at + count <= bytes.byteLength;
  if (!has(1 + 2 + MESSAGE_ID + 2)) return undefined;
  if (view.getUint8(0) !== VERSION_2 || view.getUint16(1) !== SUITE) return undefined;
  at = 1 + 2 + MESSAGE_ID;
  at += 2 + view.getUint16(at);
  if (!has(2)) return undefined;
  const keys = view.getUint16(at);
  at += 2;
  for (let key = 0; key < keys; key++) {
    for (let field = 0; field < 3; field++) {
      if (!has(2)) return undefined;
      at += 2 + view.getUint16(at);
    }
  }
  if (!has(1 + 4 + COMMITMENT_KEY + TAG)) return undefined;
  if (view.getUint8(at) !== FRAMED) return undefined;
  const frameLength = view.getUint32(at + 1);
  if (frameLength === 0) return undefined;
  return { headerLength: at + 1 + 4 + COMMITMENT_KEY + TAG, frameLength };
}

/**
 * The plaintext size of a message of `messageSize` bytes with this shape, or
 * undefined when no plaintext gives a message of that size (the shape is not
 * the message's).
 */
export function plaintextSizeOf(messageSize: number, shape: MessageShape): number | undefined {
  const { headerLength, frameLength } = shape;
  const body = messageSize - headerLength - FINAL_FRAME_OVERHEAD;
  if (!Number.isSafeInteger(body) || body < 0) return undefined;
  const fullFrame = frameLength + FRAME_OVERHEAD;
  const frames = Math.floor(body / fullFrame);
  const rest = body - frames * fullFrame;
  // The final frame holds at most a frame's worth.
  if (rest > frameLength) return undefined;
  return frames * frameLength + rest;
}

/** The size of the message for `plaintextSize` bytes (the SDK ends a whole number of frames with an empty final frame). */
export function messageSizeOf(plaintextSize: number, shape: MessageShape): number {
  const frames = Math.floor(plaintextSize / shape.frameLength);
  const rest = plaintextSize - frames * shape.frameLength;
  return shape.headerLength + frames * (shape.frameLength + FRAME_OVERHEAD) + FINAL_FRAME_OVERHEAD + rest;
}
