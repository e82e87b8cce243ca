import { writeFileSync } from 'node:fs';
import type { ClusterSpec } from '../../analysis/cluster/clusterRun.ts';
import { intOption, oneOf, parse } from '../args.ts';
import type { Command } from '../command.ts';
import { progressLine, UsageError } from '../output.ts';

export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'cluster the rows of a numeric CSV or Parquet matrix (k-means, GMM, DBSCAN, hierarchical)',
  usage: `engage cluster MATRIX.(csv|parquet) --algo kmeans|gmm|dbscan|hierarchical [options] [--json]

  --k K | --k-range A..B    clusters, or try each k from A to B and keep the best silhouette (BIC for gmm)
  --columns A,B,...         feature columns (default: every numeric column)
  --seed S                  seed of every random choice (default 0)
  --n-init N                k-means / GMM initialisations, the best kept (default 4 / 1)
  --standardize             z-score each column first
  --pca N                   cluster on the first N principal components (after --standardize)
  --eps E --min-samples M   DBSCAN neighbourhood radius and core size (default M = 5)
  --linkage ward|average|complete|single   hierarchical linkage (default ward)
  --covariance full|diag    GMM covariance (default full)
  --silhouette-sample N|all silhouette rows: exact up to N (default 10000), a seeded sample of N above
  --labels-out FILE         one label per input row, in input order (−1 for DBSCAN noise)
  --json                    {"algo", "k", "iterations", "inertia", "silhouette", "silhouette_sample",
                             "davies_bouldin", "calinski_harabasz", "bic"?, "sizes", "seconds", "selection"?}
Inertia is the sum of squared distances in the space the algorithm ran in.`,

  async run(args, io) {
    const { values, positionals } = parse(args, {
      algo: { type: 'string' },
      k: { type: 'string' },
      'k-range': { type: 'string' },
      columns: { type: 'string' },
      seed: { type: 'string' },
      'n-init': { type: 'string' },
      standardize: { type: 'boolean' },
      pca: { type: 'string' },
      eps: { type: 'string' },
      'min-samples': { type: 'string' },
      linkage: { type: 'string' },
      covariance: { type: 'string' },
      'silhouette-sample': { type: 'string' },
      'labels-out': { type: 'string' },
      json: { type: 'boolean' },
    });
    const file = positionals[0];
    if (!file) throw new UsageError('give the matrix file: engage cluster MATRIX.csv --algo kmeans --k 5');
    const { ALGORITHMS, runClustering } = await import('../../analysis/cluster/clusterRun.ts');
    const { pca } = await import('../../analysis/pca.ts');
    const { preprocess } = await import('../../analysis/preprocess/index.ts');
    const { readMatrixFile } = await import('../../segments/matrixFile.ts');
    const algo = oneOf(values.algo, ALGORITHMS, 'algo');
    if (!algo) throw new UsageError(`--algo is required (${ALGORITHMS.join(', ')})`);
    const spec: ClusterSpec = {
      algo,
      k: positive(values.k, 'k'),
      kRange: range(values['k-range']),
      seed: intOption(values.seed, 'seed', 0),
      nInit: positive(values['n-init'], 'n-init'),
      eps: number(values.eps, 'eps'),
      minSamples: positive(values['min-samples'], 'min-samples'),
      linkage: oneOf(values.linkage, ['ward', 'average', 'complete', 'single'] as const, 'linkage'),
      covariance: oneOf(values.covariance, ['full', 'diag'] as const, 'covariance'),
      silhouetteSample:
        values['silhouette-sample'] === 'all'
          ? 'all'
          : positive(values['silhouette-sample'], 'silhouette-sample'),
    };
    if (spec.k !== undefined && spec.kRange) throw new UsageError('give --k or --k-range, not both');
    if (algo === 'dbscan' && spec.eps === undefined) throw new UsageError('--algo dbscan needs --eps');
    if (algo !== 'dbscan' && spec.k === undefined && !spec.kRange)
      throw new UsageError(`--algo ${algo} needs --k or --k-range`);

    const columns = values.columns
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const read = await readMatrixFile(file, columns);
    let x = read.matrix;
    if (values.standardize) {
      x = preprocess(
        {
          columns: read.columns.map((name, j) => ({
            name,
            kind: 'numeric' as const,
            values: column(x.data, x.cols, j),
          })),
        },
        { columns: read.columns.map((column) => ({ column, scale: 'standard' as const })) },
      ).matrix;
    }
    const components = positive(values.pca, 'pca');
    if (components !== undefined) {
      if (components > x.cols)
        throw new UsageError(`--pca ${components}: the matrix has only ${x.cols} columns`);
      x = pca(x, { components }).scores;
    }

    const progress = progressLine(io);
    const run = await runClustering(x, spec, {
      onProgress: (f, m) => progress.update(`${m} (${Math.round(100 * f)}%)`),
    });
    progress.done();
    if (values['labels-out']) writeFileSync(values['labels-out'], `${Array.from(run.labels).join('\n')}\n`);

    const report = {
      algo: run.algo,
      k: run.k,
      iterations: run.iterations,
      inertia: run.inertia,
      silhouette: run.silhouette,
      silhouette_sample: run.silhouetteSample,
      davies_bouldin: run.daviesBouldin,
      calinski_harabasz: run.calinskiHarabasz,
      ...(run.bic === undefined ? {} : { bic: run.bic, aic: run.aic }),
      sizes: run.sizes,
      seconds: run.seconds,
      ...(run.selection
        ? {
            knee_method: run.kneeMethod,
            selection: run.selection.map((s) => ({
              k: s.k,
              inertia: s.inertia,
              silhouette: s.silhouette,
              ...(s.bic === undefined ? {} : { bic: s.bic }),
            })),
            knee: run.knee,
          }
        : {}),
      noise: run.noise,
      rows: x.rows,
      columns: read.columns,
      dimensions: x.cols,
      notes: run.notes,
    };
    if (values.json) {
      io.out(`${JSON.stringify(report)}\n`);
      return 0;
    }
    const f = (v: number | null, digits = 4) => (v === null ? '—' : v.toFixed(digits));
    io.out(
      [
        `${algo}: k = ${run.k} on ${x.rows} rows × ${x.cols} dimensions in ${run.seconds.toFixed(2)} s${run.iterations === null ? '' : ` (${run.iterations} iterations)`}`,
        `sizes ${run.sizes.join(', ')}${run.noise ? `; noise ${run.noise}` : ''}`,
        `inertia ${f(run.inertia, 2)}  silhouette ${f(run.silhouette)}${run.silhouetteExact === false ? ` (sample of ${run.silhouetteSample})` : ''}  Davies–Bouldin ${f(run.daviesBouldin)}  Calinski–Harabasz ${f(run.calinskiHarabasz, 1)}${run.bic === undefined ? '' : `  BIC ${run.bic.toFixed(1)}`}`,
        ...(run.selection
          ? [
              'k  inertia  silhouette',
              ...run.selection.map(
                (s) =>
                  `${s.k}  ${s.inertia.toFixed(2)}  ${f(s.silhouette)}${s.k === run.knee ? '  ← elbow' : ''}${s.k === run.k ? '  ← kept' : ''}`,
              ),
            ]
          : []),
        ...run.notes.map((n) => `note: ${n}`),
      ].join('\n') + '\n',
    );
    return 0;
  },
};

function column(data: Float64Array, cols: number, j: number): Float64Array {
  const out = new Float64Array(data.length / cols);
  for (let i = 0; i < out.length; i++) out[i] = data[i * cols + j] as number;
  return out;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} takes a whole number ≥ 1, not "${value}"`);
  return n;
}

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} takes a number > 0, not "${value}"`);
  return n;
}

function range(value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\.\.(\d+)$/.exec(value);
  if (!m) throw new UsageError(`--k-range takes A..B, e.g. 2..10, not "${value}"`);
  return [Number(m[1]), Number(m[2])];
}
