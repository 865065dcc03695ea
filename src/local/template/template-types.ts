/** The parts of a CloudFormation template the loader reads (after YAML parsing). */
export interface ResourceDecl {
  Type: string;
  Properties?: Record<string, unknown>;
  /** Name of a template condition deciding whether the resource exists. */
  Condition?: string;
}

export interface ParameterDecl {
  Type?: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  NoEcho?: boolean;
}

export interface OutputDecl {
  Value: unknown;
  Condition?: string;
  Description?: string;
}

export interface TemplateDoc {
  Parameters?: Record<string, ParameterDecl>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, ResourceDecl>;
  Outputs?: Record<string, OutputDecl>;
}

/** What `Ref` and `Fn::GetAtt` give for one resource in the local account. */
export interface PhysicalResource {
  ref: string;
  attributes: Record<string, string>;
}
