// JSON output: one document on stdout, two-space indented, always parseable.
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
