import { Notification, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import { asEngineError, EngineError } from '../api/EngineClient.ts';

export interface Toast {
  id: number;
  title: string;
  message: string;
  color: 'red' | 'teal' | 'blue';
}

interface Toasts {
  /** Shows an error as a toast: what happened and what to do, never a stack. */
  error(error: unknown, context?: string): void;
  info(title: string, message: string, color?: Toast['color']): void;
}

const ToastContext = createContext<Toasts>({ error: () => undefined, info: () => undefined });

export const useToasts = (): Toasts => useContext(ToastContext);

/** The CLI's words in an engine message, said as the app says them. */
export function inAppWords(message: string): string {
  return message
    .replace(/allow them with --max-rejects N/g, 'allow them with “Max rejects” in the import options')
    .replace(/add --shape generic/g, 'choose Shape “Generic table”')
    .replace(/map an id with --map event_id=COLUMN/g, 'map event_id to a column')
    .replace(/--map/g, 'the column mapping')
    .replace(
      /\(the k-distance plot suggests one\)/g,
      '(“Suggest eps” shows the k-distance plot and a value)',
    );
}

/**
 * The engine's "cannot be done as asked" errors from an analysis (it answers them with 400): the
 * message names the setting or the data at fault, so the fix is the analyst's, not a bug to report.
 */
const ANALYSIS_INPUT_ERRORS = new Set([
  'SegmentInputError',
  'PreprocessError',
  'ConstantColumnError',
  'RangeError',
  'ChurnInputError',
  'ExperimentInputError',
  'ClassificationInputError',
]);

/**
 * What to do next, per error (the message says what happened and where). `fromEngine` is false for
 * an error thrown in the page itself (a RangeError there is a bug, not a setting).
 */
function advice(name: string, message: string, fromEngine: boolean): string {
  if (name === 'ImportError' && /bad rows in all/.test(message))
    return 'Raise “Max rejects” to import the other rows and list the bad ones, or fix the file.';
  if (fromEngine && ANALYSIS_INPUT_ERRORS.has(name))
    return 'Change the settings named in the message and run again.';
  switch (name) {
    case 'SqlError':
      return 'Fix the query and run it again.';
    case 'InvalidInput':
      return 'Check the values you entered.';
    case 'UnknownResult':
      return 'Run the query again.';
    case 'ImportError':
      return 'Check the file and the column mapping in the import wizard, then import again.';
    case 'WorkspaceError':
    case 'WorkspaceExists':
      return 'Choose another workspace file.';
    case 'FileError':
      return 'Choose another folder.';
    case 'PayloadTooLarge':
    case 'UploadFailed':
      return '';
    case 'Cancelled':
      return '';
    case 'EngineUnreachable':
    case 'Unauthorized':
      return '';
    default:
      return 'If it happens again, see the log under Help.';
  }
}

let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (toast: Omit<Toast, 'id'>, ms: number) => {
      const id = nextId++;
      setToasts((all) => [...all.slice(-3), { ...toast, id }]);
      setTimeout(() => dismiss(id), ms);
    },
    [dismiss],
  );
  const api = useMemo<Toasts>(
    () => ({
      error(error, context) {
        const e = asEngineError(error);
        const message = inAppWords(e.message);
        // Engine errors arrive as EngineError (a call) or as a plain {name, message} (a job's state).
        const fromEngine = error instanceof EngineError || !(error instanceof Error);
        const todo = advice(e.name, message, fromEngine);
        push(
          {
            title: context ?? 'Something went wrong',
            message: todo ? `${message} — ${todo}` : message,
            color: 'red',
          },
          12_000,
        );
      },
      info(title, message, color = 'teal') {
        push({ title, message, color }, 6_000);
      },
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      <Stack
        gap="xs"
        pos="fixed"
        bottom={16}
        right={16}
        w={420}
        style={{ zIndex: 1000 }}
        role="region"
        aria-label="Notifications"
        aria-live="polite"
      >
        {toasts.map((t) => (
          <Notification
            key={t.id}
            title={t.title}
            color={t.color}
            withBorder
            onClose={() => dismiss(t.id)}
            closeButtonProps={{ 'aria-label': 'Dismiss notification' }}
          >
            {t.message}
          </Notification>
        ))}
      </Stack>
    </ToastContext.Provider>
  );
}
