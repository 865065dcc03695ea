import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555';

/** An AWS error the fake answers an operation with, instead of doing it. */
export interface FakeFailure {
  type: string;
  message: string;
  status?: number;
}

/**
 * A KMS that speaks just enough of the JSON protocol (GenerateDataKey, Decrypt)
 * for the real SDK client to talk to it over loopback; it does not check
 * signatures. Decrypt demands the exact encryption context, as KMS does.
 */
export class FakeKmsServer {
  readonly requests: { operation: string; body: Record<string, unknown> }[] = [];
  readonly failures = new Map<string, FakeFailure>();
  readonly #keys = new Map<string, { plaintext: Buffer; context: string }>();
  #server?: Server;

  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      const parts: Buffer[] = [];
      request.on('data', (chunk: Buffer) => parts.push(chunk));
      request.on('end', () => {
        const operation = String(request.headers['x-amz-target'] ?? '').replace('TrentService.', '');
        const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>;
        this.requests.push({ operation, body });
        const [status, answer] = this.#answer(operation, body);
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }

  #answer(operation: string, body: Record<string, unknown>): [number, Record<string, unknown>] {
    const failure = this.failures.get(operation);
    if (failure) return [failure.status ?? 400, { __type: failure.type, message: failure.message }];
    const context = canonical(body.EncryptionContext);
    if (operation === 'GenerateDataKey') {
      const plaintext = randomBytes(Number(body.NumberOfBytes ?? 32));
      const blob = randomBytes(48).toString('base64');
      this.#keys.set(blob, { plaintext, context });
      return [200, { CiphertextBlob: blob, Plaintext: plaintext.toString('base64'), KeyId: KEY_ARN }];
    }
    if (operation === 'Decrypt') {
      const key = this.#keys.get(String(body.CiphertextBlob));
      if (!key || key.context !== context) {
        return [400, { __type: 'InvalidCiphertextException', message: 'The ciphertext is invalid.' }];
      }
      return [
        200,
        { Plaintext: key.plaintext.toString('base64'), KeyId: KEY_ARN, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      ];
    }
    return [400, { __type: 'UnsupportedOperationException', message: operation }];
  }
}

function canonical(context: unknown): string {
  const entries = Object.entries((context ?? {}) as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(entries);
}
