export { importFile, type ImportOptions, type ImportProgress, type ImportResult } from './importFile.ts';
export { ImportCancelled, ImportError } from './errors.ts';
export { shapes, type Shape } from './shapes.ts';
export type { FileFormat } from './detectFile.ts';
