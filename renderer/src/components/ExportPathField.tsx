import { Button, Group, Modal, SegmentedControl, TextInput } from '@mantine/core';
import { useState } from 'react';
import { asEngineError, EngineError } from '../api/EngineClient.ts';
import { FileBrowser } from '../files/FileBrowser.tsx';

export type ExportFormat = 'csv' | 'parquet';

const folderOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '');
const separator = (path: string) => (path.includes('\\') && !path.includes('/') ? '\\' : '/');
const withFormat = (path: string, format: ExportFormat) =>
  path.replace(/\.(csv|parquet)$/i, '') + `.${format}`;

/** `fileName` in the folder that holds the workspace file, with the workspace path's separator. */
export const besideWorkspace = (workspacePath: string, fileName: string) =>
  `${folderOf(workspacePath)}${separator(workspacePath)}${fileName}`;

/** DuckDB's own words for a folder that is not there or not writable. */
export const unwritable = /Cannot open file|No such file|Permission denied|Read-only/i;

/** An export's failure, said as a file problem when `pattern` matches the engine's words. */
export function exportError(error: unknown, path: string | undefined, pattern = unwritable): EngineError {
  const e = asEngineError(error);
  return path && pattern.test(e.message)
    ? new EngineError('FileError', `Cannot write ${path}: its folder does not exist or cannot be written to.`)
    : e;
}

/**
 * Where an export goes: CSV or Parquet (the extension follows), the file path, and "Folder…" to
 * choose the folder with the file browser (the file name stays). Render it inside a Group, before
 * the view's own export button.
 */
export function ExportPathField({
  format,
  path,
  onFormatChange,
  onPathChange,
  label,
  fallbackName,
  disabled = false,
  onEnter,
}: {
  format: ExportFormat;
  path: string;
  onFormatChange: (format: ExportFormat) => void;
  onPathChange: (path: string) => void;
  /** The path field's accessible name. */
  label: string;
  /** The file name when the path has none. */
  fallbackName: string;
  disabled?: boolean;
  onEnter?: () => void;
}) {
  const [browsing, setBrowsing] = useState(false);
  const [folder, setFolder] = useState('');
  const name = path.split(/[\\/]/).pop() ?? fallbackName;
  return (
    <>
      <SegmentedControl
        size="xs"
        disabled={disabled}
        value={format}
        data={[
          { value: 'csv', label: 'CSV' },
          { value: 'parquet', label: 'Parquet' },
        ]}
        onChange={(f) => {
          onFormatChange(f);
          onPathChange(withFormat(path, f));
        }}
        aria-label="Export format"
      />
      <TextInput
        size="xs"
        style={{ flex: 1 }}
        disabled={disabled}
        aria-label={label}
        value={path}
        onChange={(e) => onPathChange(e.currentTarget.value)}
        onKeyDown={onEnter && ((e) => e.key === 'Enter' && onEnter())}
      />
      <Button size="xs" variant="default" disabled={disabled} onClick={() => setBrowsing(true)}>
        Folder…
      </Button>
      <Modal
        opened={browsing}
        onClose={() => setBrowsing(false)}
        title="Choose the folder to export to"
        size="lg"
      >
        <FileBrowser purpose="workspace" onFolder={setFolder} height={320} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={() => setBrowsing(false)}>
            Cancel
          </Button>
          <Button
            disabled={!folder}
            onClick={() => {
              onPathChange(`${folder}${separator(folder)}${name}`.replace(/([\\/])\1+/g, '$1'));
              setBrowsing(false);
            }}
          >
            Export into this folder
          </Button>
        </Group>
      </Modal>
    </>
  );
}
