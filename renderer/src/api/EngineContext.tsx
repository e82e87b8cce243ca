import { createContext, useContext } from 'react';
import type { EngineClient } from './EngineClient.ts';

export const EngineContext = createContext<EngineClient | null>(null);

/** The engine client of the surrounding provider. */
export function useEngine(): EngineClient {
  const client = useContext(EngineContext);
  if (!client) throw new Error('useEngine() outside <EngineContext.Provider>');
  return client;
}
