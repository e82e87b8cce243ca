// The slice of plotly.js-dist-min's API that the Plot wrapper uses (the package ships no types).
declare module 'plotly.js-dist-min' {
  export type Data = Record<string, unknown>;
  export type Layout = Record<string, unknown>;
  export interface Config {
    displaylogo?: boolean;
    responsive?: boolean;
    displayModeBar?: boolean | 'hover';
    modeBarButtonsToRemove?: string[];
  }
  export interface ImageOptions {
    format: 'png' | 'svg' | 'jpeg' | 'webp';
    filename: string;
    width?: number;
    height?: number;
    scale?: number;
  }
  const Plotly: {
    react(el: HTMLElement, data: Data[], layout?: Layout, config?: Config): Promise<HTMLElement>;
    purge(el: HTMLElement): void;
    downloadImage(el: HTMLElement, options: ImageOptions): Promise<string>;
    toImage(el: HTMLElement, options: Omit<ImageOptions, 'filename'>): Promise<string>;
    Plots: { resize(el: HTMLElement): void };
  };
  export default Plotly;
}

// What the Plot wrapper loads at run time: plotly's strict bundle, the same API without eval, so that
// WebGL traces (scattergl) work under the page's CSP (`script-src 'self'`, no 'unsafe-eval').
declare module 'plotly.js-strict-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export default Plotly;
}
