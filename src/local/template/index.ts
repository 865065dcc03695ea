/**
 * infra/vault.yaml → VaultModel: CloudFormation intrinsics resolved for the
 * local account (see load.ts). Everything else in this folder is internal.
 */
export { buildVaultModel, loadVaultModel, type LoadVaultModelOptions } from './load';
export { TemplateError } from './errors';
