// Problems rendered the way editors and people read them: `file:line: column: problem`.
import type { Problem } from '../errors.js';
import type { Translate } from '../i18n/index.js';

export function formatProblem(t: Translate, p: Problem): string {
  const place = [p.file, p.line].filter((x) => x !== undefined && x !== '').join(':');
  const column = p.column ? `${p.column}: ` : '';
  return `${place ? `${place}: ` : ''}${column}${t(p.key, p.params)}`;
}
