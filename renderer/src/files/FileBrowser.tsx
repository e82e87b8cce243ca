import { ActionIcon, Box, Button, Group, ScrollArea, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Output } from '../api/EngineClient.ts';
import { useEngine } from '../api/EngineContext.tsx';
import { asEngineError } from '../api/EngineClient.ts';
import { bytes } from '../format.ts';

type Listing = Output<'files.list'>;

export interface FileBrowserProps {
  /** What is browsed for: importable exports, or workspaces (.duckdb). */
  purpose: 'import' | 'workspace';
  /** Called with a file's path when it is opened (double click, Enter, or the action button). */
  onOpen?: (path: string) => void;
  /** The label of the action button for a selected file; without `onOpen` there is none. */
  actionLabel?: string;
  /** Called whenever the folder shown changes (a "new workspace" form uses it). */
  onFolder?: (dir: string) => void;
  height?: number;
}

/**
 * The in-app file browser, backed by the engine's `files.list`, so it works in Electron and in
 * browser mode alike (where the page cannot learn a file's path). Shows folders and the files that
 * fit the purpose; starts in the last folder used for it, else the home folder. The location can be
 * typed; Up and Home move about; a double click (or Enter) opens.
 */
export function FileBrowser({
  purpose,
  onOpen,
  actionLabel = 'Open',
  onFolder,
  height = 300,
}: FileBrowserProps) {
  const engine = useEngine();
  const [listing, setListing] = useState<Listing | null>(null);
  const [location, setLocation] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // A location being typed is not overwritten by a listing that arrives meanwhile.
  const typing = useRef(false);

  // Only the latest request's answer is shown: the first listing (slow on a busy machine) must
  // not replace a folder the analyst asked for after it.
  const latest = useRef(0);
  // Read through a ref: a parent passing a new callback each render must not re-run the first
  // listing (it did, and sent the browser back to the start folder after the analyst moved on).
  const onFolderRef = useRef(onFolder);
  onFolderRef.current = onFolder;

  const go = useCallback(
    (dir?: string) => {
      if (dir !== undefined) typing.current = false;
      const request = ++latest.current;
      setLoading(true);
      engine
        .call('files.list', dir === undefined ? { purpose } : { dir, purpose })
        .then((l) => {
          if (request !== latest.current) return;
          setListing(l);
          if (!typing.current) setLocation(l.dir);
          setSelected(null);
          setError(null);
          onFolderRef.current?.(l.dir);
        })
        .catch((e: unknown) => {
          if (request === latest.current) setError(asEngineError(e).message);
        })
        .finally(() => {
          if (request === latest.current) setLoading(false);
        });
    },
    [engine, purpose],
  );

  useEffect(() => go(), [go]);

  const open = (path: string) => onOpen?.(path);

  return (
    <Box>
      <Group gap={6} wrap="nowrap" mb={6}>
        <Tooltip label="Up one folder">
          <ActionIcon
            variant="default"
            aria-label="Up one folder"
            disabled={!listing?.parent}
            onClick={() => listing?.parent && go(listing.parent)}
          >
            ↑
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Home folder">
          <ActionIcon variant="default" aria-label="Home folder" onClick={() => listing && go(listing.home)}>
            ⌂
          </ActionIcon>
        </Tooltip>
        <TextInput
          aria-label="Folder"
          size="xs"
          style={{ flex: 1 }}
          value={location}
          onChange={(e) => {
            typing.current = true;
            setLocation(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              go(location.trim());
            }
          }}
          error={error ?? undefined}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Button variant="default" onClick={() => go(location.trim())} loading={loading}>
          Go
        </Button>
      </Group>
      <ScrollArea
        h={height}
        type="auto"
        style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
      >
        <Table
          fz="xs"
          highlightOnHover
          verticalSpacing={3}
          aria-label={purpose === 'workspace' ? 'Folders and workspaces' : 'Folders and importable files'}
          style={{ opacity: loading ? 0.6 : 1 }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th ta="right" w={90}>
                Size
              </Table.Th>
              <Table.Th w={140}>Modified</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {listing?.entries.map((entry) => (
              <Table.Tr
                key={entry.path}
                tabIndex={0}
                role="row"
                aria-selected={selected === entry.path}
                data-kind={entry.kind}
                bg={selected === entry.path ? 'var(--mantine-primary-color-light)' : undefined}
                style={{ cursor: 'pointer' }}
                onClick={() => (entry.kind === 'dir' ? go(entry.path) : setSelected(entry.path))}
                onDoubleClick={() => entry.kind === 'file' && open(entry.path)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter') return;
                  e.preventDefault();
                  if (entry.kind === 'dir') go(entry.path);
                  else open(entry.path);
                }}
              >
                <Table.Td>
                  <Text size="xs" span fw={entry.kind === 'dir' ? 600 : 400}>
                    {entry.kind === 'dir' ? `${entry.name}/` : entry.name}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {entry.size === null ? '' : bytes(entry.size)}
                </Table.Td>
                <Table.Td c="dimmed">
                  {entry.mtime ? entry.mtime.slice(0, 16).replace('T', ' ') : ''}
                </Table.Td>
              </Table.Tr>
            ))}
            {listing && listing.entries.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text size="xs" c="dimmed" py="sm" ta="center">
                    {purpose === 'workspace'
                      ? 'No folders or workspaces (.duckdb) here.'
                      : 'No folders or importable files (CSV, TSV, JSON, NDJSON, Parquet, or .gz of those) here.'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {listing && listing.truncated > 0 && (
        <Text size="xs" c="dimmed" mt={4}>
          {listing.truncated} more entries are not listed: type a more precise folder.
        </Text>
      )}
      {onOpen && (
        <Group justify="space-between" mt="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" truncate style={{ minWidth: 0 }}>
            {selected ?? 'Select a file (double-click opens it).'}
          </Text>
          <Button disabled={!selected} onClick={() => selected && open(selected)}>
            {actionLabel}
          </Button>
        </Group>
      )}
    </Box>
  );
}
