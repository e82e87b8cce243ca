import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { ChartCard } from '../charts/ChartCard.tsx';
import { useJobs } from '../frame/jobs.tsx';
import { useToasts } from '../frame/toasts.tsx';
import { count, when } from '../format.ts';

type Report = Output<'audit.run'>;
type Severity = Report['checks'][number]['severity'];

const order: { severity: Severity; label: string; color: string }[] = [
  { severity: 'error', label: 'Errors', color: 'red' },
  { severity: 'warning', label: 'Warnings', color: 'orange' },
  { severity: 'info', label: 'Information', color: 'blue' },
];

const show = (v: number | string | null) => (v === null ? '' : typeof v === 'number' ? count(v) : v);

/** The data audit: findings by severity with hints, then events per day and per user. */
export function AuditView() {
  const engine = useEngine();
  const toasts = useToasts();
  const { dataVersion } = useJobs();
  const [report, setReport] = useState<Report | null>(null);
  const [running, setRunning] = useState(false);

  const run = useCallback(() => {
    setRunning(true);
    engine
      .call('audit.run', {})
      .then(setReport, (error: unknown) => toasts.error(error, 'The audit failed'))
      .finally(() => setRunning(false));
  }, [engine, toasts]);

  useEffect(run, [run, dataVersion]);

  const perDay = useMemo(
    () =>
      report
        ? [
            {
              type: 'scatter',
              mode: 'lines',
              name: 'Events',
              x: report.charts.eventsPerDay.map((d) => d.day),
              y: report.charts.eventsPerDay.map((d) => d.events),
            },
          ]
        : [],
    [report],
  );
  const perUser = useMemo(
    () =>
      report
        ? [
            {
              type: 'bar',
              name: 'Users',
              x: report.charts.eventsPerUser.map((d) => d.bucket),
              y: report.charts.eventsPerUser.map((d) => d.users),
            },
          ]
        : [],
    [report],
  );

  const errors = report?.checks.filter((c) => c.severity === 'error').length ?? 0;
  const warnings = report?.checks.filter((c) => c.severity === 'warning').length ?? 0;

  return (
    <Stack gap="sm" style={{ opacity: running && report ? 0.6 : 1, overflow: 'auto', flex: 1, minHeight: 0 }}>
      <Group justify="space-between">
        <Title order={3}>Audit</Title>
        <Group gap="sm">
          {running && <Loader size="xs" aria-label="Auditing" />}
          <Button variant="default" onClick={run} disabled={running}>
            Re-run audit
          </Button>
        </Group>
      </Group>
      {!report ? (
        running ? (
          <Text size="sm" c="dimmed">
            Auditing the workspace…
          </Text>
        ) : null
      ) : report.summary.rows === 0 ? (
        <Alert color="gray" title="No events yet">
          Import an event export under Data → Import; the audit then checks it for duplicates, gaps and odd
          values.
        </Alert>
      ) : (
        <>
          <Text size="sm" data-testid="audit-finding">
            {count(report.summary.rows)} events from {count(report.summary.users)} users,{' '}
            {when(report.summary.first)} to {when(report.summary.last)}:{' '}
            {errors + warnings === 0
              ? 'no problems found.'
              : `${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'} to look at.`}
          </Text>
          <SimpleGrid cols={2} spacing="sm">
            <ChartCard
              title="Events per day"
              xTitle="Day (UTC)"
              yTitle="Events"
              data={perDay}
              filename="events-per-day"
            />
            <ChartCard
              title="Users by number of events"
              xTitle="Events per user"
              yTitle="Users"
              data={perUser}
              filename="events-per-user"
            />
          </SimpleGrid>
          {order.map(({ severity, label, color }) => {
            const checks = report.checks.filter((c) => c.severity === severity);
            if (checks.length === 0) return null;
            return (
              <Stack key={severity} gap={6} aria-label={label} role="group">
                <Group gap="xs">
                  <Text size="sm" fw={600}>
                    {label}
                  </Text>
                  <Badge size="sm" color={color} variant="light">
                    {checks.length}
                  </Badge>
                </Group>
                {checks.map((c) => (
                  <Card
                    key={c.id}
                    withBorder
                    padding="xs"
                    style={{ borderLeft: `3px solid var(--mantine-color-${color}-6)` }}
                  >
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Text size="sm">{c.message}</Text>
                      <Text size="sm" ff="monospace" c="dimmed">
                        {show(c.value)}
                      </Text>
                    </Group>
                    {c.hint && (
                      <Text size="xs" c="dimmed" mt={2}>
                        {c.hint}
                      </Text>
                    )}
                  </Card>
                ))}
              </Stack>
            );
          })}
        </>
      )}
    </Stack>
  );
}
