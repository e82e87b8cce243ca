import { Alert, Group, Loader, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Data } from 'plotly.js-dist-min';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Input, Output } from '../api/EngineClient.ts';
import { asEngineError } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { ChartCard } from '../charts/ChartCard.tsx';
import { palette } from '../charts/Plot.tsx';
import { useJobs } from '../frame/jobs.tsx';
import { count } from '../format.ts';

type Metrics = Output<'overview.metrics'>;

/** One colour per measure, the same in every chart of this view (Okabe–Ito). */
const colour = {
  dau: palette[0],
  wau: palette[1],
  mau: palette[2],
  stickiness: palette[3],
  newUsers: palette[4],
  returningUsers: palette[5],
  events: palette[0],
};

const browserZone = (() => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
})();

const commonZones = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Australia/Sydney',
];

const zoneOptions = [
  { value: 'UTC', label: 'UTC' },
  ...(browserZone !== 'UTC' ? [{ value: browserZone, label: `${browserZone} (this computer)` }] : []),
  ...commonZones.filter((z) => z !== 'UTC' && z !== browserZone).map((z) => ({ value: z, label: z })),
];

/** Empty, or a real calendar day written YYYY-MM-DD. */
const isDay = (s: string) =>
  s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

const storageKey = 'engage.overview.options';
interface Options {
  from: string;
  to: string;
  timeZone: string;
}
function savedOptions(): Options {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Partial<Options> | null;
    if (raw && typeof raw === 'object')
      return {
        from: typeof raw.from === 'string' && isDay(raw.from) ? raw.from : '',
        to: typeof raw.to === 'string' && isDay(raw.to) ? raw.to : '',
        timeZone: typeof raw.timeZone === 'string' && raw.timeZone ? raw.timeZone : 'UTC',
      };
  } catch {
    // Unreadable saved options: start from the defaults.
  }
  return { from: '', to: '', timeZone: 'UTC' };
}

/** The plain-language finding above the charts. */
function finding(m: Metrics): string {
  const first = m.days[0]?.day ?? m.from ?? '…';
  const last = m.days.at(-1);
  const range = `Over ${first} – ${last?.day ?? m.to ?? '…'} (${m.timeZone})`;
  const base = `${range}, ${count(m.totals.users)} user${m.totals.users === 1 ? '' : 's'} produced ${count(m.totals.events)} event${m.totals.events === 1 ? '' : 's'}`;
  if (!last) return `${base}.`;
  return (
    `${base}; on the last day ${count(last.dau)} ${last.dau === 1 ? 'was' : 'were'} active (DAU), ` +
    `${count(last.mau)} in the last 28 days (MAU)` +
    (last.stickiness === null ? '.' : `: stickiness ${percent(last.stickiness)}.`)
  );
}

/**
 * Engagement over a date range: DAU / WAU / MAU, stickiness, new vs returning users and events by
 * name, with days counted in the chosen time zone. Changing an option reloads by itself; the old
 * results stay visible, dimmed, until the new ones arrive.
 */
