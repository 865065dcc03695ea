import {
  CommitmentPolicySuites,
  type AwsEsdkJsDecipherGCM,
  getDecryptionHelper,
  type GetDecipher,
  needs,
  NodeAlgorithmSuite,
  type NodeMaterialsManager,
  SignaturePolicySuites,
} from '@aws-crypto/material-management-node';
import { type BodyHeader, decodeBodyHeader, type HeaderInfo, type MessageHeader } from '@aws-crypto/serialize';
import { asBuffer, COMMITMENT_POLICY, deserializer, frameAad, SIGNATURE_POLICY } from './message-format';

export interface MessageDecryptorOptions {
  materials: NodeMaterialsManager;
  /** Encrypted data keys a message may carry (the SDK's maxEncryptedDataKeys). */
  maxEncryptedDataKeys: number;
  /** The largest frame it buffers before the frame's tag is checked (the SDK's maxBodySize). */
  maxFrameLength: number;
  /**
   * Called with the parsed header before the data key is asked for; throwing
   * stops the decrypt (the message is not the one expected). The header is
   * authenticated right after, before any frame is decrypted.
   */
  checkHeader(header: MessageHeader): void;
}

/** The frame being read: its header, its decipher, and its plaintext held until its tag is checked. */
interface OpenFrame {
  body: BodyHeader;
  decipher: AwsEsdkJsDecipherGCM;
  contentLeft: number;
  plaintext: Buffer[];
}

/**
 * Decrypts an Encryption SDK message fed in pieces of any size, by the SDK's
 * rules (see message-format.ts): the committing-suite policy; unsigned suites
 * only; at most maxEncryptedDataKeys; the key commitment checked before the
 * key is derived; the header authenticated before any frame; sequence numbers
 * from 1 with no gaps; a frame's plaintext released only after its tag is
 * checked; a final frame, and nothing after it. Errors are the SDK's (plain
 * Errors, or the keyring's); the caller maps them.
 */
export class MessageDecryptor {
  readonly #options: MessageDecryptorOptions;
  #header?: HeaderInfo;
  #getDecipher?: GetDecipher;
  #dispose?: () => void;
  #frame?: OpenFrame;
  #sequence = 0;
  #done = false;
  #closed = false;
  /** Bytes not yet consumed: a partial header, frame header or tag. */
  #pending: Buffer = Buffer.alloc(0);

  constructor(options: MessageDecryptorOptions) {
    this.#options = options;
  }

