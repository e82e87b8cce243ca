import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { useEngine } from '../api/EngineContext.tsx';

interface Shell {
  /** Bumped when the engine switches workspace: views remount and read the new one. */
  workspaceKey: number;
  switcherOpen: boolean;
  setSwitcherOpen: (open: boolean) => void;
  /** A file to import that came from outside the wizard (File › Import…, a file dropped on the window). */
  importRequest: { path: string; at: number } | null;
  requestImport: (path: string) => void;
}

const ShellContext = createContext<Shell>({
  workspaceKey: 0,
  switcherOpen: false,
  setSwitcherOpen: () => undefined,
  importRequest: null,
  requestImport: () => undefined,
});

export const useShell = (): Shell => useContext(ShellContext);

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
/** The platform's command key as shown in hints: ⌘ on a Mac, Ctrl elsewhere. */
export const modKey = isMac ? '⌘' : 'Ctrl';

/**
 * The frame's shared state and its keyboard shortcuts: Ctrl/Cmd+O opens the workspace switcher,
 * Ctrl/Cmd+I the import wizard (Ctrl/Cmd+Enter, run, belongs to the SQL explorer). Engine events
 * for a workspace switch and for files to import arrive here.
 */
export function ShellProvider({ children }: { children: ReactNode }) {
  const engine = useEngine();
  const [workspaceKey, setWorkspaceKey] = useState(0);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const [importRequest, setImportRequest] = useState<Shell['importRequest']>(null);

  useEffect(() => {
    return engine.subscribe((event) => {
      if (event.type === 'workspace') setWorkspaceKey((k) => k + 1);
      else if (event.type === 'import-files' && event.paths[0]) {
        window.location.hash = 'import';
        setImportRequest({ path: event.paths[0], at: Date.now() });
      }
    });
  }, [engine]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (key === 'o') {
        e.preventDefault();
        setSwitcherOpen(true);
      } else if (key === 'i') {
        e.preventDefault();
        window.location.hash = 'import';
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const value = useMemo<Shell>(
    () => ({
      workspaceKey,
      switcherOpen,
      setSwitcherOpen,
      importRequest,
      requestImport: (path) => setImportRequest({ path, at: Date.now() }),
    }),
    [workspaceKey, switcherOpen, importRequest],
  );
  return <ShellContext.Provider value={value}>{children}</ShellContext.Provider>;
}
