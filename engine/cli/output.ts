/** How the CLI talks: results on stdout, progress and errors on stderr, one `error: …` line on failure. */

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (then progress redraws one line). */
  readonly tty: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: Boolean(process.stderr.isTTY),
};

/** A usage or input mistake: printed as `error: …` with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A progress line on stderr: redrawn in place on a terminal; elsewhere (logs, CI) a line at most
 * every five seconds so that long work still shows it is alive.
 */
export function progressLine(io: Io): { update(message: string): void; done(): void } {
  // Off a terminal, the first line waits five seconds: short work prints nothing.
  let last = io.tty ? 0 : Date.now();
  let shown = false;
  return {
    update(message) {
      const now = Date.now();
      if (io.tty) {
        if (now - last < 100) return;
        io.err(`\r\x1b[2K${message}`);
        shown = true;
      } else {
        if (now - last < 5000) return;
        io.err(`${message}\n`);
      }
      last = now;
    },
    done() {
      if (shown) io.err('\r\x1b[2K');
      shown = false;
    },
  };
}

/** Rows as an aligned text table (for people; `--json` and `--csv` are for machines). */
export function formatTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const names = columns ?? Object.keys(rows[0] ?? {});
  if (names.length === 0) return '(no columns)\n';
  const cell = (v: unknown) => (v === null || v === undefined ? 'NULL' : scalarText(v));
  const cells = rows.map((r) => names.map((n) => cell(r[n]).replace(/\s+/g, ' ').slice(0, 60)));
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return (
    [line(names), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') +
    `\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`
  );
}

/** RFC 4180 CSV of rows. */
export function formatCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const names = columns ?? Object.keys(rows[0] ?? {});
  const quote = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = scalarText(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return (
    [names.map(quote).join(','), ...rows.map((r) => names.map((n) => quote(r[n])).join(','))].join('\n') +
    '\n'
  );
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

function scalarText(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
    ? String(v)
    : JSON.stringify(v);
}
