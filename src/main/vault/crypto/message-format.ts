import {
  CommitmentPolicy,
  NodeAlgorithmSuite,
  NodeDefaultCryptographicMaterialsManager,
  type KeyringNode,
  type NodeMaterialsManager,
  SignaturePolicy,
} from '@aws-crypto/material-management-node';
import { aadFactory, type ContentType, deserializeFactory, serializeFactory } from '@aws-crypto/serialize';

/**
 * The Encryption SDK's own message parts, shared by whole-message.ts and
 * message-decryptor.ts: they build and read the very messages the SDK's
 * streams make and accept, without the streams.
 *
 * Why not the SDK's streams: for a 16 KiB file they cost 0.7–1.2 ms of CPU per
 * message (three readable-stream Transforms, an event-loop turn per frame and
 * per chunk), more than the rest of a small upload or download together; and
 * on a large download their per-chunk machinery costs more than AES-GCM
 * itself. Built from the SDK's parts (header serializer and parser,
 * body-header decoder, AAD builder, materials managers, key derivation and
 * commitment check), a message costs the key derivation and AES-GCM.
 * Compatibility both ways is tested against the SDK's own streams and client
 * (whole-message.test.ts, and every file-cipher test runs through these).
 * One rule is stricter than the SDK's unsigned decrypt: bytes after the final
 * frame fail the decrypt (the SDK ignores them).
 */

const fromUtf8 = (input: string) => Buffer.from(input, 'utf8');
const toUtf8 = (input: Uint8Array) => asBuffer(input).toString('utf8');
export const serializer = serializeFactory(fromUtf8, { utf8Sorting: true });
export const deserializer = deserializeFactory(toUtf8, NodeAlgorithmSuite);
const aad = aadFactory(fromUtf8);

export const COMMITMENT_POLICY = CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT;
/** Unsigned messages only: the same rule as the SDK's decryptUnsignedMessageStream. */
export const SIGNATURE_POLICY = SignaturePolicy.ALLOW_ENCRYPT_FORBID_DECRYPT;

/** Where a message's data key comes from: a materials manager, or a keyring under the SDK's default one. */
export function materialsFor(source: NodeMaterialsManager | KeyringNode): NodeMaterialsManager {
  return 'decryptMaterials' in source ? source : new NodeDefaultCryptographicMaterialsManager(source);
}

/** The additional authenticated data of a frame (the SDK's messageAAD). */
export function frameAad(
  messageId: Uint8Array,
  contentType: ContentType,
  isFinalFrame: boolean,
  sequence: number,
  contentLength: number,
): Buffer {
  const contentString = aad.messageAADContentString({ contentType, isFinalFrame });
  return asBuffer(aad.messageAAD(messageId, contentString, sequence, contentLength));
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
