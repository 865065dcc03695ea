/** DeleteObjects: up to 1000 keys in one XML request, each authorized on its own. */
import { receiveSmall } from '../body';
import { header, objectArn, sendXml, type S3Call } from '../call';
import { s3Error } from '../errors';
import { newVersionId } from '../object-meta';
import { el, parseXml, wrap, xmlDocument } from '../xml';

export async function deleteObjects(call: S3Call): Promise<void> {
  // S3 insists on an integrity check for this call: Content-MD5 or a flexible checksum.
  const hasChecksum =
    header(call.req, 'content-md5') !== undefined ||
    Object.keys(call.req.headers).some((h) => h.startsWith('x-amz-checksum-') && h !== 'x-amz-checksum-algorithm') ||
    header(call.req, 'x-amz-trailer') !== undefined;
  if (!hasChecksum)
    throw s3Error('InvalidRequest', 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
  const { body } = await receiveSmall(call.req, call.verified.payload, 2 * 1024 * 1024);
  const doc = parseXml(body).Delete as
    { Object?: Array<{ Key?: unknown; VersionId?: unknown }>; Quiet?: unknown } | undefined;
  const objects = doc?.Object ?? [];
  if (!doc || objects.length === 0 || objects.length > 1000 || objects.some((o) => typeof o.Key !== 'string'))
    throw s3Error('MalformedXML');
  const quiet = String(doc.Quiet ?? 'false').trim() === 'true';
  const results: string[] = [];
  for (const o of objects) {
    const key = o.Key as string;
    if (!call.allowed('s3:DeleteObject', objectArn(call.bucket.name, key))) {
      results.push(wrap('Error', `${el('Key', key)}${el('Code', 'AccessDenied')}${el('Message', 'Access Denied')}`));
      continue;
    }
    call.deps.store.delete(call.bucket.name, key);
    if (quiet) continue;
    const marker = newVersionId(call);
    results.push(
      wrap(
        'Deleted',
        `${el('Key', key)}${marker ? `${el('DeleteMarker', true)}${el('DeleteMarkerVersionId', marker)}` : ''}`,
      ),
    );
  }
  sendXml(call, 200, xmlDocument('DeleteResult', results.join('')));
}
