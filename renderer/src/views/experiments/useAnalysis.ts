import { useEffect, useState } from 'react';
import { asEngineError } from '../../api/EngineClient.ts';
import type { EngineClient } from '../../api/EngineClient.ts';
import type { AnalyzeRequest, ExperimentResult } from './experimentsApi.ts';

export interface Analysis {
  result: ExperimentResult | null;
  /** The request that produced `result` (what the report exports). */
  request: AnalyzeRequest | null;
  /** JSON of that request, to tell whether the results shown match the current settings. */
  shownKey: string | null;
  loading: boolean;
  error: string | null;
}

/**
 * Runs the analysis whenever the settings (`key`, the request as JSON; null while incomplete) change,
 * after a short pause, and again when `nonce` changes (Ctrl+Enter). Only the latest request's answer
 * is shown; the previous results stay until it arrives.
 */
export function useAnalysis(engine: EngineClient, key: string | null, nonce: number): Analysis {
  const [state, setState] = useState<Analysis>({
    result: null,
    request: null,
    shownKey: null,
    loading: false,
    error: null,
  });
  useEffect(() => {
    if (!key) {
      setState((s) => ({ ...s, loading: false, error: null }));
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      const request = JSON.parse(key) as AnalyzeRequest;
      engine.call('experiments.analyze', request).then(
        (result) => {
          if (live) setState({ result, request, shownKey: key, loading: false, error: null });
        },
        (e: unknown) => {
          if (live) setState((s) => ({ ...s, loading: false, error: asEngineError(e).message }));
        },
      );
    }, 450);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, key, nonce]);
  return state;
}
