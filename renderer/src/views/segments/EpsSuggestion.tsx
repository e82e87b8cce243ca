import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import type { Data, Layout } from 'plotly.js-dist-min';
import { useMemo, useRef, useState } from 'react';
import type { EngineError, Output } from '../../api/EngineClient.ts';
import { asEngineError } from '../../api/EngineClient.ts';
import { useEngine } from '../../api/EngineContext.tsx';
import { palette, Plot, type PlotPoint } from '../../charts/Plot.tsx';
import { inAppWords } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import { defaultForm, problems, toRecipe, type RecipeForm } from './recipeForm.ts';
import { percent } from './segmentFormat.ts';

export type KDistance = Output<'segments.kDistance'>;

/** eps as the form holds it: three significant digits (the curve is not more precise than that). */
export const roundEps = (v: number): number => Number(v.toPrecision(3));

const ordinal = (k: number): string => {
  const tens = k % 100;
  if (tens >= 11 && tens <= 13) return `${k}th`;
  return `${k}${['th', 'st', 'nd', 'rd'][k % 10] ?? 'th'}`;
};

/** The share of users whose k-distance is above eps (not core users at that eps), read off the thinned curve. */
export function notCoreShare(curve: KDistance, eps: number): number {
  const i = curve.distance.findIndex((d) => d <= eps);
  if (i < 0) return 1;
  return curve.rows > 0 ? (curve.rank[i] ?? 0) / curve.rows : 0;
}

/** A horizontal line across the plot at y, labelled at one end (above the line, or below it). */
function level(y: number, text: string, color: string, dash: string, end: 'left' | 'right', below = false) {
  return {
    shape: {
      type: 'line',
      xref: 'paper',
      yref: 'y',
      x0: 0,
      x1: 1,
      y0: y,
      y1: y,
      line: { color, width: 1.5, dash },
    },
    annotation: {
      xref: 'paper',
      yref: 'y',
      x: end === 'right' ? 1 : 0,
      y,
      xanchor: end,
      yanchor: below ? 'top' : 'bottom',
      text,
      showarrow: false,
      font: { color, size: 11 },
      bgcolor: 'rgba(128,128,128,0.12)',
    },
  };
}

/** The k-distance chart: the curve, the suggested eps and (when it differs) the eps in the form. */
function KDistanceChart({
  curve,
  eps,
  onPick,
}: {
  curve: KDistance;
  eps: number;
  onPick: (eps: number) => void;
}) {
  const data = useMemo<Data[]>(
    () => [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: `Distance to the ${ordinal(curve.k)} neighbour`,
        x: curve.rank,
        y: curve.distance,
        line: { color: palette[0], width: 2 },
        marker: { color: palette[0], size: 4 },
        hovertemplate: 'user %{x:,}<br>distance %{y:.3f}<br>click to use as eps<extra></extra>',
      },
    ],
    [curve],
  );
  const layout = useMemo<Layout>(() => {
    const suggested = roundEps(curve.suggestedEps);
    const current = Number.isFinite(eps) && eps > 0 ? eps : null;
    // The suggestion is labelled at the right, the form's eps at the left (below the steep part).
    const marks = [
      level(suggested, `suggested eps = ${suggested}`, palette[5] ?? '#D55E00', 'dash', 'right'),
    ];
    if (current !== null && current !== suggested)
      marks.push(
        level(current, `eps = ${current}`, palette[2] ?? '#009E73', 'dot', 'left', current < suggested),
      );
    // Both ranges are fixed: Plotly.react with a new line but the same curve autoranges on the lines
    // alone (the curve's extent is forgotten), and the few most isolated users, far above the rest,
    // would flatten the bend (the axis stops at three times eps; their points are off the top).
    const top = Math.min(curve.distance[0] ?? 0, Math.max(suggested, current ?? 0) * 3);
    const last = curve.rank[curve.rank.length - 1] ?? 0;
    return {
      showlegend: false,
      hovermode: 'closest',
      shapes: marks.map((m) => m.shape),
      annotations: marks.map((m) => m.annotation),
      xaxis: { range: [-0.01 * last, 1.01 * last], zeroline: false },
      yaxis: { range: [0, top * 1.05] },
    };
  }, [curve, eps]);
  const clipped = (curve.distance[0] ?? 0) > Math.max(roundEps(curve.suggestedEps), eps || 0) * 3;
  return (
    <Plot
      title={`k-distance: each user’s distance to their ${ordinal(curve.k)} nearest neighbour`}
      xTitle="Users, from the most isolated"
      yTitle="Distance (scaled units)"
      data={data}
      layout={layout}
      height={320}
      filename="segments-kdistance"
      onPointClick={(p: PlotPoint) => typeof p.y === 'number' && onPick(roundEps(p.y))}
      note={
        clipped
          ? `The axis stops at three times eps; the most isolated users are above it (up to ${(curve.distance[0] ?? 0).toFixed(2)}).`
          : null
      }
    />
  );
}

