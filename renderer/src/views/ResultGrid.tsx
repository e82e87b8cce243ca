import { Box, useComputedColorScheme } from '@mantine/core';
import type { VirtualItem } from '@tanstack/react-virtual';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { useToasts } from '../frame/toasts.tsx';
import { cell } from '../format.ts';

type Result = Output<'sql.query'>;
type Row = Record<string, unknown>;

const ROW = 24;
const PAGE = 200;
const KEEP_PAGES = 60;
/** Browsers cap an element's height (~33M px in Chromium); past this the scrollbar is scaled. */
const MAX_DOM_HEIGHT = 8_000_000;
const NUM_W = 90;
const COL_W = 160;

/**
 * A virtualised grid over a kept DuckDB result: only the visible rows are painted, and pages of
 * 200 rows are fetched with `sql.page` as they come into view, so a 5M-row result scrolls without
 * loading it. Past the browser's height limit the scrollbar is scaled: the virtualizer works in
 * "virtual" pixels and the DOM scroll position is mapped onto them.
 */
export function ResultGrid({
  result,
  jumpTo,
}: {
  result: Result;
  jumpTo: { row: number; at: number } | null;
}) {
  const engine = useEngine();
  const toasts = useToasts();
  const scheme = useComputedColorScheme('light');
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, Row[]>());
  const pending = useRef(new Set<number>());
  const [, setTick] = useState(0);

  const virtualHeight = (result.total + 1) * ROW;
  const domHeight = Math.min(virtualHeight, MAX_DOM_HEIGHT);
  const scale = () => {
    const vh = scroller.current?.clientHeight ?? 600;
    return virtualHeight > MAX_DOM_HEIGHT ? (virtualHeight - vh) / Math.max(1, domHeight - vh) : 1;
  };

  useEffect(() => {
    pages.current = new Map();
    pending.current = new Set();
    scroller.current?.scrollTo({ top: 0 });
    setTick((t) => t + 1);
  }, [result.resultId]);

  const virtualizer = useVirtualizer({
    count: result.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
    paddingStart: ROW,
    scrollPaddingStart: ROW,
    observeElementOffset: (instance, cb) => {
      const el = instance.scrollElement;
      if (!el) return;
      const handler = () => cb(el.scrollTop * scale(), true);
      const idle = () => cb(el.scrollTop * scale(), false);
      handler();
      el.addEventListener('scroll', handler, { passive: true });
      el.addEventListener('scrollend', idle, { passive: true });
      return () => {
        el.removeEventListener('scroll', handler);
        el.removeEventListener('scrollend', idle);
      };
    },
    scrollToFn: (offset, { behavior }, instance) => {
      instance.scrollElement?.scrollTo({
        top: offset / scale(),
        behavior: behavior === 'smooth' ? 'smooth' : 'auto',
      });
    },
  });

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    const want: number[] = [];
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++)
      if (!pages.current.has(p) && !pending.current.has(p)) want.push(p);
    for (const p of want) {
      pending.current.add(p);
      const id = result.resultId;
      engine
        .call('sql.page', { resultId: id, offset: p * PAGE, limit: PAGE })
        .then((page) => {
          pending.current.delete(p);
          pages.current.set(p, page.rows);
          while (pages.current.size > KEEP_PAGES) pages.current.delete(pages.current.keys().next().value!);
          setTick((t) => t + 1);
        })
        .catch((error: unknown) => {
          pending.current.delete(p);
          toasts.error(error, 'Could not fetch result rows');
        });
    }
  }, [first, last, result.resultId, engine, toasts]);

  // The virtualizer clamps scrollToIndex to the DOM's (scaled) height, so jumps map rows directly.
  useEffect(() => {
    const el = scroller.current;
    if (!jumpTo || !el) return;
    el.scrollTop = (Math.min(jumpTo.row, result.total - 1) * ROW) / scale();
  }, [jumpTo, result.total]);

  // Once the jumped-to row is painted with its data, record how long it took (read by the e2e test).
  const jumpPage = jumpTo ? pages.current.get(Math.floor(jumpTo.row / PAGE)) : undefined;
  useEffect(() => {
    if (!jumpTo || !jumpPage || jumpTo.row < first || jumpTo.row > last) return;
    const frame = requestAnimationFrame(() =>
      scroller.current?.setAttribute('data-jump-ms', String(Math.round(performance.now() - jumpTo.at))),
    );
    return () => cancelAnimationFrame(frame);
  }, [jumpTo, jumpPage, first, last]);

  const offset = virtualizer.scrollOffset ?? 0;
  const scrollTop = scroller.current?.scrollTop ?? 0;
  const width = NUM_W + result.columns.length * COL_W;
  const border = scheme === 'dark' ? 'var(--mantine-color-dark-4)' : 'var(--mantine-color-gray-3)';
  const headBg = scheme === 'dark' ? 'var(--mantine-color-dark-6)' : 'var(--mantine-color-gray-0)';

  const rowView = (item: VirtualItem) => {
    const row = pages.current.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
    return (
      <div
        key={item.key}
        role="row"
        aria-rowindex={item.index + 2}
        data-row={item.index}
        style={{
          position: 'absolute',
          top: 0,
          left: 0,
          width,
          height: ROW,
          transform: `translateY(${item.start - offset + scrollTop}px)`,
          display: 'flex',
          borderBottom: `1px solid ${border}`,
        }}
      >
        <div
          role="rowheader"
          style={{ ...cellStyle, width: NUM_W, color: 'var(--mantine-color-dimmed)', textAlign: 'right' }}
        >
          {(item.index + 1).toLocaleString('en-US')}
        </div>
        {result.columns.map((c) => {
          const v = row?.[c.name];
          return (
            <div
              key={c.name}
              role="gridcell"
              style={{
                ...cellStyle,
                width: COL_W,
                color: v === null ? 'var(--mantine-color-dimmed)' : undefined,
              }}
            >
              {row ? cell(v) : '…'}
            </div>
          );
        })}
      </div>
    );
  };

  return (
    <Box
      ref={scroller}
      role="grid"
      aria-label="Query results"
      aria-rowcount={result.total + 1}
      aria-colcount={result.columns.length + 1}
      tabIndex={0}
      data-testid="result-grid"
      style={{
        flex: 1,
        minHeight: 0,
        overflow: 'auto',
        position: 'relative',
        border: `1px solid ${border}`,
        fontSize: 12,
      }}
    >
      <div style={{ height: domHeight, width, position: 'relative' }}>
        <div
          role="row"
          aria-rowindex={1}
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 1,
            display: 'flex',
            height: ROW,
            width,
            background: headBg,
            borderBottom: `1px solid ${border}`,
          }}
        >
          <div role="columnheader" style={{ ...cellStyle, width: NUM_W, textAlign: 'right' }}>
            #
          </div>
          {result.columns.map((c) => (
            <div
              key={c.name}
              role="columnheader"
              title={c.type}
              style={{ ...cellStyle, width: COL_W, fontWeight: 600 }}
            >
              {c.name}{' '}
              <span style={{ color: 'var(--mantine-color-dimmed)', fontWeight: 400 }}>
                {c.type.toLowerCase()}
              </span>
            </div>
          ))}
        </div>
        {items.map(rowView)}
      </div>
    </Box>
  );
}

const cellStyle = {
  padding: '0 8px',
  lineHeight: `${ROW}px`,
  whiteSpace: 'nowrap',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  fontFamily: 'var(--mantine-font-family-monospace)',
  flexShrink: 0,
} as const;
