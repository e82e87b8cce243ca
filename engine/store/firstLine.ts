/** The first line of an error's message, trimmed: DuckDB appends a `LINE n:` excerpt after it. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).trim();
}
