/** IAM policy documents, as JSON policies are written (single values or arrays). */
export type OneOrMany<T> = T | T[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: '*' | { AWS?: OneOrMany<string>; Service?: OneOrMany<string>; Federated?: OneOrMany<string> };
  NotPrincipal?: { AWS?: OneOrMany<string>; Service?: OneOrMany<string>; Federated?: OneOrMany<string> };
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  /** operator (e.g. StringEquals, StringLike, Bool, ForAnyValue:StringEquals) → condition key → value(s) */
  Condition?: Record<string, Record<string, OneOrMany<string | boolean | number>>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: OneOrMany<PolicyStatement>;
}
