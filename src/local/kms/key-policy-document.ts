import { AwsJsonError } from '../core/http';
import type { PolicyDocument } from '../core/policy-types';

/** Parses a key policy; anything that is not a policy document is MalformedPolicyDocumentException. */
export function parseKeyPolicy(text: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsJsonError('MalformedPolicyDocumentException', 'The key policy is not valid JSON.');
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  if (typeof parsed !== 'object' || parsed === null || typeof statement !== 'object' || statement === null) {
    throw new AwsJsonError('MalformedPolicyDocumentException', 'The key policy must have a Statement.');
  }
  return parsed as PolicyDocument;
}
