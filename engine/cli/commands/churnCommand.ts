import { Workspace } from '../../store/Workspace.ts';
import type { TrainResult } from '../../churn/train.ts';
import { intOption, oneOf, parse, requireWorkspace } from '../args.ts';
import type { Command } from '../command.ts';
import { progressLine, UsageError, type Io } from '../output.ts';

const MODELS = ['logistic', 'mlp', 'gbm', 'forest', 'auto'] as const;

export const churnCommand: Command = {
  name: 'churn',
  summary: 'train, validate, save and apply churn models (train, fit-table, score, models, monitor)',
  usage: `engage churn train --workspace WS --cutoff DATE [--inactive-days N] [--model logistic|mlp|gbm|forest|auto]
                    [--folds K] [--grid] [--seed S] [--rolling COUNT --gap DAYS] [--exclude-inactive DAYS]
                    [--balanced] [--p-alive] [--segmentation ID|none] [--name TEXT] [--json]
  Labels users churned when they have no activity in the N days (default 14) from the cutoff; features
  use only events before it. --p-alive adds BG/NBD P(alive) as a feature. The segment of the newest
  saved segmentation whose window ends before the cutoff is a feature too (--segmentation picks one,
  or none). Saves the model in the workspace's registry.
engage churn fit-table TABLE.(csv|parquet) --label COL [--model …] [--test-fraction 0.2] [--folds K] [--seed S] [--json]
  The same training on any feature table (numeric and categorical columns, missing values handled).
  both → {"model_id", "model", "n_train", "n_test", "positive_rate", "cv": {"auc_mean", "auc_sd"},
          "test": {"auc", "pr_auc", "f1", "precision", "recall", "accuracy", "log_loss", "brier", "threshold"},
          "importance": [{"feature", "value"}], "seconds"}
engage churn score --workspace WS --model ID [--as-of DATE] [--out FILE] [--json]
  Scores every current user into the churn_scores table (and FILE, CSV or Parquet).
engage churn models --workspace WS [--json]          the model registry
engage churn monitor --workspace WS --model ID [--cutoff DATE] [--json]
  Realised AUC and calibration of a saved model on newer data, and feature drift (PSI > 0.2 flagged).`,

  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'train':
        return train(rest, io);
      case 'fit-table':
        return fitTable(rest, io);
      case 'score':
        return score(rest, io);
      case 'models':
        return models(rest, io);
      case 'monitor':
        return monitor(rest, io);
      default:
        throw new UsageError(
          `engage churn needs a subcommand: train, fit-table, score, models or monitor${sub ? ` (not "${sub}")` : ''}`,
        );
    }
  },
};

const trainingOptions = {
  model: { type: 'string' },
  folds: { type: 'string' },
  grid: { type: 'boolean' },
  seed: { type: 'string' },
  balanced: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

async function train(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    ...trainingOptions,
    workspace: { type: 'string' },
    cutoff: { type: 'string' },
    'inactive-days': { type: 'string' },
    'exclude-inactive': { type: 'string' },
    rolling: { type: 'string' },
    gap: { type: 'string' },
    name: { type: 'string' },
    'p-alive': { type: 'boolean' },
    segmentation: { type: 'string' },
  });
  if (!values.cutoff) throw new UsageError('--cutoff DATE is required (features use events before it)');
  const rolling = intOption(values.rolling, 'rolling');
  const { trainChurnModel } = await import('../../churn/churnWorkspace.ts');
  const ws = await Workspace.open(requireWorkspace(values.workspace));
  try {
    const progress = progressLine(io);
    const outcome = await trainChurnModel(
      ws,
      {
        cutoff: values.cutoff,
        inactiveDays: intOption(values['inactive-days'], 'inactive-days'),
        excludeInactiveDays: intOption(values['exclude-inactive'], 'exclude-inactive'),
        rolling:
          rolling && rolling > 1
            ? { count: rolling, gapDays: intOption(values.gap, 'gap') ?? 14 }
            : undefined,
        name: values.name,
        pAlive: values['p-alive'] ?? false,
        segmentation: values.segmentation === 'none' ? null : values.segmentation,
        ...common(values),
      },
      { onProgress: (f, m) => progress.update(`${m} (${Math.round(100 * f)}%)`) },
    );
    progress.done();
    return print(io, values.json, outcome.modelId, outcome.result, {
      label_balance: outcome.balance,
      excluded: outcome.excluded,
      ...(outcome.bgnbd ? { bgnbd: outcome.bgnbd } : {}),
      segmentation: outcome.segmentation,
      notes: outcome.notes,
    });
  } finally {
    ws.close();
  }
}

