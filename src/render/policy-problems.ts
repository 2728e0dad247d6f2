// A policy document's problems (domain/policy-schema.ts) as 'path: message' lines in the user's language.
import type { PolicyProblem } from '../domain/policy-schema.js';
import type { MessageKey, Translate } from '../i18n/index.js';

export function policyProblemLines(problems: readonly PolicyProblem[], t: Translate): string[] {
  return problems.map((p) => `${p.path}: ${'text' in p ? p.text : t(p.key as MessageKey, p.params)}`);
}
