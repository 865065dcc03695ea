import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Authorizer } from '../core/authorizer';
import { AwsJsonError, readBody, type RequestContext, type ServiceHandler } from '../core/http';
import { jsonServiceHandler, parseJsonObject, targetOperation } from '../core/json-service';
import type { VaultModel } from '../core/model';
import type { PolicyDocument } from '../core/policy-types';
import { ownValue } from '../core/own';
import type { CredentialDirectory, Principal } from '../core/principal';
import { authenticateRequest } from '../credentials/request-authentication';
import { signatureFailureToJson, SigV4Error } from '../sigv4';
import * as dataKeys from './data-key-operations';
import { encryptionContextConditionKeys, type EncryptionContext } from './encryption-context';
import * as keyOperations from './key-operations';
import * as keyPolicyOperations from './key-policy-operations';
import { defaultKeyPolicy, KeyStore, type KmsKey } from './key-store';
import type { KmsCall, KmsOperation } from './kms-call';
import { accessDenied } from './kms-errors';
import type { JsonInput } from './request-fields';

export interface KmsServiceOptions {
  model: VaultModel;
  dataDir: string;
  credentials: CredentialDirectory;
  authorizer: Authorizer;
  /** Epoch milliseconds. */
  now?: () => number;
}

export interface KmsService {
  handle: ServiceHandler;
  /**
   * Extra delay before each cryptographic operation, in milliseconds: lets
   * tests and demos make the key slow (the status panel reports the last
   * data-key latency). 0 by default.
   */
  keyLatencyMs: number;
  /**
   * The current policy of the key with this id (as PutKeyPolicy left it), or
   * undefined once the key is gone: S3's SSE-KMS check reads the vault key's
   * policy here, so a policy changed through KMS holds for S3 too.
   */
  keyPolicy(keyId: string): PolicyDocument | undefined;
}

const OPERATIONS: Record<string, KmsOperation> = { ...dataKeys, ...keyOperations, ...keyPolicyOperations };
const CRYPTOGRAPHIC = new Set([
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
]);
const TARGET_PREFIX = 'TrentService.';

/**
 * The local KMS: AWS's JSON 1.1 protocol (`X-Amz-Target: TrentService.<Op>`),
 * every request SigV4-verified over its exact body and authorized against the
 * key policy, symmetric keys persisted in the data folder.
 */
export function createKmsService(options: KmsServiceOptions): KmsService {
  const now = options.now ?? Date.now;
  const keys = new KeyStore({ model: options.model, dataDir: options.dataDir, now });
  const { authorizer, credentials } = options;
  /**
   * Account-level actions (CreateKey, ListKeys, ListAliases) have no key
   * policy: on AWS the caller's IAM policies alone decide them. Handing the
   * authorizer the account-delegation policy expresses exactly that.
   */
  const accountLevelPolicy = defaultKeyPolicy(options.model.accountId);

  function conditionContext(principal: Principal, ctx: RequestContext, encryption?: EncryptionContext) {
    return {
      ...(encryption ? encryptionContextConditionKeys(encryption) : {}),
      'kms:CallerAccount': principal.accountId,
      'aws:SecureTransport': ctx.secureTransport,
    };
  }

  function makeCall(principal: Principal, input: JsonInput, ctx: RequestContext): KmsCall {
    return {
      principal,
      input,
      keys,
      now,
      authorize(action: string, key: KmsKey | null, encryption?: EncryptionContext) {
        const resource = key?.arn ?? '*';
        const decision = authorizer.authorize(
          { principal, action, resource, context: conditionContext(principal, ctx, encryption) },
          key?.policy ?? accountLevelPolicy,
        );
        if (decision !== 'allow') throw accessDenied(principal.arn, action, resource, decision);
      },
      decide(action: string, key: KmsKey, policy) {
        return authorizer.authorize(
          { principal, action, resource: key.arn, context: conditionContext(principal, ctx) },
          policy,
        );
      },
    };
  }

  async function serve(req: IncomingMessage, ctx: RequestContext): Promise<Record<string, unknown>> {
    const { target, name } = targetOperation(req, TARGET_PREFIX);
    const operation = ownValue(OPERATIONS, name);
    if (req.method !== 'POST' || !operation) {
      throw new AwsJsonError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
    }
    const body = await readBody(req);
    let principal: Principal;
    try {
      principal = authenticateRequest(
        req,
        body,
        'kms',
        new Date(now()),
        credentials,
        undefined,
        options.model.region,
      ).principal;
    } catch (error) {
      if (error instanceof SigV4Error) throw signatureFailureToJson(error);
      throw error;
    }
    const input = parseJsonObject(body);
    if (CRYPTOGRAPHIC.has(name) && service.keyLatencyMs > 0) await sleep(service.keyLatencyMs);
    return operation(makeCall(principal, input, ctx));
  }

  const service: KmsService = {
    keyLatencyMs: 0,
    keyPolicy: (keyId) => keys.find(keyId)?.policy,
    // Unexpected failures are the backend's bug: say so as KMS would, without internals.
    handle: jsonServiceHandler(
      serve,
      (error) => new AwsJsonError('KMSInternalException', `The local KMS failed: ${(error as Error).message}`, 500),
    ),
  };
  return service;
}
