// Every question huifang asks goes through here: the only importer of the prompt library (tests replace it).
import { styleText } from 'node:util';
import { checkbox, confirm, input, rawlist, search, select } from '@inquirer/prompts';
import type { MessageKey, Translate } from '../i18n/index.js';
import { PromptCancelled } from './cancelled.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  checked?: boolean;
}

export interface Prompter {
  /** Type-ahead search: `source` is called with what has been typed so far. */
  search<T>(message: string, source: (term: string) => Choice<T>[]): Promise<T>;
  select<T>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T>;
  /**
   * A choice that must be made, with no default: the clerk types a choice's key (a score its own
   * digit) and Enter; Enter alone asks again. For answers that go into the figures (SPEC §3.7).
   */
  pick<T>(message: string, choices: (Choice<T> & { key: string })[]): Promise<T>;
  checkbox<T>(message: string, choices: Choice<T>[]): Promise<T[]>;
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
}

async function guarded<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError')) throw new PromptCancelled();
    throw err;
  }
}

/** The prompt library's key hints name their actions (and the space bar) in English; these are ours, in both catalogues. */
const KEY_ACTIONS: Record<string, MessageKey> = {
  navigate: 'prompt.keyNavigate',
  select: 'prompt.keySelect',
  submit: 'prompt.keySubmit',
  all: 'prompt.keyAll',
  invert: 'prompt.keyInvert',
};

/** The real prompts, on the process's terminal, in the user's language. */
export function terminalPrompter(t: Translate): Prompter {
  const keysHelpTip = (keys: [string, string][]) =>
    keys.map(([key, action]) => `${styleText('bold', key === 'space' ? t('prompt.keySpace') : key)} ${styleText('dim', KEY_ACTIONS[action] ? t(KEY_ACTIONS[action]) : action)}`).join(styleText('dim', ' • '));
  const error = (text: string) => styleText('red', `> ${text}`);
  return {
    search: (message, source) =>
      guarded(() =>
        search({
          message,
          source: async (term) => source(term ?? ''),
          pageSize: 10,
          // The library's one message of its own is "No results found".
          theme: { style: { keysHelpTip, error: (text: string) => error(text === 'No results found' ? t('prompt.noResults') : text) } },
        }),
      ),
    select: (message, choices, defaultValue) => guarded(() => select({ message, choices, default: defaultValue, pageSize: 10, theme: { style: { keysHelpTip } } })),
    // rawlist's own errors are "Please input a value" and "… isn't an available option": both mean this.
    pick: (message, choices) => guarded(() => rawlist({ message, choices, theme: { style: { error: () => error(t('prompt.pickOne')) } } })),
    checkbox: (message, choices) => guarded(() => checkbox({ message, choices, pageSize: 10, theme: { style: { keysHelpTip } } })),
    input: (message, options = {}) => guarded(() => input({ message, default: options.default, validate: options.validate })),
    confirm: (message, defaultValue = true) =>
      guarded(() => confirm({ message, default: defaultValue, theme: { keywords: { yes: t('prompt.yes'), no: t('prompt.no'), error: () => t('prompt.yesOrNo') } } })),
  };
}
