import { Tabs } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useEngine } from '../../api/EngineContext.tsx';
import { useJobs } from '../../frame/jobs.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { AnalysisTab } from './AnalysisTab.tsx';
import { DesignPanel } from './DesignPanel.tsx';
import { PowerPanel } from './PowerPanel.tsx';

/**
 * Experiments: the analysis of a workspace experiment or an assignments file (sample-ratio check,
 * per-metric findings with intervals, forest and interaction plots, ANOVA, HTML report), the power
 * calculator, and the design helper that writes a balanced full-factorial assignment.
 */
export function ExperimentsView() {
  const engine = useEngine();
  const toasts = useToasts();
  const { dataVersion } = useJobs();
  const [workspacePath, setWorkspacePath] = useState<string | null>(null);
  const [events, setEvents] = useState<number | null>(null);
  const [tab, setTab] = useState<string | null>('analysis');

  useEffect(() => {
    engine.call('workspace.info', {}).then(
      (info) => {
        setWorkspacePath(info.path);
        setEvents(info.events);
      },
      (e: unknown) => toasts.error(e, 'Could not read the workspace'),
    );
  }, [engine, toasts, dataVersion]);

  return (
    <Tabs
      value={tab}
      onChange={setTab}
      // Hidden tabs stay mounted with their effects: coming back neither re-runs the analysis nor redraws.
      keepMounted
      keepMountedMode="display-none"
      style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      data-testid="experiments-view"
    >
      <Tabs.List>
        <Tabs.Tab value="analysis">Analysis</Tabs.Tab>
        <Tabs.Tab value="power">Power calculator</Tabs.Tab>
        <Tabs.Tab value="design">Design</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel
        value="analysis"
        style={{
          flex: 1,
          minHeight: 0,
          minWidth: 0,
          flexDirection: 'column',
          display: tab === 'analysis' ? 'flex' : 'none',
        }}
      >
        <AnalysisTab workspacePath={workspacePath} events={events} />
      </Tabs.Panel>
      <Tabs.Panel value="power" style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        <PowerPanel />
      </Tabs.Panel>
      <Tabs.Panel value="design" style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        <DesignPanel workspacePath={workspacePath} />
      </Tabs.Panel>
    </Tabs>
  );
}
