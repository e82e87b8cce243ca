import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { datasets, engage, tempDir } from '../helpers.ts';

const mall = `${datasets}Mall_Customers.csv`;
const incomeSpending = 'Annual Income (k$),Spending Score (1-100)';

interface ClusterJson {
  algo: string;
  k: number;
  iterations: number | null;
  inertia: number;
  silhouette: number | null;
  silhouette_sample: number | null;
  davies_bouldin: number | null;
  calinski_harabasz: number | null;
  bic?: number;
  sizes: number[];
  seconds: number;
  selection?: { k: number; inertia: number; silhouette: number | null }[];
  knee?: number | null;
  noise: number;
}

async function cluster(...args: string[]): Promise<ClusterJson> {
  const r = await engage('cluster', ...args, '--json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ClusterJson;
}

describe('engage cluster', () => {
  const dir = tempDir();
  after(() => dir.cleanup());

  it('finds the five well-known Mall_Customers groups (income × spending score)', async () => {
    const labelsOut = `${dir.dir}/labels.txt`;
    const r = await cluster(
      mall,
      '--algo',
      'kmeans',
      '--k',
      '5',
      '--columns',
      incomeSpending,
      '--n-init',
      '10',
      '--labels-out',
      labelsOut,
    );
    // The JSON contract of the issue: these keys, in this order, before any extra ones.
    assert.deepEqual(Object.keys(r).slice(0, 10), [
      'algo',
      'k',
      'iterations',
      'inertia',
      'silhouette',
      'silhouette_sample',
      'davies_bouldin',
      'calinski_harabasz',
      'sizes',
      'seconds',
    ]);
    assert.deepEqual(
      [...r.sizes].sort((a, b) => a - b),
      [22, 23, 35, 39, 81],
    );
    // scikit-learn 1.2, KMeans(5, n_init=10) on the same two columns: inertia 44448.4554.
    assert.ok(Math.abs(r.inertia - 44448.4554) / 44448.4554 < 1e-6, String(r.inertia));
    assert.equal(r.silhouette_sample, 200);
    const labels = readFileSync(labelsOut, 'utf8').trim().split('\n').map(Number);
    assert.equal(labels.length, 200);
    assert.deepEqual([...new Set(labels)].sort(), [0, 1, 2, 3, 4]);
  });

  it('chooses k over a range by silhouette and marks the elbow', async () => {
    const r = await cluster(
      mall,
      '--algo',
      'kmeans',
      '--k-range',
      '2..8',
      '--columns',
      incomeSpending,
      '--standardize',
    );
    assert.equal(r.selection?.length, 7);
    assert.deepEqual(
      r.selection?.map((s) => s.k),
      [2, 3, 4, 5, 6, 7, 8],
    );
    assert.equal(r.k, 5);
    assert.equal(r.knee, 5);
    const best = Math.max(...r.selection.map((s) => s.silhouette ?? -1));
    assert.equal(r.silhouette, best);
  });

  it('runs GMM with BIC, DBSCAN with noise labels, and hierarchical clustering', async () => {
    const gmm = await cluster(
      mall,
      '--algo',
      'gmm',
      '--k',
      '5',
      '--columns',
      incomeSpending,
      '--standardize',
    );
    assert.equal(typeof gmm.bic, 'number');
    const labelsOut = `${dir.dir}/dbscan.txt`;
    const db = await cluster(
      mall,
      '--algo',
      'dbscan',
      '--eps',
      '0.3',
      '--min-samples',
      '5',
      '--columns',
      incomeSpending,
      '--standardize',
      '--labels-out',
      labelsOut,
    );
    const labels = readFileSync(labelsOut, 'utf8').trim().split('\n').map(Number);
    assert.equal(labels.filter((l) => l === -1).length, db.noise);
    assert.ok(db.noise > 0);
    assert.equal(db.sizes.reduce((a, b) => a + b, 0) + db.noise, 200);
    const h = await cluster(
      mall,
      '--algo',
      'hierarchical',
      '--k',
      '5',
      '--linkage',
      'ward',
      '--columns',
      incomeSpending,
      '--standardize',
      '--pca',
      '2',
    );
    assert.equal(h.k, 5);
    assert.equal(h.iterations, null);
  });

  it('gives clear errors for bad input', async () => {
    const bad = async (args: string[], pattern: RegExp) => {
      const r = await engage('cluster', ...args);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, pattern);
    };
    await bad(
      [mall, '--algo', 'kmeans', '--k', '3', '--columns', 'Genre'],
      /Mall_Customers\.csv:2: column "Genre" is not numeric \("Male"\)/,
    );
    const nan = dir.file('nan.csv', 'a,b\n1,2\n3,\n5,6\n');
    await bad([nan, '--algo', 'kmeans', '--k', '2'], /nan\.csv:3: column "b" is empty or NaN/);
    const small = dir.file('small.csv', 'a,b\n1,2\n3,4\n');
    await bad([small, '--algo', 'kmeans', '--k', '3'], /k = 3 is more than the 2 rows/);
    const constant = dir.file('constant.csv', 'a,b\n1,2\n3,2\n5,2\n');
    await bad([constant, '--algo', 'kmeans', '--k', '2', '--standardize'], /"b".*constant|constant.*"b"/);
    const empty = dir.file('empty.csv', '');
    await bad([empty, '--algo', 'kmeans', '--k', '2'], /empty\.csv: the file is empty/);
    const header = dir.file('header.csv', 'a,b\n');
    await bad([header, '--algo', 'kmeans', '--k', '2'], /header\.csv: (no data rows|no numeric column)/);
    await bad([mall, '--algo', 'dbscan'], /--algo dbscan needs --eps/);
    await bad([mall, '--algo', 'kmeans', '--k', '3', '--k-range', '2..4'], /--k or --k-range, not both/);
    await bad(
      [mall, '--algo', 'spectral', '--k', '3'],
      /--algo must be one of kmeans, gmm, dbscan, hierarchical/,
    );
    await bad(['/nope/x.csv', '--algo', 'kmeans', '--k', '2'], /\/nope\/x\.csv: no such file/);
  });
});
