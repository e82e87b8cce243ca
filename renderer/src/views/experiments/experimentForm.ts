import type { AnalyzeRequest, FileColumn, Inspection, WorkspaceExperiment } from './experimentsApi.ts';

export type SourceKind = 'workspace' | 'file';
export type Correction = 'none' | 'holm' | 'bh';

/** The analysis options as the setup panel edits them (numbers may be NaN while typed). */
export interface ExperimentForm {
  source: SourceKind;
  /** Workspace: the experiment id. */
  experiment: string;
  /** File: the assignments file. */
  path: string;
  /** File: the unit id column ('' = let the engine guess). */
  unit: string;
  variant: string;
  control: string;
  /** Metric specs (workspace) or columns (file). */
  metrics: string[];
  factors: string[];
  /** CUPED covariate: a column or a metric spec; '' = none. */
  cuped: string;
  /** Pre-period columns (file) or metric specs (workspace) whose balance across arms is checked. */
  covariates: string[];
  /** File: the exposure time column ('' = none). */
  time: string;
  /** File: a SQL condition keeping rows ('' = every row). */
  where: string;
  alpha: number;
  correction: Correction;
  winsorizeOn: boolean;
  winsorize: number;
  sequential: boolean;
}

export const defaultForm: ExperimentForm = {
  source: 'workspace',
  experiment: '',
  path: '',
  unit: '',
  variant: '',
  control: '',
  metrics: [],
  factors: [],
  cuped: '',
  covariates: [],
  time: '',
  where: '',
  alpha: 0.05,
  correction: 'none',
  winsorizeOn: false,
  winsorize: 99,
  sequential: false,
};

export const correctionOptions: { value: Correction; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'holm', label: 'Holm (family-wise)' },
  { value: 'bh', label: 'Benjamini–Hochberg (FDR)' },
];

export type FormErrors = Partial<Record<keyof ExperimentForm, string>>;

/** What keeps the form from being analysed, per field (empty when it can run). */
export function formErrors(f: ExperimentForm): FormErrors {
  const e: FormErrors = {};
  if (f.source === 'workspace' && !f.experiment) e.experiment = 'Choose an experiment';
  if (f.source === 'file' && !f.path) e.path = 'Choose a file';
  if (!f.variant) e.variant = 'Choose the variant column';
  if (!f.control) e.control = 'Choose the control';
  if (f.metrics.length === 0) e.metrics = 'Add at least one metric';
  if (f.metrics.length > 20) e.metrics = 'At most 20 metrics';
  if (f.factors.length > 2) e.factors = 'At most two factors';
  if (f.factors.includes(f.variant)) e.factors = 'A factor cannot be the variant column';
  if (f.covariates.length > 20) e.covariates = 'At most 20 covariates';
  if (!(f.alpha > 0 && f.alpha < 0.5)) e.alpha = 'Between 0 and 0.5 (e.g. 0.05)';
  if (f.winsorizeOn && !(f.winsorize > 50 && f.winsorize < 100))
    e.winsorize = 'A percentile above 50, below 100';
  return e;
}

/** The engine's request for a valid form. */
export function toRequest(f: ExperimentForm): AnalyzeRequest {
  return {
    source:
      f.source === 'workspace'
        ? { kind: 'workspace', experiment: f.experiment }
        : { kind: 'file', path: f.path },
    ...(f.source === 'file' && f.unit ? { unit: f.unit } : {}),
    variant: f.variant,
    control: f.control,
    metrics: f.metrics,
    ...(f.factors.length > 0 ? { factors: f.factors } : {}),
    alpha: f.alpha,
    correction: f.correction,
    ...(f.cuped ? { cuped: f.cuped } : {}),
    ...(f.covariates.length > 0 ? { covariates: f.covariates } : {}),
    ...(f.source === 'file' && f.time ? { time: f.time } : {}),
    ...(f.source === 'file' && f.where.trim() ? { where: f.where.trim() } : {}),
    ...(f.winsorizeOn ? { winsorize: f.winsorize } : {}),
    ...(f.sequential ? { sequential: true } : {}),
  };
}

const CONTROL_NAME = /^(control|ctrl|baseline|default|old)$|control/i;

/** The control proposed among `names`: a control-like name, else the first in order. */
export function proposeControl(names: string[]): string {
  return names.find((n) => CONTROL_NAME.test(n)) ?? [...names].sort()[0] ?? '';
}

/** The form for a workspace experiment just chosen: variant `variant_id` when it exists, its control. */
export function forExperiment(f: ExperimentForm, x: WorkspaceExperiment): ExperimentForm {
  const variant =
    x.properties.find((p) => p === 'variant_id') ??
    x.properties.find((p) => /variant|arm|group|treatment/i.test(p)) ??
    x.properties[0] ??
    '';
  return {
    ...f,
    experiment: x.experiment,
    variant,
    control: proposeControl(x.variants.map((v) => v.name)),
    factors: [],
  };
}

/** Columns that can hold a metric: numbers, and yes/no columns. */
export const metricColumns = (cols: FileColumn[], f: ExperimentForm): FileColumn[] =>
  cols.filter((c) => (c.numeric || c.binary) && c.name !== f.variant && c.name !== f.unit);

/** Columns that can be a variant or a factor: a few distinct values. */
export const groupingColumns = (cols: FileColumn[]): FileColumn[] =>
  cols.filter((c) => c.distinct >= 2 && c.distinct <= 50 && !(c.numeric && !c.binary && c.distinct > 10));

const UNIT_NAME = /^(user_?id|userid|unit|id|customer_?id|uid)$/i;

/** The form for a file just inspected: unit, variant and control guessed; metrics cleared. */
export function forInspection(f: ExperimentForm, ins: Inspection): ExperimentForm {
  const unit = ins.columns.find((c) => UNIT_NAME.test(c.name))?.name ?? '';
  const groups = groupingColumns(ins.columns).filter((c) => c.name !== unit);
  const variantCol =
    groups.find((c) => /variant|version|group|arm|treatment|cell/i.test(c.name)) ??
    groups.find((c) => !c.numeric) ??
    groups[0];
  const variant = variantCol?.name ?? '';
  const time = ins.columns.find((c) => /TIMESTAMP|DATE/i.test(c.type))?.name ?? '';
  return {
    ...f,
    path: ins.path,
    unit,
    variant,
    control: proposeControl(variantCol?.values.map((v) => v.value) ?? []),
    metrics: [],
    factors: [],
    cuped: '',
    covariates: [],
    time,
    where: '',
  };
}
