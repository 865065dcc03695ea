import { randomBytes } from 'node:crypto';
import {
  CommitmentPolicySuites,
  type EncryptionContext,
  getEncryptHelper,
  needs,
  type NodeAlgorithmSuite,
  type NodeMaterialsManager,
} from '@aws-crypto/material-management-node';
import { Maximum, serializeMessageHeaderAuth } from '@aws-crypto/serialize';
import { asBuffer, COMMITMENT_POLICY, frameAad, serializer } from './message-format';

/** Message format v2's message id length (the committing suites' salt). */
const MESSAGE_ID_BYTES = 32;

export interface WholeEncryptOptions {
  materials: NodeMaterialsManager;
  suite: NodeAlgorithmSuite;
  encryptionContext: EncryptionContext;
  frameLength: number;
  /** Encrypted data keys a message may carry (the SDK's maxEncryptedDataKeys). */
  maxEncryptedDataKeys: number;
}

/** A whole message, and its message id. */
export interface WholeMessage {
  message: Buffer;
  messageId: Uint8Array;
}

/**
 * `plaintext` (in memory) as one framed message, as the SDK's encrypt stream
 * makes it (see message-format.ts): the header and its tag, full frames, then
 * a final frame with the rest (possibly empty).
 */
export async function encryptWhole(plaintext: Buffer, options: WholeEncryptOptions): Promise<WholeMessage> {
  const { suite, frameLength } = options;
  needs(
    Number.isInteger(frameLength) && frameLength > 0 && frameLength <= Maximum.FRAME_SIZE,
    'frameLength out of bounds.',
  );
  CommitmentPolicySuites.isEncryptEnabled(COMMITMENT_POLICY, suite);
  const material = await options.materials.getEncryptionMaterials({
    suite,
    encryptionContext: options.encryptionContext,
    plaintextLength: plaintext.byteLength,
    commitmentPolicy: COMMITMENT_POLICY,
  });
  const { getCipherInfo, dispose } = getEncryptHelper(material);
  try {
    CommitmentPolicySuites.isEncryptEnabled(COMMITMENT_POLICY, material.suite);
    // The suite asked for (unsigned): a message is never written without the signature its suite needs.
    needs(material.suite.id === suite.id, 'The materials came with another algorithm suite.');
    needs(material.encryptedDataKeys.length <= options.maxEncryptedDataKeys, 'maxEncryptedDataKeys exceeded.');
    const messageId = randomBytes(MESSAGE_ID_BYTES);
    const { getCipher, keyCommitment } = getCipherInfo(messageId);
    const messageHeader = serializer.buildMessageHeader({
      suite: material.suite,
      encryptedDataKeys: material.encryptedDataKeys,
      encryptionContext: material.encryptionContext,
      messageId,
      frameLength,
      suiteData: keyCommitment,
    });
    const header = asBuffer(serializer.serializeMessageHeader(messageHeader));
    const headerIv = serializer.headerAuthIv(material.suite.ivLength);
    const headerAuth = getCipher(headerIv);
    headerAuth.setAAD(header);
    headerAuth.final();
    const parts: Uint8Array[] = [
      header,
      serializeMessageHeaderAuth({ headerIv, headerAuthTag: headerAuth.getAuthTag(), messageHeader }),
    ];
    const fullFrames = Math.floor(plaintext.byteLength / frameLength);
    for (let sequence = 1; sequence <= fullFrames + 1; sequence++) {
      const isFinalFrame = sequence > fullFrames;
      const content = plaintext.subarray(
        (sequence - 1) * frameLength,
        isFinalFrame ? undefined : sequence * frameLength,
      );
      const iv = serializer.frameIv(material.suite.ivLength, sequence);
      parts.push(
        isFinalFrame
          ? serializer.finalFrameHeader(sequence, iv, content.byteLength)
          : serializer.frameHeader(sequence, iv),
      );
      const cipher = getCipher(iv);
      cipher.setAAD(frameAad(messageId, messageHeader.contentType, isFinalFrame, sequence, content.byteLength));
      parts.push(cipher.update(content), cipher.final(), cipher.getAuthTag());
    }
    return { message: Buffer.concat(parts), messageId };
  } finally {
    dispose();
  }
}
