// The React renderer arrives with the app issue (#3); this file only keeps the layer's tsconfig honest.
export const rendererLayer: string = typeof document === 'undefined' ? 'no-dom' : 'dom';
