import type { ServerResponse } from 'node:http';
import type { RequestContext } from '../core/http';

/** STS's query-protocol answers: XML in the 2011-06-15 namespace. */
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** A nested element tree: string leaves are escaped text, objects are child elements in order. */
export type XmlTree = { [element: string]: string | XmlTree };

function render(tree: XmlTree): string {
  return Object.entries(tree)
    .map(([name, value]) => `<${name}>${typeof value === 'string' ? escapeXml(value) : render(value)}</${name}>`)
    .join('');
}

/** ISO 8601 without milliseconds, as STS writes Expiration. */
export function stsTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function send(res: ServerResponse, ctx: RequestContext, status: number, xml: string): void {
  const payload = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  res.writeHead(status, {
    'Content-Type': 'text/xml',
    'Content-Length': payload.length,
    'x-amzn-RequestId': ctx.requestId,
  });
  res.end(payload);
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse>` */
export function sendStsResult(res: ServerResponse, ctx: RequestContext, action: string, result: XmlTree): void {
  send(
    res,
    ctx,
    200,
    `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${render(result)}</${action}Result>` +
      `<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

/** An error STS returns in its ErrorResponse document. */
export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export function sendStsError(res: ServerResponse, ctx: RequestContext, error: StsError): void {
  send(
    res,
    ctx,
    error.status,
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${ctx.requestId}</RequestId></ErrorResponse>`,
  );
}
