import { AwsJsonError } from '../core/http';
import type { KmsOperation } from './kms-call';
import { keyMetadata } from './key-metadata';
import { requireNotPendingDeletion } from './key-usability';
import { validation } from './kms-errors';
import { parseKeyPolicy } from './key-policy-document';
import { optionalInteger, optionalString, requiredString } from './request-fields';

/** Key lifecycle: create, describe, list, alias, enable/disable, schedule deletion. */

const DAY_MS = 24 * 60 * 60 * 1000;

export const CreateKey: KmsOperation = (call) => {
  const usage = optionalString(call.input, 'KeyUsage') ?? 'ENCRYPT_DECRYPT';
  const spec =
    optionalString(call.input, 'KeySpec') ?? optionalString(call.input, 'CustomerMasterKeySpec') ?? 'SYMMETRIC_DEFAULT';
  if (usage !== 'ENCRYPT_DECRYPT' || spec !== 'SYMMETRIC_DEFAULT') {
    // Refused loudly rather than half-supported: the vault only needs symmetric keys.
    throw new AwsJsonError(
      'UnsupportedOperationException',
      `The local KMS supports only SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys, not ${spec} ${usage}.`,
    );
  }
  const policyText = optionalString(call.input, 'Policy');
  call.authorize('kms:CreateKey', null);
  const key = call.keys.create({
    description: optionalString(call.input, 'Description') ?? '',
    policy: policyText === undefined ? null : parseKeyPolicy(policyText),
  });
  return { KeyMetadata: keyMetadata(key, call.keys.accountId) };
};

export const DescribeKey: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  call.authorize('kms:DescribeKey', key);
  return { KeyMetadata: keyMetadata(key, call.keys.accountId) };
};

export const ListKeys: KmsOperation = (call) => {
  call.authorize('kms:ListKeys', null);
  return { Keys: call.keys.list().map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })), Truncated: false };
};

export const ListAliases: KmsOperation = (call) => {
  call.authorize('kms:ListAliases', null);
  const filter = optionalString(call.input, 'KeyId');
  const keyId = filter === undefined ? undefined : call.keys.resolve(filter).keyId;
  const aliases = call.keys
    .aliases()
    .filter((alias) => keyId === undefined || alias.keyId === keyId)
    .map((alias) => ({
      AliasName: alias.aliasName,
      AliasArn: call.keys.aliasArn(alias.aliasName),
      TargetKeyId: alias.keyId,
    }));
  return { Aliases: aliases, Truncated: false };
};

export const CreateAlias: KmsOperation = (call) => {
  const aliasName = requiredString(call.input, 'AliasName');
  if (!/^alias\/[a-zA-Z0-9/_-]{1,250}$/.test(aliasName) || aliasName.startsWith('alias/aws/')) {
    throw validation(`Alias must start with the prefix "alias/" and may not begin with "alias/aws/": ${aliasName}`);
  }
  const key = call.keys.resolve(requiredString(call.input, 'TargetKeyId'));
  call.authorize('kms:CreateAlias', key);
  requireNotPendingDeletion(key);
  if (call.keys.hasAlias(aliasName)) {
    throw new AwsJsonError(
      'AlreadyExistsException',
      `An alias with the name ${call.keys.aliasArn(aliasName)} already exists`,
      409,
    );
  }
  call.keys.setAlias(aliasName, key.keyId);
  return {};
};

export const EnableKey: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  call.authorize('kms:EnableKey', key);
  requireNotPendingDeletion(key);
  call.keys.update(key, (k) => (k.state = 'Enabled'));
  return {};
};

export const DisableKey: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  call.authorize('kms:DisableKey', key);
  requireNotPendingDeletion(key);
  call.keys.update(key, (k) => (k.state = 'Disabled'));
  return {};
};

export const ScheduleKeyDeletion: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  const window = optionalInteger(call.input, 'PendingWindowInDays', 7, 30) ?? 30;
  call.authorize('kms:ScheduleKeyDeletion', key);
  requireNotPendingDeletion(key);
  // Deletion is lazy (KeyStore.find), so a stopped local vault still honours the date.
  const deletionDate = call.now() + window * DAY_MS;
  call.keys.update(key, (k) => {
    k.state = 'PendingDeletion';
    k.deletionDate = deletionDate;
    k.pendingWindowInDays = window;
  });
  return {
    KeyId: key.arn,
    DeletionDate: deletionDate / 1000,
    KeyState: 'PendingDeletion',
    PendingWindowInDays: window,
  };
};

export const CancelKeyDeletion: KmsOperation = (call) => {
  const key = call.keys.resolve(requiredString(call.input, 'KeyId'));
  call.authorize('kms:CancelKeyDeletion', key);
  if (key.state !== 'PendingDeletion') {
    throw new AwsJsonError('KMSInvalidStateException', `${key.arn} is not pending deletion.`, 409);
  }
  // As on AWS, a key whose deletion is cancelled comes back disabled.
  call.keys.update(key, (k) => {
    k.state = 'Disabled';
    delete k.deletionDate;
    delete k.pendingWindowInDays;
  });
  return { KeyId: key.arn };
};
