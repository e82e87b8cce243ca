import {
  Button,
  Group,
  Kbd,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { useToasts } from '../frame/toasts.tsx';
import { count, duration } from '../format.ts';
import { ResultChart } from './chart/ResultChart.tsx';
import { ResultGrid } from './ResultGrid.tsx';

const HISTORY_KEY = 'engage.sql.history';
const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

function loadHistory(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/** The SQL explorer: an editor, Run (Ctrl/Cmd+Enter), recent queries, and a paged result grid. */
export function SqlView() {
  const engine = useEngine();
  const toasts = useToasts();
  const [sql, setSql] = useState(
    () =>
      loadHistory()[0] ?? 'SELECT event, count(*) AS events\nFROM events\nGROUP BY ALL\nORDER BY events DESC',
  );
  const [history, setHistory] = useState(loadHistory);
  const [result, setResult] = useState<Output<'sql.query'> | null>(null);
  const [running, setRunning] = useState(false);
  const [jumpRow, setJumpRow] = useState<number | string>('');
  const [jumpTo, setJumpTo] = useState<{ row: number; at: number } | null>(null);
  const [exportPath, setExportPath] = useState('');
  const [exporting, setExporting] = useState(false);
  const [show, setShow] = useState<'table' | 'chart'>('table');
  const sqlRef = useRef(sql);
  sqlRef.current = sql;

  const run = useCallback(() => {
    const text = sqlRef.current.trim();
    if (!text) return;
    setRunning(true);
    engine
      .call('sql.query', { sql: text })
      .then((r) => {
        setResult(r);
        setHistory((h) => {
          const next = [text, ...h.filter((q) => q !== text)].slice(0, 20);
          localStorage.setItem(HISTORY_KEY, JSON.stringify(next));
          return next;
        });
      })
      .catch((error: unknown) => toasts.error(error, 'The query failed'))
      .finally(() => setRunning(false));
  }, [engine, toasts]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  /** Writes the whole result (not only the rows on screen) to a file on this computer. */
  const exportResult = () => {
    const path = exportPath.trim();
    if (!result || !path) return;
    const format = path.toLowerCase().endsWith('.parquet') ? 'parquet' : 'csv';
    setExporting(true);
    engine
      .call('sql.export', { resultId: result.resultId, path, format })
      .then((r) => toasts.info('Exported', `${count(r.rows)} rows written to ${r.path}`))
      .catch((error: unknown) => toasts.error(error, 'The export failed'))
      .finally(() => setExporting(false));
  };

  const jump = () => {
    const n = typeof jumpRow === 'number' ? jumpRow : Number(jumpRow);
    if (Number.isFinite(n) && n >= 1) setJumpTo({ row: Math.floor(n) - 1, at: performance.now() });
  };

  return (
    <Stack gap="sm" style={{ flex: 1, minHeight: 0 }}>
      <Group justify="space-between">
        <Title order={3}>SQL explorer</Title>
        <Text size="xs" c="dimmed">
          DuckDB SQL over the workspace · <Kbd size="xs">{mod}</Kbd>+<Kbd size="xs">Enter</Kbd> runs
        </Text>
      </Group>
      <Group align="stretch" gap="sm" wrap="nowrap">
        <Textarea
          aria-label="SQL query"
          value={sql}
          onChange={(e) => setSql(e.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={10}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          style={{ flex: 1 }}
        />
        <Stack gap={4} w={260} style={{ overflow: 'hidden' }} aria-label="Recent queries">
          <Text size="xs" fw={600} c="dimmed">
            Recent queries
          </Text>
          {history.length === 0 && (
            <Text size="xs" c="dimmed">
              Queries you run appear here.
            </Text>
          )}
          {history.slice(0, 6).map((q) => (
            <UnstyledButton key={q} onClick={() => setSql(q)} title={q} aria-label={`Use query: ${q}`}>
              <Text size="xs" ff="monospace" truncate>
                {q.replace(/\s+/g, ' ')}
              </Text>
            </UnstyledButton>
          ))}
        </Stack>
      </Group>
      <Group gap="sm">
        <Button onClick={run} loading={running} aria-label="Run query">
          Run
        </Button>
        {result && (
          <>
            <Button.Group aria-label="Show the result as">
              <Button
                variant={show === 'table' ? 'filled' : 'default'}
                onClick={() => setShow('table')}
                aria-pressed={show === 'table'}
              >
                Table
              </Button>
              <Button
                variant={show === 'chart' ? 'filled' : 'default'}
                onClick={() => setShow('chart')}
                aria-pressed={show === 'chart'}
                title="A chart of the whole result, proposed from its columns"
              >
                Chart
              </Button>
            </Button.Group>
            <Text size="sm" data-testid="result-summary">
              <b>{count(result.total)}</b> rows · {result.columns.length} columns · {duration(result.seconds)}
            </Text>
            {show === 'table' && (
              <>
                <NumberInput
                  aria-label="Go to row"
                  placeholder="Go to row"
                  size="xs"
                  w={140}
                  min={1}
                  max={result.total}
                  thousandSeparator=","
                  hideControls
                  value={jumpRow}
                  onChange={setJumpRow}
                  onKeyDown={(e) => e.key === 'Enter' && jump()}
                />
                <Button variant="default" onClick={jump}>
                  Go
                </Button>
              </>
            )}
            <TextInput
              aria-label="Export to file"
              placeholder="Export to /path/result.csv or .parquet"
              size="xs"
              w={280}
              value={exportPath}
              onChange={(e) => setExportPath(e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Enter' && exportResult()}
            />
            <Button
              variant="default"
              onClick={exportResult}
              loading={exporting}
              disabled={!exportPath.trim()}
            >
              Export
            </Button>
          </>
        )}
      </Group>
      {result && show === 'chart' ? (
        <ResultChart key={result.resultId} result={result} />
      ) : result ? (
        <ResultGrid result={result} jumpTo={jumpTo} />
      ) : (
        <Text size="sm" c="dimmed">
          Write a query and press Run. Results of any size page in from DuckDB as you scroll.
        </Text>
      )}
    </Stack>
  );
}
