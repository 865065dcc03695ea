/** Raised at start for a policy the local evaluator cannot evaluate faithfully (DESIGN §6: refuse loudly). */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** "the local backend cannot evaluate <what> in <where>" */
export function cannotEvaluatePolicy(what: string, where: string, why?: string): PolicyError {
  return new PolicyError(`the local backend cannot evaluate ${what} in ${where}${why ? `: ${why}` : ''}`);
}