async function fitTable(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    ...trainingOptions,
    label: { type: 'string' },
    'test-fraction': { type: 'string' },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('give the table: engage churn fit-table TABLE.csv --label COL');
  if (!values.label) throw new UsageError('--label COL is required (the 0/1, true/false or yes/no column)');
  const testFraction = values['test-fraction'] === undefined ? undefined : Number(values['test-fraction']);
  if (testFraction !== undefined && !(testFraction > 0 && testFraction < 1)) {
    throw new UsageError(`--test-fraction takes a number between 0 and 1, not "${values['test-fraction']}"`);
  }
  const { readLabelledTable } = await import('../../churn/tableFile.ts');
  const { trainClassifier } = await import('../../churn/train.ts');
  const { transientModelId } = await import('../../churn/registry.ts');
  const table = await readLabelledTable(file, values.label);
  const progress = progressLine(io);
  const result = await trainClassifier(table.columns, table.labels, {
    ...common(values),
    ...(testFraction === undefined ? {} : { testFraction }),
    onProgress: (f, m) => progress.update(`${m} (${Math.round(100 * f)}%)`),
  });
  progress.done();
  return print(io, values.json, transientModelId(result.kind), result, { notes: table.notes });
}

function common(values: {
  model?: string;
  folds?: string;
  grid?: boolean;
  seed?: string;
  balanced?: boolean;
}) {
  const folds = intOption(values.folds, 'folds');
  const seed = intOption(values.seed, 'seed');
  return {
    model: oneOf(values.model, MODELS, 'model') ?? 'auto',
    ...(folds === undefined ? {} : { folds }),
    grid: values.grid ?? false,
    ...(seed === undefined ? {} : { seed }),
    classWeight: values.balanced ? ('balanced' as const) : null,
  };
}

function print(io: Io, json: boolean | undefined, modelId: string, r: TrainResult, extra: object): number {
  const out = {
    model_id: modelId,
    model: r.kind,
    n_train: r.nTrain,
    n_test: r.nTest,
    positive_rate: r.positiveRate,
    cv: { auc_mean: r.cv.aucMean, auc_sd: r.cv.aucSd, folds: r.cv.folds },
    test: {
      auc: r.test.auc,
      pr_auc: r.test.prAuc,
      f1: r.test.f1,
      precision: r.test.precision,
      recall: r.test.recall,
      accuracy: r.test.accuracy,
      log_loss: r.test.logLoss,
      brier: r.test.brier,
      threshold: r.test.threshold,
    },
    importance: r.importance.map((i) => ({ feature: i.feature, value: i.value })),
    seconds: r.seconds,
    params: r.params,
    candidates: r.candidates.map((c) => ({
      model: c.kind,
      params: c.params,
      auc_mean: c.aucMean,
      auc_sd: c.aucSd,
    })),
    ...extra,
  };
  if (json) {
    io.out(`${JSON.stringify(out)}\n`);
    return 0;
  }
  const f = (x: number) => x.toFixed(3);
  io.out(
    [
      `${modelId}: ${r.kind}${Object.keys(r.params).length ? ` ${JSON.stringify(r.params)}` : ''}, ${r.nTrain} train / ${r.nTest} test rows, ${(100 * r.positiveRate).toFixed(1)}% churned, ${r.seconds.toFixed(1)} s`,
      `cross-validated AUC ${f(r.cv.aucMean)} ± ${f(r.cv.aucSd)} (${r.cv.folds} folds)`,
      `test: AUC ${f(r.test.auc)}  PR-AUC ${f(r.test.prAuc)}  F1 ${f(r.test.f1)}  precision ${f(r.test.precision)}  recall ${f(r.test.recall)}  accuracy ${f(r.test.accuracy)}  log loss ${f(r.test.logLoss)}  Brier ${f(r.test.brier)}  at threshold ${f(r.test.threshold)}`,
      'most important (AUC lost when shuffled):',
      ...r.importance.slice(0, 8).map((i) => `  ${i.feature.padEnd(28)} ${i.value.toFixed(4)}`),
    ].join('\n') + '\n',
  );
  return 0;
}

