// Types of histogramKernel.mjs (plain JavaScript so that it loads in a worker without a TypeScript loader).

/** histogram.wat assembled, base64. */
export declare const HISTOGRAM_WASM: string;
export declare function histogramModule(): unknown;
export declare function kernelOf(s: { readonly memory: unknown }): unknown;
export declare function gatherBytes(f: number): number;
/** Sorts values (no NaN) ascending in place, as Float64Array#sort orders them. */
export declare function sortFloat64(values: Float64Array): Float64Array;
