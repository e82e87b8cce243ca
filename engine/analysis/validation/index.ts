/** Honest validation of binary classifiers: stratified splits and folds, cross-validation, grid search, permutation importance. */
export { stratifiedKFold, stratifiedSplit, type Split } from './split.ts';
export {
  crossValidate,
  spread,
  type CrossValidateOptions,
  type CrossValidation,
  type FitFunction,
  type FoldMetrics,
  type Spread,
} from './crossValidate.ts';
export { gridCombinations, gridSearch, type Grid, type GridResult, type GridSearch } from './gridSearch.ts';
export {
  permutationImportance,
  type ColumnImportance,
  type ImportanceMetric,
  type PermutationImportance,
  type PermutationOptions,
} from './permutationImportance.ts';
