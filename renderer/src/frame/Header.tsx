import {
  ActionIcon,
  Group,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { count, when } from '../format.ts';
import { JobsTray } from './JobsTray.tsx';
import { useJobs } from './jobs.tsx';
import { useShell } from './shell.tsx';
import { useToasts } from './toasts.tsx';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx';

/** The workspace (and its switcher), its counts, the jobs tray and the theme toggle. */
export function Header() {
  const engine = useEngine();
  const toasts = useToasts();
  const { dataVersion } = useJobs();
  const { workspaceKey } = useShell();
  const [info, setInfo] = useState<Output<'workspace.info'> | null>(null);
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');

  useEffect(() => {
    engine
      .call('workspace.info', {})
      .then(setInfo, (error: unknown) => toasts.error(error, 'Could not read the workspace'));
  }, [engine, toasts, dataVersion, workspaceKey]);

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
        <Text fw={700} size="sm">
          Engage
        </Text>
        <WorkspaceSwitcher info={info} />
      </Group>
      <Group gap="lg" wrap="nowrap">
        {info && (
          <Group gap="md" wrap="nowrap" aria-label="Workspace counts" data-testid="workspace-counts">
            <Text size="sm">
              <b>{count(info.events)}</b> events
            </Text>
            <Text size="sm">
              <b>{count(info.users)}</b> users
            </Text>
            <Text size="sm">
              <b>{count(info.profiles)}</b> profiles
            </Text>
            <Text size="sm">
              <b>{count(info.imports)}</b> imports
            </Text>
            <Text size="xs" c="dimmed">
              {when(info.firstEvent)} – {when(info.lastEvent)}
            </Text>
          </Group>
        )}
        <JobsTray />
        <Tooltip label={scheme === 'dark' ? 'Light theme' : 'Dark theme'}>
          <ActionIcon
            variant="default"
            aria-label={scheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
            onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
          >
            {scheme === 'dark' ? '☀' : '☾'}
          </ActionIcon>
        </Tooltip>
      </Group>
    </Group>
  );
}
