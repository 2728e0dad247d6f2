// Problems rendered the way editors and people read them: `file:line: column: problem`.
import type { Problem } from '../errors.js';
import { vocabularyLabel, type MessageParams, type Translate } from '../i18n/index.js';

/** Parameters that carry a stored code of a vocabulary ('busy'): said in the user's language (占线). */
const VOCABULARY_PARAMS = ['outcome', 'channel', 'level'] as const;

export function formatProblem(t: Translate, p: Problem): string {
  const place = [p.file, p.line].filter((x) => x !== undefined && x !== '').join(':');
  const column = p.column ? `${p.column}: ` : '';
  return `${place ? `${place}: ` : ''}${column}${t(p.key, p.params && said(t, p.params))}`;
}

function said(t: Translate, params: MessageParams): MessageParams {
  const out = { ...params };
  for (const name of VOCABULARY_PARAMS) if (typeof out[name] === 'string') out[name] = vocabularyLabel(t, name, out[name]);
  return out;
}
