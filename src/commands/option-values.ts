// Checking option values with the same parsers as imports, reporting every bad option at once (exit 3).
import { InputError, type Problem } from '../errors.js';
import type { Parsed } from '../io/parse-values.js';

export class OptionChecker {
  readonly problems: Problem[] = [];

  /** Parse an option's text when given; undefined when the option was not used. */
  value<T>(option: string, text: string | undefined, parse: (t: string) => Parsed<T>): T | undefined {
    if (text === undefined) return undefined;
    const r = parse(text);
    if (r.ok) return r.value;
    this.problems.push({ column: option, key: r.key, params: r.params });
    return undefined;
  }

  /** Throw one InputError naming every bad option, if there were any. */
  done(): void {
    if (this.problems.length) throw new InputError('option.invalid', { count: this.problems.length }, this.problems);
  }
}
