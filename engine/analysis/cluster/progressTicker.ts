/**
 * Cooperative progress for the long clustering kernels. The kernels are plain loops on typed arrays; to let an
 * `AbortSignal` fire and progress reach the UI while they run on the engine's event loop, they call `tick()` often
 * and it yields to the event loop (one `setImmediate`) at most every `sliceMs` milliseconds.
 */

/** Progress callback: `fraction` in [0, 1] of the whole call, and a short human message. */
export type OnProgress = (fraction: number, message: string) => void;

/** The options every long analysis kernel accepts. */
export interface LongWorkOptions {
  /** Called with the fraction done (0–1) and a short message, at most once per yield slice. */
  readonly onProgress?: OnProgress;
  /** Aborts the computation: the kernel rejects with the signal's reason at its next check. */
  readonly signal?: AbortSignal;
}

/** Reports progress, checks the signal and yields to the event loop once per time slice. */
export interface ProgressTicker {
  /** Cheap to call in a loop: does nothing until the current slice is used up. */
  tick(fraction: number, message: string): Promise<void> | undefined;
  /** Reports unconditionally (start and end of phases) and checks the signal. */
  report(fraction: number, message: string): void;
}

/**
 * A ticker over `options` (throws at once if the signal is already aborted); `sliceMs` is how long the kernel may
 * hold the event loop between yields.
 */
export function progressTicker(options: LongWorkOptions, sliceMs = 25): ProgressTicker {
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  let last = performance.now();
  return {
    tick(fraction, message) {
      const now = performance.now();
      if (now - last < sliceMs) return undefined;
      last = now;
      signal?.throwIfAborted();
      onProgress?.(fraction, message);
      return new Promise<void>((resolve) => setImmediate(resolve)).then(() => signal?.throwIfAborted());
    },
    report(fraction, message) {
      signal?.throwIfAborted();
      onProgress?.(fraction, message);
    },
  };
}
