import { Button, Tooltip } from '@mantine/core';
import { useToasts } from '../../frame/toasts.tsx';
import { tsv } from './experimentFormat.ts';

/** Copies a result table as tab-separated text (pastes into a spreadsheet). */
export function CopyTsv({ rows, what }: { rows: (string | number)[][]; what: string }) {
  const toasts = useToasts();
  const copy = () => {
    navigator.clipboard.writeText(tsv(rows)).then(
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