async function score(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    workspace: { type: 'string' },
    model: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.model) throw new UsageError('--model ID is required (see: engage churn models --workspace WS)');
  const { scoreChurn } = await import('../../churn/churnWorkspace.ts');
  const ws = await Workspace.open(requireWorkspace(values.workspace));
  try {
    const r = await scoreChurn(ws, values.model, {
      ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
      ...(values.out ? { out: values.out } : {}),
    });
    const out = {
      model_id: r.modelId,
      as_of: r.asOf,
      users: r.users,
      at_risk: r.atRisk,
      excluded_inactive: r.excludedInactive,
      out: r.out,
      table: 'churn_scores',
    };
    io.out(
      values.json
        ? `${JSON.stringify(out)}\n`
        : `${r.users} users scored as of ${r.asOf}: ${r.atRisk} at risk (table churn_scores${r.out ? `, file ${r.out}` : ''}); ${r.excludedInactive} already inactive left out\n`,
    );
    return 0;
  } finally {
    ws.close();
  }
}

async function models(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, { workspace: { type: 'string' }, json: { type: 'boolean' } });
  const { listModels } = await import('../../churn/registry.ts');
  const ws = await Workspace.open(requireWorkspace(values.workspace), { readOnly: true });
  try {
    const list = await listModels(ws);
    if (values.json) io.out(`${JSON.stringify(list)}\n`);
    else
      io.out(
        list.length === 0
          ? 'no models yet (engage churn train …)\n'
          : list
              .map((m) => {
                const test = m.metrics.test as { auc?: number } | undefined;
                return `${m.modelId}  ${m.kind.padEnd(8)} ${m.createdAt.slice(0, 16)}  test AUC ${test?.auc?.toFixed(3) ?? '—'}  ${m.name}`;
              })
              .join('\n') + '\n',
      );
    return 0;
  } finally {
    ws.close();
  }
}

async function monitor(args: readonly string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    workspace: { type: 'string' },
    model: { type: 'string' },
    cutoff: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.model) throw new UsageError('--model ID is required');
  const { monitorChurnModel } = await import('../../churn/churnWorkspace.ts');
  const ws = await Workspace.open(requireWorkspace(values.workspace), { readOnly: true });
  try {
    const r = await monitorChurnModel(ws, values.model, values.cutoff ? { cutoff: values.cutoff } : {});
    if (values.json) io.out(`${JSON.stringify(r)}\n`);
    else
      io.out(
        [
          `${r.modelId} (trained at ${r.trainedCutoff}) on ${r.users} users at ${r.cutoff}: realised AUC ${r.realised.auc.toFixed(3)}, predicted ${(100 * r.realised.predictedRate).toFixed(1)}% vs observed ${(100 * r.realised.observedRate).toFixed(1)}% churn`,
          ...r.drift.map((d) => `  ${d.flagged ? '!' : ' '} ${d.feature.padEnd(24)} PSI ${d.psi.toFixed(3)}`),
        ].join('\n') + '\n',
      );
    return 0;
  } finally {
    ws.close();
  }
}
