// An issue as a person reads it: level · category · description (· department), in the user's language.
import { vocabularyLabel, type Translate } from '../i18n/index.js';

export interface IssueWords {
  level: string;
  category: string;
  description: string;
  department?: string | null;
}

export function issueText(t: Translate, i: IssueWords): string {
  return [vocabularyLabel(t, 'level', i.level), vocabularyLabel(t, 'category', i.category), i.description, i.department]
    .filter(Boolean)
    .join(' · ');
}
