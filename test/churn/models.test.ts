import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rocAuc } from '../../engine/analysis/metrics/classification.ts';
import { stratifiedSplit } from '../../engine/analysis/validation/split.ts';
import { monitorChurnModel, scoreChurn, trainChurnModel } from '../../engine/churn/churnWorkspace.ts';
import { buildChurnDataset } from '../../engine/churn/dataset.ts';
import { listModels } from '../../engine/churn/registry.ts';
import { readLabelledTable } from '../../engine/churn/tableFile.ts';
import { runSegmentation } from '../../engine/segments/runSegmentation.ts';
import { trainClassifier } from '../../engine/churn/train.ts';
import { importFile } from '../../engine/import/index.ts';
import { generateSamples } from '../../samples/generate/index.ts';
import { datasets, engage, tempDir, Workspace } from '../helpers.ts';

const telco = `${datasets}WA_Fn-UseC_-Telco-Customer-Churn.csv.gz`;

describe('churn models on real and sample data', () => {
  const dir = tempDir();
  after(() => dir.cleanup());

  /** Generated sample users and events (in `dir/name`), imported into `ws`. */
  async function importSamples(ws: Workspace, name: string, users: number, seed: number): Promise<void> {
    const samples = await generateSamples({ out: join(dir.dir, name), users, seed });
    await importFile(ws, samples.files.users, { users: true });
    await importFile(ws, samples.files.events);
  }

  it('Telco: mean holdout AUC over five seeded 80/20 splits ≥ 0.83 for logistic and GBM', async () => {
    const table = await readLabelledTable(telco, 'Churn');
    assert.equal(table.rows, 7043);
    assert.ok(
      table.notes.some((n) => /TotalCharges.*11 blank/.test(n)),
      table.notes.join('; '),
    );
    // One split's AUC swings by ±0.02 with the split (scikit-learn 1.2 on our seed-0 split: logistic
    // 0.8228, HistGradientBoosting 0.8064), so the claim is about the mean of five splits.
    for (const model of ['logistic', 'gbm'] as const) {
      const aucs: number[] = [];
      for (let seed = 0; seed < 5; seed++) {
        const r = await trainClassifier(table.columns, table.labels, { model, seed, folds: 2 });
        aucs.push(r.test.auc);
      }
      const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
      console.log(
        `Telco ${model}: holdout AUC ${aucs.map((a) => a.toFixed(3)).join(', ')}; mean ${mean.toFixed(4)}`,
      );
      assert.ok(mean >= 0.83, `${model} mean holdout AUC ${mean}`);
    }
  });

  it('engage churn fit-table prints the contract keys and names bad labels', async () => {
    const r = await engage(
      'churn',
      'fit-table',
      telco,
      '--label',
      'Churn',
      '--model',
      'logistic',
      '--folds',
      '3',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of [
      'model_id',
      'model',
      'n_train',
      'n_test',
      'positive_rate',
      'cv',
      'test',
      'importance',
      'seconds',
    ]) {
      assert.ok(key in out, key);
    }
    assert.deepEqual(Object.keys(out.test as object).slice(0, 9), [
      'auc',
      'pr_auc',
      'f1',
      'precision',
      'recall',
      'accuracy',
      'log_loss',
      'brier',
      'threshold',
    ]);
    assert.deepEqual(Object.keys(out.cv as object).slice(0, 2), ['auc_mean', 'auc_sd']);
    assert.equal((out.n_train as number) + (out.n_test as number), 7043);

    const bad = dir.file('bad.csv', 'x,churned\n1,yes\n2,no\n3,maybe\n');
    const b = await engage('churn', 'fit-table', bad, '--label', 'churned');
    assert.equal(b.code, 1);
    assert.match(b.stderr, /bad\.csv:4: column "churned": "maybe" is not a binary label/);
    const one = dir.file('one.csv', 'x,churned\n1,0\n2,0\n');
    assert.match(
      (await engage('churn', 'fit-table', one, '--label', 'churned')).stderr,
      /only the value "0": training needs both classes/,
    );
    const empty = dir.file('empty.csv', 'x,y,churned\n,1,0\n,2,1\n,3,0\n,4,1\n');
    const e = await engage('churn', 'fit-table', empty, '--label', 'churned');
    assert.notEqual(e.code, 0);
    assert.match(e.stderr, /error: /);
  });

  describe('on a workspace', () => {
    let ws: Workspace;
    let truth: { user_churn_day: Record<string, number | null>; day_origin: string };
    before(async () => {
      const samples = await generateSamples({ out: join(dir.dir, 'samples'), users: 2000, seed: 11 });
      truth = (JSON.parse(readFileSync(samples.files.truth, 'utf8')) as { churn: typeof truth }).churn;
      ws = await Workspace.open(join(dir.dir, 'ws.duckdb'));
      await importFile(ws, samples.files.users, { users: true });
      await importFile(ws, samples.files.events);
    });
    after(() => ws.close());

    it('on the samples the model ranks users by the designed churn hazard (AUC against truth.json)', async () => {
      const cutoff = '2026-05-20';
      const outcome = await trainChurnModel(ws, { cutoff, model: 'gbm', folds: 3, seed: 5 });
      assert.ok(outcome.result.test.auc > 0.7, String(outcome.result.test.auc));
      // The test rows again (same split), scored, against the truth: silent for good before the label window ends.
      const data = await buildChurnDataset(ws, { cutoff });
      const split = stratifiedSplit(data.labels, { seed: 5 });
      const cutoffDay = (Date.parse(cutoff) - Date.parse(truth.day_origin)) / 86_400_000;
      const rows = Array.from(split.test);
      const p = await outcome.result.classifier.predictProba(
        (await import('../../engine/churn/prepare.ts')).applyPrepared(
          data.columns,
          outcome.result.stored.preprocessing,
          rows,
        ),
      );
      const truly = rows.map((i) => {
        const day = truth.user_churn_day[data.userIds[i]!];
        return day !== null && day !== undefined && day < cutoffDay + 14 ? 1 : 0;
      });
      const auc = rocAuc(truly, p);
      console.log(
        `samples: test AUC ${outcome.result.test.auc.toFixed(3)} against observed labels, ${auc.toFixed(3)} against the designed churn (truth.json)`,
      );
      assert.ok(auc > 0.7, `AUC against truth ${auc}`);

      const scored = await scoreChurn(ws, outcome.modelId, { out: join(dir.dir, 'scores.csv') });
      assert.equal(scored.asOf, '2026-07-01');
      const rowsIn = Number(
        await ws.value(`SELECT count(*) FROM churn_scores WHERE model_id = '${outcome.modelId}'`),
      );
      assert.equal(rowsIn, scored.users);
      assert.equal(
        readFileSync(join(dir.dir, 'scores.csv'), 'utf8').trim().split('\n').length,
        scored.users + 1,
      );
    });

    it('engage churn train / models / score / monitor from the CLI', async () => {
      const path = ws.path;
      ws.close();
      try {
        const t = await engage(
          'churn',
          'train',
          '--workspace',
          path,
          '--cutoff',
          '2026-05-01',
          '--model',
          'logistic',
          '--folds',
          '3',
          '--json',
        );
        assert.equal(t.code, 0, t.stderr);
        const trained = JSON.parse(t.stdout) as { model_id: string; test: { auc: number } };
        const list = JSON.parse((await engage('churn', 'models', '--workspace', path, '--json')).stdout) as {
          modelId: string;
        }[];
        assert.ok(list.some((m) => m.modelId === trained.model_id));
        const s = await engage('churn', 'score', '--workspace', path, '--model', trained.model_id, '--json');
        assert.equal(s.code, 0, s.stderr);
        const m = await engage(
          'churn',
          'monitor',
          '--workspace',
          path,
          '--model',
          trained.model_id,
          '--json',
        );
        assert.equal(m.code, 0, m.stderr);
        const monitored = JSON.parse(m.stdout) as {
          realised: { auc: number };
          drift: { psi: number; cumulative: boolean; flagged: boolean }[];
        };
        assert.ok(monitored.realised.auc > 0.6);
        assert.ok(monitored.drift.every((d) => d.flagged === (!d.cumulative && d.psi > 0.2)));
        const late = await engage('churn', 'train', '--workspace', path, '--cutoff', '2026-06-25');
        assert.equal(late.code, 1);
        assert.match(late.stderr, /labels would be incomplete; choose a cutoff on or before 2026-06-17/);
      } finally {
        ws = await Workspace.open(path);
      }
    });
  });

  it('BG/NBD P(alive) as a feature (engage churn train --p-alive): fitted at training, reused by scoring and monitoring', async () => {
    const path = join(dir.dir, 'palive.duckdb');
    let ws = await Workspace.open(path);
    await importSamples(ws, 'palive-samples', 600, 4);
    ws.close();
    const cli = await engage(
      'churn',
      'train',
      '--workspace',
      path,
      '--cutoff',
      '2026-05-20',
      '--model',
      'logistic',
      '--folds',
      '2',
      '--p-alive',
      '--json',
    );
    assert.equal(cli.code, 0, cli.stderr);
    const out = JSON.parse(cli.stdout) as {
      model_id: string;
      bgnbd: { r: number; alpha: number; a: number; b: number };
      importance: { feature: string }[];
    };
    const params = out.bgnbd;
    assert.ok(params.r > 0 && params.alpha > 0 && params.a > 0 && params.b > 0);
    assert.ok(out.importance.some((i) => i.feature === 'p_alive'));
    ws = await Workspace.open(path);
    try {
      const scored = await scoreChurn(ws, out.model_id);
      assert.ok(scored.users > 0);
      // The saved recipe carries the parameters, so scoring again gives the same scores.
      const again = await scoreChurn(ws, out.model_id);
      assert.equal(again.atRisk, scored.atRisk);
      const monitored = await monitorChurnModel(ws, out.model_id);
      assert.ok(monitored.drift.some((d) => d.feature === 'p_alive'));
      const data = await buildChurnDataset(ws, { cutoff: '2026-05-20', pAlive: true, bgnbd: params });
      const p = data.columns.find((c) => c.name === 'p_alive')!.values as Float64Array;
      assert.ok(p.every((v) => v >= 0 && v <= 1));
      // On its own, a lower P(alive) goes with churning (weakly here: recency and activity say more).
      const auc = rocAuc(
        data.labels,
        Float64Array.from(p, (v) => 1 - v),
      );
      console.log(
        `samples: BG/NBD r ${params.r.toFixed(3)}, α ${params.alpha.toFixed(2)}, a ${params.a.toFixed(3)}, b ${params.b.toFixed(3)}; mean P(alive) ${(p.reduce((s, v) => s + v, 0) / p.length).toFixed(3)}; AUC of 1 − P(alive) alone ${auc.toFixed(3)}`,
      );
      assert.ok(auc > 0.5, `AUC of 1 − P(alive) ${auc}`);
    } finally {
      ws.close();
    }
  });

  it('the segment of a saved segmentation is a feature only when its window ends before the cutoff', async () => {
    const ws = await Workspace.open(join(dir.dir, 'segment-feature.duckdb'));
    try {
      await importSamples(ws, 'segment-samples', 500, 6);
      const cutoff = '2026-05-20';
      const before = await runSegmentation(
        ws,
        { algo: 'kmeans', k: 4, to: '2026-05-19', stabilityResamples: 0 },
        {},
      );
      const plain = await buildChurnDataset(ws, { cutoff, segmentation: null });
      assert.ok(!plain.columns.some((c) => c.name === 'segment'));
      const auto = await buildChurnDataset(ws, { cutoff });
      assert.equal(auto.segmentation, before.analysisId);
      const segment = auto.columns.find((c) => c.name === 'segment')!;
      assert.equal(segment.kind, 'text');
      assert.ok(new Set(segment.values).size >= 2, 'users fall in several segments');
      // A segmentation over data up to the end sees the label window: refused by id, passed over by default.
      const after = await runSegmentation(ws, { algo: 'kmeans', k: 3, stabilityResamples: 0 }, {});
      await assert.rejects(
        buildChurnDataset(ws, { cutoff, segmentation: after.analysisId }),
        /could reflect the label window; use one whose window ends before 2026-05-20/,
      );
      assert.equal((await buildChurnDataset(ws, { cutoff })).segmentation, before.analysisId);
      // Trained with it, the model scores with the same segmentation.
      const r = await trainChurnModel(ws, { cutoff, model: 'logistic', folds: 2 });
      assert.equal(r.segmentation, before.analysisId);
      assert.ok(r.result.importance.some((i) => i.feature.startsWith('segment')));
      assert.ok((await scoreChurn(ws, r.modelId)).users > 0);
    } finally {
      ws.close();
    }
  });

  it('a cancel at any stage of training, even the last, saves nothing', async () => {
    const ws = await Workspace.open(join(dir.dir, 'cancel.duckdb'));
    try {
      await importSamples(ws, 'cancel-samples', 400, 3);
      const stages: string[] = [];
      await trainChurnModel(
        ws,
        { cutoff: '2026-05-20', model: 'logistic', folds: 2 },
        {
          onProgress: (_f, message) => stages.push(message),
        },
      );
      const before = (await listModels(ws)).length;
      // Cancel when each stage is reported in turn: the first, one in the middle, and the last before saving.
      const last = stages.lastIndexOf('Permutation importance');
      for (const at of [0, Math.floor(last / 2), last]) {
        const controller = new AbortController();
        let seen = 0;
        await assert.rejects(
          trainChurnModel(
            ws,
            { cutoff: '2026-05-20', model: 'logistic', folds: 2 },
            {
              signal: controller.signal,
              onProgress: () => {
                if (seen++ === at) controller.abort();
              },
            },
          ),
          { name: 'AbortError' },
          `cancelled at report ${at} (${stages[at]})`,
        );
        assert.equal(
          (await listModels(ws)).length,
          before,
          `nothing saved after a cancel at "${stages[at]}"`,
        );
      }
    } finally {
      ws.close();
    }
  });

  it('CDNOW: a leakage-free churn model at a cutoff in 1998', async () => {
    const ws = await Workspace.open(join(dir.dir, 'cdnow.duckdb'));
    try {
      await importFile(ws, `${datasets}CDNOW_master.csv.gz`, { map: { event: "'Order Completed'" } });
      // Purchases are sparse: churn = no purchase in the 90 days after 1998-03-01; customers silent for a year excluded.
      const r = await trainChurnModel(ws, {
        cutoff: '1998-03-01',
        inactiveDays: 90,
        excludeInactiveDays: 365,
        model: 'logistic',
        folds: 3,
      });
      console.log(
        `CDNOW: ${r.balance.rows} customers, ${(100 * r.balance.rate).toFixed(1)}% churned, test AUC ${r.result.test.auc.toFixed(3)}`,
      );
      assert.ok(r.result.test.auc > 0.65);
      assert.ok(r.excluded.inactive > 0);
    } finally {
      ws.close();
    }
  });
});
