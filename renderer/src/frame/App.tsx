import { AppShell, NavLink, ScrollArea, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AuditView } from '../views/AuditView.tsx';
import { ChurnView } from '../views/churn/ChurnView.tsx';
import { ExperimentsView } from '../views/experiments/ExperimentsView.tsx';
import { ImportView } from '../views/ImportView.tsx';
import { OverviewView } from '../views/OverviewView.tsx';
import { SegmentsView } from '../views/segments/SegmentsView.tsx';
import { SqlView } from '../views/SqlView.tsx';
import { TablesView } from '../views/TablesView.tsx';
import { Header } from './Header.tsx';
import { PlannedView } from './PlannedView.tsx';
import { useShell } from './shell.tsx';
import type { ViewId } from './views.ts';
import { isViewId, views } from './views.ts';

const fromHash = (): ViewId => {
  const id = window.location.hash.slice(1);
  return isViewId(id) ? id : 'tables';
};

/** The workbench frame: header, left navigation, the current view. */
export function App() {
  const [current, setCurrent] = useState<ViewId>(fromHash);
  const { workspaceKey } = useShell();

  useEffect(() => {
    const onHash = () => setCurrent(fromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const view = views.find((v) => v.id === current) ?? views[0]!;
  const group = (name: 'Data' | 'Analyses') =>
    views
      .filter((v) => v.group === name)
      .map((v) => (
        <NavLink
          key={v.id}
          href={`#${v.id}`}
          label={v.label}
          active={v.id === current}
          aria-current={v.id === current ? 'page' : undefined}
          rightSection={
            v.planned ? (
              <Text size="xs" c="dimmed">
                soon
              </Text>
            ) : undefined
          }
        />
      ));

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Header />
      </AppShell.Header>
      <AppShell.Navbar p={4} aria-label="Views">
        <ScrollArea>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
            Data
          </Text>
          {group('Data')}
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4}>
            Analyses
          </Text>
          {group('Analyses')}
        </ScrollArea>
      </AppShell.Navbar>
      {/* A new workspace remounts the views: nothing of the old one stays on screen. */}
      <AppShell.Main key={workspaceKey} h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        {view.id === 'tables' ? (
          <TablesView />
        ) : view.id === 'sql' ? (
          <SqlView />
        ) : view.id === 'audit' ? (
          <AuditView />
        ) : view.id === 'import' ? (
          <ImportView />
        ) : view.id === 'overview' ? (
          <OverviewView />
        ) : view.id === 'segments' ? (
          <SegmentsView />
        ) : view.id === 'churn' ? (
          <ChurnView />
        ) : view.id === 'experiments' ? (
          <ExperimentsView />
        ) : (
          <PlannedView view={view} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
