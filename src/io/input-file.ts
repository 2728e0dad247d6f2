// Every file huifang reads: it must exist and be a regular file, and a whole-file read is bounded.
import fs from 'node:fs';
import { InputError } from '../errors.js';

/**
 * Refuse what is not a regular file before reading a byte: a device or a pipe never ends
 * (`/dev/zero` would hang the command), and a folder is not a file.
 */
export function checkInputFile(file: string): fs.Stats {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new InputError('csv.missing', { file });
  if (!stat.isFile()) throw new InputError('csv.notAFile', { file });
  return stat;
}

/**
 * A small text document read whole (a policy, a holiday-cn year): a policy is a few KiB and a
 * year of holidays less, so 4 MiB is far beyond any real one and keeps a wrong file from filling memory.
 */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export function readTextDocument(file: string): string {
  const stat = checkInputFile(file);
  if (stat.size > MAX_DOCUMENT_BYTES) throw new InputError('input.tooLarge', { file, max: '4 MiB' });
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}
