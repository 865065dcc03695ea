import type { IncomingMessage, ServerResponse } from 'node:http';

/** Facts about one request that are not in its bytes. */
export interface RequestContext {
  /** Loopback counts as secure transport: the bytes never leave this machine. */
  secureTransport: boolean;
  remoteAddress: string;
  /** A fresh id for x-amz-request-id / x-amzn-requestid and access logs. */
  requestId: string;
  receivedAt: Date;
}

/** Every service handles raw node requests so S3 can stream bodies of any size. */
export type ServiceHandler = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext) => Promise<void>;

/** The whole body of a small request (JSON and query services); larger than `limit` bytes throws. */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** JSON 1.1 protocol answers (KMS, Cognito): errors as {"__type", "message"} with the service's status. */
export function sendJson(res: ServerResponse, ctx: RequestContext, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': payload.length,
    'x-amzn-RequestId': ctx.requestId,
  });
  res.end(payload);
}

/** An error a JSON-protocol service returns to the client in AWS's shape. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Answers `error` in AWS's JSON error shape, with x-amzn-ErrorType as the SDKs read it. */
export function sendJsonError(res: ServerResponse, ctx: RequestContext, error: AwsJsonError): void {
  res.setHeader('x-amzn-ErrorType', error.type);
  sendJson(res, ctx, error.status, { __type: error.type, message: error.message });
}
