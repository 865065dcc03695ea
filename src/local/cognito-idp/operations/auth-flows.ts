/** Which InitiateAuth flows the app client allows (its ExplicitAuthFlows). */
import { AwsJsonError } from '../../core/http';
import type { UserPoolModel } from '../../core/model';

/**
 * - No flows declared: Cognito's defaults (SRP, refresh, custom).
 * - ALLOW_* values: exactly those.
 * - Legacy values (ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, …): SRP and refresh are always on, plus those listed.
 */
function flowEnabled(pool: UserPoolModel, flow: string): boolean {
  const flows = pool.explicitAuthFlows;
  if (flows.length === 0) return ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'CUSTOM_AUTH'].includes(flow);
  if (flows.some((value) => value.startsWith('ALLOW_'))) return flows.includes(`ALLOW_${flow}`);
  return flow === 'USER_SRP_AUTH' || flow === 'REFRESH_TOKEN_AUTH' || flows.includes(flow);
}

/** @throws InvalidParameterException "<FLOW> flow not enabled for this client" */
export function requireFlow(pool: UserPoolModel, flow: string): void {
  if (!flowEnabled(pool, flow)) {
    throw new AwsJsonError('InvalidParameterException', `${flow} flow not enabled for this client`);
  }
}
