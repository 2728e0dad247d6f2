// Every question huifang asks goes through here: the only importer of the prompt library (tests replace it).
import { checkbox, confirm, input, search, select } from '@inquirer/prompts';
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

/** The real prompts, on the process's terminal. */
export function terminalPrompter(): Prompter {
  return {
    search: (message, source) => guarded(() => search({ message, source: async (term) => source(term ?? ''), pageSize: 10 })),
    select: (message, choices, defaultValue) => guarded(() => select({ message, choices, default: defaultValue, pageSize: 10 })),
    checkbox: (message, choices) => guarded(() => checkbox({ message, choices, pageSize: 10 })),
    input: (message, options = {}) => guarded(() => input({ message, default: options.default, validate: options.validate })),
    confirm: (message, defaultValue = true) => guarded(() => confirm({ message, default: defaultValue })),
  };
}
