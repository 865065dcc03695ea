/**
 * What the JSON 1.1 services (KMS, the Cognito user pool, the Cognito identity
 * pool) share: the operation named in X-Amz-Target, the body as one JSON
 * object, and answers in AWS's JSON shape. Each service keeps its own order
 * of checks (KMS authenticates before parsing, Cognito admin calls are signed
 * and public ones are not) and its own name for an internal failure.
 */
import type { IncomingMessage } from 'node:http';
import { AwsJsonError, sendJson, sendJsonError, type RequestContext, type ServiceHandler } from './http';

/**
 * The X-Amz-Target header as sent (`target`, '' when absent) and the
 * operation it names after `prefix` (e.g. `TrentService.`), '' when the header
 * is absent or is for another service.
 */
export function targetOperation(req: IncomingMessage, prefix: string): { target: string; name: string } {
  const target = String(req.headers['x-amz-target'] ?? '');
  return { target, name: target.startsWith(prefix) ? target.slice(prefix.length) : '' };
}

/**
 * A request body as the JSON object every JSON 1.1 operation takes; an empty
 * body is `{}`, as the SDKs send for operations without input.
 * @throws AwsJsonError SerializationException for anything else
 */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsJsonError('SerializationException', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsJsonError('SerializationException', 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/**
 * A ServiceHandler that sends `serve`'s result as a 200 JSON answer and an
 * AwsJsonError in AWS's error shape. Any other throw is the backend's own bug:
 * `internalError` turns it into the service's 500 (and may log it), so a
 * client sees a protocol error rather than a dropped connection.
 */
export function jsonServiceHandler(
  serve: (req: IncomingMessage, ctx: RequestContext) => Promise<unknown>,
  internalError: (error: unknown, ctx: RequestContext) => AwsJsonError,
): ServiceHandler {
  return async (req, res, ctx) => {
    try {
      sendJson(res, ctx, 200, await serve(req, ctx));
    } catch (error) {
      sendJsonError(res, ctx, error instanceof AwsJsonError ? error : internalError(error, ctx));
    }
  };
}
