/**
 * The one way the template loader refuses what it cannot evaluate: loudly, at
 * start, naming the construct and where it is (DESIGN §6: never ignore silently).
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** "the local backend cannot evaluate <what> in <where>" */
export function cannotEvaluate(what: string, where: string, why?: string): TemplateError {
  return new TemplateError(`the local backend cannot evaluate ${what} in ${where}${why ? `: ${why}` : ''}`);
}
