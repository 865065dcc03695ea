import { AwsJsonError } from '../core/http';
import type { KmsOperation } from './kms-call';
import { parseKeyPolicy } from './key-policy-document';
import { requireNotPendingDeletion, requireUsable } from './key-usability';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from './request-fields';

/** Key settings: the key policy and automatic rotation. */

const POLICY_NAME = 'default';

function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== POLICY_NAME) {
    throw new AwsJsonError(
      'NotFoundException',
      `No such policy exists: ${name}. A KMS key has only the "${POLICY_NAME}" policy.`,
      404,
    );
  }
}

export const GetKeyPolicy: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  checkPolicyName(optionalString(call.input, 'PolicyName'));
  call.authorize('kms:GetKeyPolicy', key);
  return { Policy: JSON.stringify(key.policy), PolicyName: POLICY_NAME };
};

export const PutKeyPolicy: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  checkPolicyName(optionalString(call.input, 'PolicyName'));
  const policy = parseKeyPolicy(requiredString(call.input, 'Policy'));
  const bypass = optionalBoolean(call.input, 'BypassPolicyLockoutSafetyCheck') ?? false;
  call.authorize('kms:PutKeyPolicy', key);
  requireNotPendingDeletion(key);
  // KMS's lockout safety check: the caller must still be able to change the policy afterwards.
  // A policy the authorizer cannot evaluate is refused here rather than stored and failing later.
  let decision;
  try {
    decision = call.decide('kms:PutKeyPolicy', key, policy);
  } catch (error) {
    throw new AwsJsonError(
      'MalformedPolicyDocumentException',
      `The local backend cannot evaluate this key policy: ${(error as Error).message}`,
    );
  }
  if (!bypass && decision !== 'allow') {
    throw new AwsJsonError(
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    );
  }
  call.keys.update(key, (k) => {
    k.policy = policy;
    k.policyFromTemplate = false;
  });
  return {};
};

export const GetKeyRotationStatus: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  call.authorize('kms:GetKeyRotationStatus', key);
  requireNotPendingDeletion(key);
  return {
    KeyId: key.arn,
    KeyRotationEnabled: key.rotationEnabled,
    ...(key.rotationEnabled ? { RotationPeriodInDays: key.rotationPeriodInDays } : {}),
  };
};

export const EnableKeyRotation: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  const period = optionalInteger(call.input, 'RotationPeriodInDays', 90, 2560);
  call.authorize('kms:EnableKeyRotation', key);
  requireUsable(key);
  call.keys.update(key, (k) => {
    k.rotationEnabled = true;
    if (period !== undefined) k.rotationPeriodInDays = period;
  });
  return {};
};

export const DisableKeyRotation: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  call.authorize('kms:DisableKeyRotation', key);
  requireUsable(key);
  call.keys.update(key, (k) => (k.rotationEnabled = false));
  return {};
};
