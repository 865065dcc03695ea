import type { Principal } from '../core/principal';
import { roleUniqueId } from './role-ids';
import type { XmlTree } from './sts-xml';

/** Who signed the request: the account root for the admin keys, the role session otherwise. */
export function getCallerIdentity(principal: Principal): XmlTree {
  const userId =
    principal.kind === 'account-admin'
      ? principal.accountId
      : `${roleUniqueId(principal.roleArn)}:${principal.sessionName}`;
  return { Arn: principal.arn, UserId: userId, Account: principal.accountId };
}
