import {
  Button,
  Divider,
  Group,
  Kbd,
  Modal,
  Stack,
  Tabs,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Output, WorkspaceInfo } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { FileBrowser } from '../files/FileBrowser.tsx';
import { baseName } from '../format.ts';
import { modKey, useShell } from './shell.tsx';
import { useToasts } from './toasts.tsx';

/**
 * The header's workspace button (name, full path on hover) and the switcher it opens (also with
 * Ctrl/Cmd+O): recent workspaces, open one with the file browser, or create a new one.
 */
export function WorkspaceSwitcher({ info }: { info: WorkspaceInfo | null }) {
  const { switcherOpen, setSwitcherOpen } = useShell();
  return (
    <>
      <UnstyledButton
        onClick={() => setSwitcherOpen(true)}
        aria-label={`Workspace ${info ? baseName(info.path) : ''}: switch workspace (${modKey}+O)`}
        data-testid="workspace-switcher"
        title={info?.path}
        style={{ minWidth: 0, borderRadius: 4, padding: '2px 8px' }}
        className="engage-workspace-button"
      >
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate data-testid="workspace-name">
            {info ? baseName(info.path) : 'Opening workspace…'}
          </Text>
          <Text size="xs" c="dimmed" truncate maw={320} data-testid="workspace-path">
            {info?.path}
          </Text>
          <Text size="xs" c="dimmed">
            ▾
          </Text>
        </Group>
      </UnstyledButton>
      <Modal
        opened={switcherOpen}
        onClose={() => setSwitcherOpen(false)}
        title="Workspaces"
        size="xl"
        aria-label="Workspaces"
      >
        {switcherOpen && <SwitcherBody onDone={() => setSwitcherOpen(false)} />}
      </Modal>
    </>
  );
}

function SwitcherBody({ onDone }: { onDone: () => void }) {
  const engine = useEngine();
  const toasts = useToasts();
  const [recent, setRecent] = useState<Output<'workspace.recent'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [folder, setFolder] = useState('');
  const [name, setName] = useState('analysis.engage.duckdb');

  useEffect(() => {
    engine
      .call('workspace.recent', {})
      .then(setRecent, (e: unknown) => toasts.error(e, 'Could not list workspaces'));
  }, [engine, toasts]);

  const switchTo = (method: 'workspace.open' | 'workspace.create', path: string) => {
    setBusy(true);
    engine
      .call(method, { path })
      .then((info) => {
        toasts.info(method === 'workspace.create' ? 'Workspace created' : 'Workspace opened', info.path);
        onDone();
      })
      .catch((e: unknown) => toasts.error(e, 'Could not open the workspace'))
      .finally(() => setBusy(false));
  };
  const onFolder = useCallback((dir: string) => setFolder(dir), []);
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const newPath = `${folder.replace(/[\\/]+$/, '')}${sep}${name.trim()}`;

  if (recent && !recent.canSwitch)
    return (
      <Text size="sm">
        This engine serves one workspace ({recent.current}). Start the app on another one to switch.
      </Text>
    );

  return (
    <Stack gap="sm">
      <Text size="sm" fw={600}>
        Recent
      </Text>
      <Stack gap={2} role="list" aria-label="Recent workspaces">
        {recent?.recent.map((r) => (
          <UnstyledButton
            key={r.path}
            role="listitem"
            disabled={r.current || busy}
            onClick={() => switchTo('workspace.open', r.path)}
            aria-label={`Open workspace ${r.path}`}
            aria-current={r.current ? 'true' : undefined}
            className="engage-list-button"
            p={6}
          >
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={500} truncate>
                  {r.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {r.path}
                </Text>
              </Stack>
              {r.current && (
                <Text size="xs" c="dimmed">
                  open now
                </Text>
              )}
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
      <Divider />
      <Tabs defaultValue="open" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="open">Open a workspace</Tabs.Tab>
          <Tabs.Tab value="new">New workspace</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="open" pt="sm">
          <FileBrowser
            purpose="workspace"
            actionLabel="Open workspace"
            onOpen={(p) => switchTo('workspace.open', p)}
            height={240}
          />
        </Tabs.Panel>
        <Tabs.Panel value="new" pt="sm">
          <Text size="xs" c="dimmed" mb={6}>
            Choose the folder, then name the new workspace file.
          </Text>
          <FileBrowser purpose="workspace" onFolder={onFolder} height={200} />
          <Group mt="sm" align="flex-end" wrap="nowrap">
            <TextInput
              label="Workspace file name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              style={{ flex: 1 }}
              description={folder ? `Creates ${newPath}` : undefined}
            />
            <Button
              loading={busy}
              disabled={!folder || !name.trim()}
              onClick={() => switchTo('workspace.create', newPath)}
            >
              Create and open
            </Button>
          </Group>
        </Tabs.Panel>
      </Tabs>
      <Text size="xs" c="dimmed">
        <Kbd size="xs">{modKey}</Kbd>+<Kbd size="xs">O</Kbd> opens this list; <Kbd size="xs">Esc</Kbd> closes
        it. Running jobs are cancelled when you switch.
      </Text>
    </Stack>
  );
}