export function OverviewView() {
  const engine = useEngine();
  const { dataVersion } = useJobs();
  const [options, setOptions] = useState<Options>(savedOptions);
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const latest = useRef(0);

  const valid = isDay(options.from) && isDay(options.to);
  const reversed = options.from !== '' && options.to !== '' && options.from > options.to;

  useEffect(() => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(options));
    } catch {
      // Storage full or disabled: the options simply are not remembered.
    }
  }, [options]);

  useEffect(() => {
    if (!valid || reversed) return;
    const id = ++latest.current;
    const input: Input<'overview.metrics'> = { timeZone: options.timeZone };
    if (options.from) input.from = options.from;
    if (options.to) input.to = options.to;
    setRunning(true);
    engine.call('overview.metrics', input).then(
      (result) => {
        if (id !== latest.current) return;
        setMetrics(result);
        setError(null);
        setRunning(false);
      },
      (e: unknown) => {
        if (id !== latest.current) return;
        const err = asEngineError(e);
        setError(
          err.name === 'InvalidInput'
            ? `${err.message} Check the dates (YYYY-MM-DD) and the time zone.`
            : err.message,
        );
        setRunning(false);
      },
    );
  }, [engine, options, valid, reversed, dataVersion]);

  const activeUsers = useMemo<Data[]>(() => {
    if (!metrics) return [];
    const x = metrics.days.map((d) => d.day);
    // Dashes keep a line visible where it coincides with another (WAU = MAU on steady data).
    const line = (name: string, y: number[], color: string | undefined, dash: string): Data => ({
      type: 'scatter',
      mode: 'lines',
      name,
      x,
      y,
      line: { color, width: 2, dash },
      hovertemplate: `%{x}<br>${name}: %{y:,}<extra></extra>`,
    });
    return [
      line(
        'DAU',
        metrics.days.map((d) => d.dau),
        colour.dau,
        'solid',
      ),
      line(
        'WAU',
        metrics.days.map((d) => d.wau),
        colour.wau,
        'dash',
      ),
      line(
        'MAU',
        metrics.days.map((d) => d.mau),
        colour.mau,
        'dot',
      ),
    ];
  }, [metrics]);

  const stickiness = useMemo<Data[]>(
    () =>
      metrics
        ? [
            {
              type: 'scatter',
              mode: 'lines',
              name: 'Stickiness',
              x: metrics.days.map((d) => d.day),
              y: metrics.days.map((d) => (d.stickiness === null ? null : d.stickiness * 100)),
              line: { color: colour.stickiness, width: 2 },
              hovertemplate: '%{x}<br>Stickiness: %{y:.1f}%<extra></extra>',
            },
          ]
        : [],
    [metrics],
  );

  const newVsReturning = useMemo<Data[]>(() => {
    if (!metrics) return [];
    const x = metrics.days.map((d) => d.day);
    const returning = metrics.days.map((d) => d.returningUsers);
    // Stacked without touching the layout: the same offset group, the second bar starts where the first ends.
    return [
      {
        type: 'bar',
        name: 'Returning users',
        x,
        y: returning,
        offsetgroup: 'users',
        marker: { color: colour.returningUsers },
        hovertemplate: '%{x}<br>Returning: %{y:,}<extra></extra>',
      },
      {
        type: 'bar',
        name: 'New users',
        x,
        y: metrics.days.map((d) => d.newUsers),
        base: returning,
        offsetgroup: 'users',
        marker: { color: colour.newUsers },
        hovertemplate: '%{x}<br>New: %{customdata:,}<extra></extra>',
        customdata: metrics.days.map((d) => d.newUsers),
      },
    ];
  }, [metrics]);

  const byName = useMemo<Data[]>(() => {
    if (!metrics) return [];
    const top = metrics.eventsByName.slice(0, 15).reverse();
    return [
      {
        type: 'bar',
        orientation: 'h',
        name: 'Events',
        x: top.map((e) => e.events),
        y: top.map((e) => e.event),
        customdata: top.map((e) => e.users),
        marker: { color: colour.events },
        hovertemplate: '%{y}<br>%{x:,} events from %{customdata:,} users<extra></extra>',
      },
    ];
  }, [metrics]);

  const set = (patch: Partial<Options>) => setOptions((o) => ({ ...o, ...patch }));
  const dayAxis = `Day (${metrics?.timeZone ?? options.timeZone})`;
  const shownNames = Math.min(15, metrics?.eventsByName.length ?? 0);

  return (
    <Stack gap="sm" style={{ overflow: 'auto', flex: 1, minHeight: 0 }}>
      <Group justify="space-between">
        <Title order={3}>Overview</Title>
        {running && <Loader size="xs" aria-label="Loading the overview" />}
      </Group>
      <Group gap="sm" align="flex-end" role="group" aria-label="Overview options">
        <TextInput
          label="From"
          placeholder="YYYY-MM-DD"
          w={130}
          size="xs"
          value={options.from}
          onChange={(e) => set({ from: e.currentTarget.value })}
          error={
            options.from.length >= 10 && !isDay(options.from)
              ? 'Use YYYY-MM-DD'
              : reversed
                ? 'After “To”'
                : undefined
          }
        />
        <TextInput
          label="To"
          placeholder="YYYY-MM-DD"
          w={130}
          size="xs"
          value={options.to}
          onChange={(e) => set({ to: e.currentTarget.value })}
          error={options.to.length >= 10 && !isDay(options.to) ? 'Use YYYY-MM-DD' : undefined}
        />
        <NativeSelect
          label="Time zone"
          size="xs"
          value={options.timeZone}
          data={
            zoneOptions.some((z) => z.value === options.timeZone)
              ? zoneOptions
              : [...zoneOptions, { value: options.timeZone, label: options.timeZone }]
          }
          onChange={(e) => set({ timeZone: e.currentTarget.value })}
        />
        <Text size="xs" c="dimmed" pb={6}>
          Empty dates: all the data. Changes apply at once.
        </Text>
      </Group>
      {error && (
        <Alert color="red" title="Could not compute the overview">
          {error}
        </Alert>
      )}
      {!metrics ? (
        running ? (
          <Text size="sm" c="dimmed">
            Computing the overview…
          </Text>
        ) : null
      ) : metrics.totals.events === 0 && metrics.days.length === 0 ? (
        <Alert color="gray" title="No events in this range">
          {options.from || options.to
            ? 'Widen the date range, or clear both dates to see all the data.'
            : 'Import an event export under Data → Import; this view then shows active users, stickiness and the most frequent events.'}
        </Alert>
      ) : (
        <Stack
          gap="sm"
          style={{ opacity: running ? 0.5 : 1, transition: 'opacity 120ms' }}
          aria-busy={running}
          data-testid="overview-results"
        >
          <Text size="sm" data-testid="overview-finding">
            {finding(metrics)}
          </Text>
          <Text size="xs" c="dimmed">
            Days in {metrics.timeZone}. DAU counts the users active that day; WAU and MAU the distinct users
            of the 7 and 28 days ending that day (fewer days near the start of the data); stickiness is DAU /
            MAU. New users had their first event ever that day.
          </Text>
          <SimpleGrid cols={2} spacing="sm">
            <ChartCard
              title="Active users: DAU, WAU, MAU"
              xTitle={dayAxis}
              yTitle="Users"
              data={activeUsers}
              filename="active-users"
            />
            <ChartCard
              title="Stickiness (DAU / MAU)"
              xTitle={dayAxis}
              yTitle="Stickiness (%)"
              data={stickiness}
              filename="stickiness"
            />
            <ChartCard
              title="New vs returning users per day"
              xTitle={dayAxis}
              yTitle="Users"
              data={newVsReturning}
              filename="new-vs-returning"
            />
            <ChartCard
              title={`Events by name (top ${shownNames})`}
              xTitle="Events"
              yTitle="Event"
              data={byName}
              height={Math.max(280, 80 + shownNames * 22)}
              filename="events-by-name"
            />
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