  /** Feeds the next bytes; resolves to the plaintext of the frames they completed (and authenticated). */
  async write(chunk: Uint8Array): Promise<Buffer[]> {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : asBuffer(chunk);
    this.#pending = Buffer.alloc(0);
    if (!this.#getDecipher) {
      const headerEnd = await this.#readHeader(data);
      if (headerEnd === undefined) {
        // Copied: the caller's chunk is theirs to reuse.
        this.#pending = Buffer.from(data);
        return [];
      }
      data = data.subarray(headerEnd);
    }
    const released: Buffer[] = [];
    while (data.length > 0) {
      needs(!this.#done, 'Data after the final frame.');
      const frame = this.#frame ?? this.#openFrame(data);
      if (!frame) break;
      if (frame !== this.#frame) {
        this.#frame = frame;
        data = data.subarray(frame.body.readPos);
      }
      if (frame.contentLeft > 0) {
        const content = data.subarray(0, frame.contentLeft);
        frame.plaintext.push(frame.decipher.update(content));
        frame.contentLeft -= content.length;
        data = data.subarray(content.length);
        continue;
      }
      const tagLength = frame.body.tagLength / 8;
      if (data.length < tagLength) break;
      frame.decipher.setAuthTag(data.subarray(0, tagLength));
      frame.plaintext.push(frame.decipher.final());
      released.push(...frame.plaintext);
      data = data.subarray(tagLength);
      this.#frame = undefined;
      if (frame.body.isFinalFrame) this.#finish();
    }
    // What is left is less than a frame header or a tag: copied, so the chunk it came in is not kept.
    if (data.length > 0) this.#pending = Buffer.from(data);
    return released;
  }

  /** Checks that the whole message arrived (its final frame, and nothing after it). */
  end(): void {
    needs(this.#done && this.#pending.length === 0, 'Incomplete message.');
  }

  /** Forgets the data key (after the end, or when the decrypt is abandoned). */
  close(): void {
    this.#closed = true;
    this.#dispose?.();
    this.#dispose = undefined;
  }

  /** Parses and authenticates the header once it is all here; resolves to where the body starts. */
  async #readHeader(data: Buffer): Promise<number | undefined> {
    const { materials, maxEncryptedDataKeys, checkHeader } = this.#options;
    const parsed = deserializer.deserializeMessageHeader(data, { maxEncryptedDataKeys });
    if (!parsed) return undefined;
    // Parsed again from a copy of its own bytes: the parsed header is made of
    // views into `data` (the caller's chunk), and it is kept for every frame.
    const headerLength = parsed.rawHeader.byteLength + parsed.headerAuth.headerAuthLength;
    const headerInfo = deserializer.deserializeMessageHeader(Buffer.from(data.subarray(0, headerLength)), {
      maxEncryptedDataKeys,
    });
    needs(headerInfo, 'Malformed header.');
    const { messageHeader, algorithmSuite, rawHeader, headerAuth } = headerInfo;
    const messageIdHex = Buffer.from(messageHeader.messageId).toString('hex');
    CommitmentPolicySuites.isDecryptEnabled(COMMITMENT_POLICY, algorithmSuite, messageIdHex);
    SignaturePolicySuites.isDecryptEnabled(SIGNATURE_POLICY, algorithmSuite, messageIdHex);
    checkHeader(messageHeader);
    const material = await materials.decryptMaterials({
      suite: new NodeAlgorithmSuite(algorithmSuite.id),
      encryptionContext: messageHeader.encryptionContext,
      encryptedDataKeys: messageHeader.encryptedDataKeys,
    });
    const { getDecipherInfo, dispose } = getDecryptionHelper(material);
    if (this.#closed) {
      // Abandoned while the data key was on its way: forget it now.
      dispose();
      throw new Error('The decrypt was stopped.');
    }
    this.#dispose = dispose;
    CommitmentPolicySuites.isDecryptEnabled(COMMITMENT_POLICY, material.suite, messageIdHex);
    SignaturePolicySuites.isDecryptEnabled(SIGNATURE_POLICY, material.suite, messageIdHex);
    // Throws unless the header's key commitment matches the data key.
    const commitment = 'suiteData' in messageHeader ? messageHeader.suiteData : undefined;
    const getDecipher = getDecipherInfo(messageHeader.messageId, commitment);
    const headerCheck = getDecipher(headerAuth.headerIv);
    headerCheck.setAAD(asBuffer(rawHeader));
    headerCheck.setAuthTag(asBuffer(headerAuth.headerAuthTag));
    headerCheck.final();
    this.#header = headerInfo;
    this.#getDecipher = getDecipher;
    return headerLength;
  }

  /** The frame whose header starts `data`, or undefined while that header is incomplete. */
  #openFrame(data: Buffer): OpenFrame | undefined {
    const headerInfo = this.#header!;
    const body = decodeBodyHeader(data, headerInfo, 0);
    if (!body) return undefined;
    needs(body.contentLength <= this.#options.maxFrameLength, 'maxBodySize exceeded.');
    this.#sequence += 1;
    needs(body.sequenceNumber === this.#sequence, 'Encrypted body sequence out of order.');
    const { messageId, contentType } = headerInfo.messageHeader;
    const decipher = this.#getDecipher!(body.iv);
    decipher.setAAD(frameAad(messageId, contentType, body.isFinalFrame, body.sequenceNumber, body.contentLength));
    return { body, decipher, contentLeft: body.contentLength, plaintext: [] };
  }

  #finish(): void {
    this.#done = true;
    this.close();
  }
}

/** The plaintext of a whole message (in memory), returned only once every frame is authenticated. */
export async function decryptWhole(message: Uint8Array, options: MessageDecryptorOptions): Promise<Buffer> {
  const decryptor = new MessageDecryptor(options);
  try {
    const plaintext = await decryptor.write(message);
    decryptor.end();
    return Buffer.concat(plaintext);
  } finally {
    decryptor.close();
  }
}
