import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { objectExists } from './object-probe';
import { errorNameOf, httpStatusOf } from './s3-errors';

/**
 * An S3 client that reports a GET or HEAD of a missing object as NoSuchKey
 * (404), as code written against S3's documented answer expects.
 *
 * S3 answers a missing key with 403 AccessDenied to callers who may not list
 * the whole bucket, and vault members may list only their own prefix. On a
 * 403 this client lists the key's own prefix (which members may) and, if the
 * key is not there, throws a NoSuchKey error instead. Used for the name key:
 * loadOrCreateNameKey treats only NoSuchKey/404 as "not created yet", so
 * without this a person's first sign-in could never create it.
 */
export function reportMissingAsNotFound(s3: S3Client, bucket: string): S3Client {
  const send = async (command: Parameters<S3Client['send']>[0]): Promise<unknown> => {
    try {
      return await (s3.send as (c: typeof command) => Promise<unknown>)(command);
    } catch (error) {
      const isRead = command instanceof GetObjectCommand || command instanceof HeadObjectCommand;
      const key = isRead ? (command.input as { Key?: string }).Key : undefined;
      const refused = errorNameOf(error) === 'AccessDenied' || httpStatusOf(error) === 403;
      if (!key || !refused || (await objectExists({ s3, bucket }, key, key).catch(() => true))) throw error;
      throw Object.assign(new Error('The specified key does not exist.'), {
        name: 'NoSuchKey',
        $metadata: { httpStatusCode: 404 },
        cause: error,
      });
    }
  };
  return new Proxy(s3, {
    get(object, property, receiver) {
      return property === 'send' ? send : Reflect.get(object, property, receiver);
    },
  });
}
