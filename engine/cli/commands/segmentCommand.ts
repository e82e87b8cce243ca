import { Workspace } from '../../store/Workspace.ts';
import type { SegmentRecipe } from '../../segments/recipe.ts';
import { intOption, oneOf, parse, requireWorkspace } from '../args.ts';
import type { Command } from '../command.ts';
import { progressLine, UsageError } from '../output.ts';

export const segmentCommand: Command = {
  name: 'segment',
  summary: 'segment the workspace’s users by behaviour and demographics, and save the result',
  usage: `engage segment --workspace WS [options] [--json]

Builds per-user features over a window (sessions by the 30-minute rule, activity, purchases,
content mix, demographics), preprocesses them, clusters, checks stability, profiles and names each
segment, and saves it all (table user_segments). Prints the profiles and the analysis id.
  --features A,B,...     features (default: the sensible set; see --list-features)
  --list-features        print the features this workspace offers and exit
  --from DATE --to DATE  window (YYYY-MM-DD, inclusive; default all events)
  --algo kmeans|gmm|dbscan|hierarchical   (default kmeans)
  --k K | --k-range A..B clusters (default 5), or the best silhouette (BIC for gmm) over a range
  --seed S               (default 0)      --n-init N   initialisations
  --scale standard|robust|none             (default standard)
  --pca N                cluster on N principal components
  --eps E --min-samples M   DBSCAN       --linkage ward|average|complete|single
  --stability N          bootstrap resamples for stability (default 10; 0 = off)
  --name TEXT            name of the saved analysis
  --export FILE          also write user → segment as CSV or Parquet (by extension)
  --json                 {"analysis_id", "k", "users", "silhouette", …, "profiles": [...]}`,

  async run(args, io) {
    const { values } = parse(args, {
      workspace: { type: 'string' },
      features: { type: 'string' },
      'list-features': { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      algo: { type: 'string' },
      k: { type: 'string' },
      'k-range': { type: 'string' },
      seed: { type: 'string' },
      'n-init': { type: 'string' },
      scale: { type: 'string' },
      pca: { type: 'string' },
      eps: { type: 'string' },
      'min-samples': { type: 'string' },
      linkage: { type: 'string' },
      stability: { type: 'string' },
      name: { type: 'string' },
      export: { type: 'string' },
      json: { type: 'boolean' },
    });
    const path = requireWorkspace(values.workspace);
    const { discoverFeatures } = await import('../../segments/discover.ts');
    const { segmentRecipe } = await import('../../segments/recipe.ts');
    const kRange = values['k-range'] === undefined ? undefined : /^(\d+)\.\.(\d+)$/.exec(values['k-range']);
    if (values['k-range'] !== undefined && !kRange)
      throw new UsageError(`--k-range takes A..B, not "${values['k-range']}"`);
    const raw: Record<string, unknown> = {
      name: values.name,
      from: values.from,
      to: values.to,
      features: values.features
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean),
      algo: oneOf(values.algo, ['kmeans', 'gmm', 'dbscan', 'hierarchical'] as const, 'algo'),
      k: intOption(values.k, 'k'),
      kRange: kRange ? [Number(kRange[1]), Number(kRange[2])] : undefined,
      seed: intOption(values.seed, 'seed'),
      nInit: intOption(values['n-init'], 'n-init'),
      scale: oneOf(values.scale, ['standard', 'robust', 'none'] as const, 'scale'),
      pca: values.pca === undefined ? undefined : { components: intOption(values.pca, 'pca') },
      eps: values.eps === undefined ? undefined : Number(values.eps),
      minSamples: intOption(values['min-samples'], 'min-samples'),
      linkage: oneOf(values.linkage, ['ward', 'average', 'complete', 'single'] as const, 'linkage'),
      stabilityResamples: intOption(values.stability, 'stability'),
    };
    const parsed = segmentRecipe.safeParse(
      Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`--${String(issue.path[0] ?? '')}: ${issue.message}`);
    }
    const recipe: SegmentRecipe = parsed.data;

    if (values['list-features']) {
      const ws = await Workspace.open(path, { readOnly: true });
      try {
        const catalog = await discoverFeatures(ws, recipe);
        if (values.json) io.out(`${JSON.stringify(catalog)}\n`);
        else
          io.out(
            catalog.features
              .map(
                (f) =>
                  `${f.byDefault ? '*' : ' '} ${f.name.padEnd(34)} ${f.kind.padEnd(11)} ${f.description}`,
              )
              .join('\n') + '\n(* default)\n',
          );
        return 0;
      } finally {
        ws.close();
      }
    }

    const { runSegmentation } = await import('../../segments/runSegmentation.ts');
    const { exportSegments } = await import('../../segments/store.ts');
    const ws = await Workspace.open(path);
    try {
      const progress = progressLine(io);
      const result = await runSegmentation(ws, recipe, {
        onProgress: (f, m) => progress.update(`${m} (${Math.round(100 * f)}%)`),
      });
      progress.done();
      const exported = values.export ? await exportSegments(ws, result.analysisId, values.export) : null;
      const c = result.clustering;
      if (values.json) {
        io.out(
          `${JSON.stringify({
            analysis_id: result.analysisId,
            name: result.name,
            algo: c.algo,
            k: c.k,
            users: result.users,
            features: result.features,
            inertia: c.inertia,
            silhouette: c.silhouette,
            silhouette_sample: c.silhouetteSample,
            davies_bouldin: c.daviesBouldin,
            calinski_harabasz: c.calinskiHarabasz,
            ...(c.bic === undefined ? {} : { bic: c.bic }),
            ...(c.selection ? { selection: c.selection, knee: c.knee } : {}),
            stability: result.stability,
            profiles: result.profiles.map((p) => ({
              segment: p.segment,
              name: p.name,
              size: p.size,
              share: p.share,
              top: p.top.map((t) => ({
                feature: t.level ? `${t.feature}=${t.level}` : t.feature,
                difference: t.difference,
                mean: t.mean,
                overall_mean: t.overallMean,
              })),
            })),
            ...(exported ? { exported } : {}),
            seconds: result.seconds,
          })}\n`,
        );
        return 0;
      }
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      io.out(
        [
          `${result.analysisId}: ${c.algo}, k = ${c.k}, ${result.users} users, ${result.features.length} features, ${result.seconds.toFixed(1)} s`,
          `silhouette ${c.silhouette?.toFixed(3) ?? '—'}${result.stability ? `; stability (mean ARI over ${result.stability.resamples} bootstraps) ${result.stability.meanAri.toFixed(3)}` : ''}`,
          ...result.profiles.map(
            (p) =>
              `  ${String(p.segment).padStart(2)}  ${p.name.padEnd(24)} ${String(p.size).padStart(7)} (${pct(p.share)})  ${p.top
                .slice(0, 3)
                .map(
                  (t) =>
                    `${t.level ? `${t.feature}=${t.level}` : t.feature} ${t.difference! > 0 ? '+' : ''}${t.difference!.toFixed(2)} sd`,
                )
                .join(', ')}`,
          ),
          ...(exported ? [`wrote ${exported.rows} rows to ${exported.path}`] : []),
        ].join('\n') + '\n',
      );
      return 0;
    } finally {
      ws.close();
    }
  },
};
