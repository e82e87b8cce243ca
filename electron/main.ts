// The Electron shell arrives with the app issue (#3); this file only keeps the layer's tsconfig honest.
export const electronLayer = 'electron-main';
