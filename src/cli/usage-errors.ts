// Commander's parse errors, re-said in the user's language (exit 2).
import type { CommanderError } from 'commander';
import type { MessageKey, MessageParams } from '../i18n/index.js';

/** Commander quotes the offending word in its message; we keep the word and translate the rest. */
export function usageErrorFrom(err: CommanderError): { key: MessageKey; params: MessageParams; suggestion?: string } {
  const suggestion = /\(Did you mean (.+)\?\)/.exec(err.message)?.[1];
  return suggestion === undefined ? usageOf(err) : { ...usageOf(err), suggestion };
}

function usageOf(err: CommanderError): { key: MessageKey; params: MessageParams } {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'commander.unknownOption':
      return { key: 'usage.unknownOption', params: { option: quoted } };
    case 'commander.unknownCommand':
      return { key: 'usage.unknownCommand', params: { command: quoted } };
    case 'commander.missingArgument':
      return { key: 'usage.missingArgument', params: { argument: quoted } };
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue':
      return { key: 'usage.optionMissingValue', params: { option: quoted } };
    case 'commander.excessArguments':
      return { key: 'usage.excessArguments', params: {} };
    case 'commander.invalidArgument':
      return { key: 'usage.invalidArgument', params: { detail: err.message.replace(/^error: /, '') } };
    default:
      return { key: 'usage.other', params: { detail: err.message.replace(/^error: /, '') } };
  }
}
