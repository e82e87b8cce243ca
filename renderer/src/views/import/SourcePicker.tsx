import { Box, Button, Group, Modal, Progress, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useEngine } from '../../api/EngineContext.tsx';
import { FileBrowser } from '../../files/FileBrowser.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { bytes } from '../../format.ts';

const accept = '.csv,.tsv,.txt,.parquet,.json,.ndjson,.jsonl,.gz';

/**
 * Where the file comes from: a path typed or chosen in the in-app file browser (the engine reads
 * it where it is), or a file dropped here or picked with the system chooser, which browser mode
 * uploads to the staging folder beside the workspace first. Either way the wizard gets a path.
 */
export function SourcePicker({ path, onPath }: { path: string; onPath: (path: string) => void }) {
  const engine = useEngine();
  const toasts = useToasts();
  const [typed, setTyped] = useState(path);
  const [browsing, setBrowsing] = useState(false);
  const [over, setOver] = useState(false);
  const [upload, setUpload] = useState<{
    name: string;
    size: number;
    fraction: number;
    abort: AbortController;
  } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const canUpload = engine.upload !== undefined;
  useEffect(() => setTyped(path), [path]);

  const choose = (p: string) => {
    setTyped(p);
    onPath(p);
  };

  const send = (file: File) => {
    const upload = engine.upload;
    if (!upload) return;
    const abort = new AbortController();
    setUpload({ name: file.name, size: file.size, fraction: 0, abort });
    upload(file, (fraction) => setUpload((u) => (u ? { ...u, fraction } : u)), abort.signal)
      .then((r) => choose(r.path))
      .catch((e: unknown) => toasts.error(e, `Could not upload ${file.name}`))
      .finally(() => setUpload(null));
  };

  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <TextInput
          label="File on this computer"
          placeholder="/home/me/exports/events.csv"
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && typed.trim() && onPath(typed.trim())}
          onBlur={() => typed.trim() && typed.trim() !== path && onPath(typed.trim())}
          style={{ flex: 1 }}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        />
        <Button variant="default" onClick={() => setBrowsing(true)}>
          Browse…
        </Button>
      </Group>
      <Box
        className="engage-dropzone"
        data-over={over}
        data-testid="import-dropzone"
        p="sm"
        onDragOver={(e) => {
          if (!canUpload) return;
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          // In Electron the window itself receives the drop and hands the path over.
          if (!canUpload) return;
          e.preventDefault();
          setOver(false);
          const file = e.dataTransfer.files[0];
          if (file) send(file);
        }}
      >
        {upload ? (
          <Stack gap={4}>
            <Group justify="space-between">
              <Text size="sm">
                Uploading {upload.name} ({bytes(upload.size)})… {Math.round(upload.fraction * 100)}%
              </Text>
              <Button size="compact-xs" variant="light" color="red" onClick={() => upload.abort.abort()}>
                Cancel
              </Button>
            </Group>
            <Progress value={upload.fraction * 100} aria-label="Upload progress" />
          </Stack>
        ) : (
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {canUpload
                ? 'Or drop a file here — it is copied next to the workspace, then imported.'
                : 'Or drop a file on the window, or use File › Import…'}
            </Text>
            {canUpload && (
              <>
                <Button variant="light" onClick={() => input.current?.click()}>
                  Choose a file…
                </Button>
                <input
                  ref={input}
                  type="file"
                  accept={accept}
                  hidden
                  aria-label="Upload a file to import"
                  data-testid="import-file-input"
                  onChange={(e) => {
                    const file = e.currentTarget.files?.[0];
                    if (file) send(file);
                    e.currentTarget.value = '';
                  }}
                />
              </>
            )}
          </Group>
        )}
      </Box>
      <Modal opened={browsing} onClose={() => setBrowsing(false)} title="Choose a file to import" size="xl">
        {browsing && (
          <FileBrowser
            purpose="import"
            actionLabel="Preview"
            onOpen={(p) => {
              setBrowsing(false);
              choose(p);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
