/** The password policy of a vault's user pool (infra/vault.yaml), said once for every form that sets one. */
export const PASSWORD_RULES = 'At least 12 characters, with upper- and lower-case letters, a digit and a symbol.';
