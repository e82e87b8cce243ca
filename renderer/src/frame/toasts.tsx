import { Notification, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import { asEngineError } from '../api/EngineClient.ts';

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

/** What to do next, per error name (the message says what happened). */
function advice(name: string): string {
  switch (name) {
    case 'SqlError':
      return 'Fix the query and run it again.';
    case 'InvalidInput':
      return 'Check the values you entered.';
    case 'UnknownResult':
      return 'Run the query again.';
    case 'ImportError':
      return 'Check the file and the column mapping, then import again.';
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
        const todo = advice(e.name);
        push(
          {
            title: context ?? 'Something went wrong',
            message: todo ? `${e.message} — ${todo}` : e.message,
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