/**
 * "Suggest eps" for DBSCAN: the k-distance curve of the recipe as it stands (k = min samples), in
 * a modal, with the knee as the suggested eps. Use takes the suggestion; clicking a point takes that
 * point's distance. The curve is fetched again only when the recipe (other than eps) changed.
 */
export function EpsSuggestion({
  form,
  set,
}: {
  form: RecipeForm;
  set: (patch: Partial<RecipeForm>) => void;
}) {
  const engine = useEngine();
  const [opened, setOpened] = useState(false);
  const [curve, setCurve] = useState<{ key: string; data: KDistance } | null>(null);
  const [error, setError] = useState<EngineError | null>(null);
  const [loading, setLoading] = useState(false);
  const request = useRef(0);

  // eps does not change the curve, and the name not the data.
  const base = { ...form, eps: defaultForm.eps, name: '' };
  const blocking = Object.values(problems(base))[0] ?? null;
  const recipe = blocking ? null : toRecipe(base);
  const key = JSON.stringify(recipe);

  const open = () => {
    setOpened(true);
    if (!recipe || (curve?.key === key && !error)) return;
    const id = ++request.current;
    setLoading(true);
    setError(null);
    engine.call('segments.kDistance', recipe).then(
      (data) => {
        if (id !== request.current) return;
        setCurve({ key, data });
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== request.current) return;
        setError(asEngineError(e));
        setLoading(false);
      },
    );
  };

  const shown = curve?.key === key ? curve.data : null;
  const suggested = shown ? roundEps(shown.suggestedEps) : null;
  const eps = Number.isFinite(form.eps) && form.eps > 0 ? form.eps : null;
  return (
    <>
      <Button
        variant="light"
        size="compact-xs"
        onClick={open}
        disabled={blocking !== null}
        title={blocking ? `First: ${blocking}` : 'The k-distance plot of this recipe, with a suggested eps'}
      >
        Suggest eps
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title="Choose DBSCAN’s eps from the k-distance plot"
        size={760}
        centered
      >
        <Stack gap="sm" data-testid="segments-kdistance">
          {loading && (
            <Group gap="xs">
              <Loader size="xs" />
              <Text size="sm" c="dimmed">
                Finding each user’s {ordinal(form.minSamples)} nearest neighbour…
              </Text>
            </Group>
          )}
          {error && !loading && (
            <Alert color="red" title="Could not compute the k-distance plot">
              {inAppWords(error.message)}. Change the recipe and try again.
            </Alert>
          )}
          {shown && suggested !== null && !loading && (
            <>
              <Text size="sm">
                Over {count(shown.rows)} users, sorted from the most isolated: where the curve bends from
                steep to flat is the distance that separates dense regions from sparse users. Its knee
                suggests <b>eps = {suggested}</b> with min samples = {shown.k}.
              </Text>
              <KDistanceChart curve={shown} eps={eps ?? NaN} onPick={(e) => set({ eps: e })} />
              <Text size="xs" c="dimmed" data-testid="segments-kdistance-reading">
                {eps === null
                  ? 'Click a point to use its distance as eps.'
                  : `At eps = ${eps}, about ${percent(notCoreShare(shown, eps), 0)} of users have fewer than ${shown.k} users (themselves included) within eps: each joins a segment if it is near a dense user, else it is noise. Click a point to use its distance as eps.`}
              </Text>
              <Group justify="flex-end" gap="xs">
                <Button variant="default" size="xs" onClick={() => setOpened(false)}>
                  Close
                </Button>
                <Button
                  size="xs"
                  onClick={() => {
                    set({ eps: suggested });
                    setOpened(false);
                  }}
                >
                  Use eps = {suggested}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}
