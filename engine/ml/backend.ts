/**
 * The TensorFlow.js backend: native TensorFlow through `@tensorflow/tfjs-node` when it loads,
 * otherwise `@tensorflow/tfjs` on the WASM backend, otherwise its pure-JS CPU backend.
 * `engage doctor` and the About box report which one is active and why.
 */
import type * as Tf from '@tensorflow/tfjs';
import { firstLine } from '../store/firstLine.ts';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface TfBackend {
  readonly name: TfBackendName;
  readonly package: string;
  readonly version: string;
  /** Why a faster backend is not in use, when it is not. */
  readonly fallbackReason?: string;
  readonly tf: typeof Tf;
}

let loading: Promise<TfBackend> | undefined;

/** Loads TensorFlow.js once per process and selects the best backend available here. */
export function loadTf(): Promise<TfBackend> {
  loading ??= selectBackend();
  return loading;
}

async function selectBackend(): Promise<TfBackend> {
  let nativeReason: string;
  try {
    // A variable specifier: the optional package is often absent, and must not be resolved at build time.
    const nativePackage = '@tensorflow/tfjs-node';
    const native = (await import(nativePackage)) as typeof Tf;
    await native.ready();
    return { name: 'tensorflow', package: '@tensorflow/tfjs-node', version: native.version_core, tf: native };
  } catch (error) {
    nativeReason = `@tensorflow/tfjs-node did not load (${firstLine(error)})`;
  }
  const tf = await import('@tensorflow/tfjs');
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false');
    await tf.ready();
    return {
      name: 'wasm',
      package: '@tensorflow/tfjs-backend-wasm',
      version: tf.version_core,
      fallbackReason: nativeReason,
      tf,
    };
  } catch (error) {
    await tf.setBackend('cpu');
    await tf.ready();
    return {
      name: 'cpu',
      package: '@tensorflow/tfjs',
      version: tf.version_core,
      fallbackReason: `${nativeReason}; WASM backend failed (${firstLine(error)})`,
      tf,
    };
  }
}
