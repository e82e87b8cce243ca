import type { Input } from '../../api/EngineClient.ts';

export type ModelChoice = 'auto' | 'logistic' | 'gbm' | 'forest' | 'mlp';

/** The Setup panel's values, as typed (numbers may be NaN while a field is being edited). */
export interface ChurnForm {
  cutoff: string;
  inactiveDays: number;
  excludeInactiveDays: number;
  /** A regular expression of the events that count as activity for the label; empty = every event. */
  activeEvents: string;
  /** 1 = a single cutoff; more = that many cutoffs, `rollingGap` days apart, ending at `cutoff`. */
  rollingCount: number;
  rollingGap: number;
  model: ModelChoice;
  folds: number;
  grid: boolean;
  balanced: boolean;
  /** BG/NBD P(alive) as an extra feature. */
  pAlive: boolean;
  seed: number;
  name: string;
}

export const defaultForm: ChurnForm = {
  cutoff: '',
  inactiveDays: 14,
  excludeInactiveDays: 30,
  activeEvents: '',
  rollingCount: 1,
  rollingGap: 28,
  model: 'auto',
  folds: 5,
  grid: false,
  balanced: false,
  pAlive: false,
  seed: 0,
  name: '',
};

export const modelNames: Record<string, string> = {
  auto: 'Auto (logistic vs GBM)',
  logistic: 'Logistic regression',
  gbm: 'Gradient-boosted trees',
  forest: 'Random forest',
  mlp: 'Neural network (MLP)',
};

/** A real calendar day written YYYY-MM-DD. */
export const isDay = (s: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** `day` moved by `days` (UTC calendar days). */
export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const whole = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

/** What is wrong with each field (absent = fine), given the data's first and last day when known. */
export function formErrors(
  f: ChurnForm,
  range: { firstDay: string; lastDay: string } | null,
): Partial<Record<keyof ChurnForm, string>> {
  const e: Partial<Record<keyof ChurnForm, string>> = {};
  if (!whole(f.inactiveDays, 1, 365)) e.inactiveDays = 'A whole number of days, 1 to 365';
  if (!whole(f.excludeInactiveDays, 1, 3650)) e.excludeInactiveDays = 'A whole number of days, 1 to 3650';
  if (!isDay(f.cutoff)) e.cutoff = 'A date written YYYY-MM-DD';
  else if (range && !e.inactiveDays) {
    const latest = addDays(range.lastDay, -(f.inactiveDays - 1));
    if (f.cutoff > latest)
      e.cutoff = `The label window must end by ${range.lastDay}: at the latest ${latest}`;
    else if (f.cutoff <= range.firstDay) e.cutoff = `After the first day of data (${range.firstDay})`;
  }
  if (!whole(f.rollingCount, 1, 24)) e.rollingCount = '1 to 24 cutoffs';
  if (!whole(f.rollingGap, 1, 3650)) e.rollingGap = 'Whole days';
  else if (f.rollingCount > 1 && !e.inactiveDays && f.rollingGap < f.inactiveDays)
    e.rollingGap = `At least the label window (${f.inactiveDays} days), so label windows do not overlap`;
  else if (range && f.rollingCount > 1 && isDay(f.cutoff)) {
    const earliest = addDays(f.cutoff, -(f.rollingCount - 1) * f.rollingGap);
    if (earliest <= range.firstDay) e.rollingCount = `The earliest cutoff (${earliest}) is before the data`;
  }
  if (!whole(f.folds, 2, 20)) e.folds = '2 to 20 folds';
  if (!whole(f.seed, 0, Number.MAX_SAFE_INTEGER)) e.seed = 'A whole number ≥ 0';
  if (f.activeEvents) {
    try {
      new RegExp(f.activeEvents);
    } catch {
      e.activeEvents = 'Not a valid regular expression';
    }
  }
  return e;
}

/** The cutoffs the form describes, oldest first. */
export function cutoffsOf(f: ChurnForm): string[] {
  if (!isDay(f.cutoff)) return [];
  const n = f.rollingCount > 1 && Number.isInteger(f.rollingCount) ? f.rollingCount : 1;
  return Array.from({ length: n }, (_, i) => addDays(f.cutoff, -(n - 1 - i) * f.rollingGap));
}

export function toLabelsInput(f: ChurnForm): Input<'churn.labels'> {
  return {
    cutoff: f.cutoff,
    ...(f.inactiveDays !== 14 ? { inactiveDays: f.inactiveDays } : {}),
    ...(f.excludeInactiveDays !== 30 ? { excludeInactiveDays: f.excludeInactiveDays } : {}),
    ...(f.activeEvents ? { activeEvents: f.activeEvents } : {}),
    ...(f.rollingCount > 1 ? { rolling: { count: f.rollingCount, gapDays: f.rollingGap } } : {}),
  };
}

export function toTrainInput(f: ChurnForm): Input<'churn.train'> {
  return {
    ...toLabelsInput(f),
    model: f.model,
    folds: f.folds,
    grid: f.grid,
    seed: f.seed,
    classWeight: f.balanced ? 'balanced' : null,
    ...(f.pAlive ? { pAlive: true } : {}),
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
  };
}

/** The form a saved model was trained with (its recipe), over the current form's other values. */
export function fromRecipe(recipe: Record<string, unknown>, base: ChurnForm): ChurnForm {
  const num = (key: string, fallback: number) => (typeof recipe[key] === 'number' ? recipe[key] : fallback);
  const rolling = recipe.rolling as { count?: unknown; gapDays?: unknown } | null | undefined;
  const model = recipe.model;
  return {
    ...base,
    cutoff: typeof recipe.cutoff === 'string' ? recipe.cutoff : base.cutoff,
    inactiveDays: num('inactiveDays', 14),
    excludeInactiveDays: num('excludeInactiveDays', 30),
    activeEvents: typeof recipe.activeEvents === 'string' ? recipe.activeEvents : '',
    rollingCount: typeof rolling?.count === 'number' ? rolling.count : 1,
    rollingGap: typeof rolling?.gapDays === 'number' ? rolling.gapDays : base.rollingGap,
    model: typeof model === 'string' && model in modelNames ? (model as ModelChoice) : 'auto',
    folds: num('folds', 5),
    grid: recipe.grid === true,
    balanced: recipe.classWeight === 'balanced',
    pAlive: recipe.pAlive === true,
    seed: num('seed', 0),
    name: '',
  };
}
