import { Button, Tooltip } from '@mantine/core';
import { useToasts } from '../frame/toasts.tsx';

/** Copies a result table as tab-separated text (pastes into a spreadsheet). */
export function CopyTsv({ rows, what }: { rows: readonly (readonly (string | number)[])[]; what: string }) {
  const toasts = useToasts();
  const copy = () => {
    navigator.clipboard.writeText(rows.map((r) => r.join('\t')).join('\n')).then(
      () => toasts.info('Copied', `${what} is on the clipboard as TSV.`, 'blue'),
      (e: unknown) => toasts.error(e, `Could not copy ${what}`),
    );
  };
  return (
    <Tooltip label="Copy as TSV">
      <Button variant="subtle" size="compact-xs" onClick={copy} aria-label={`Copy ${what} as TSV`}>
        Copy
      </Button>
    </Tooltip>
  );
}
