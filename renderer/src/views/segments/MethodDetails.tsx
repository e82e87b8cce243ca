import { Accordion, List, Table, Text } from '@mantine/core';
import { count } from '../../format.ts';
import { algoNames, type Labeller, type Segmentation } from './segmentFormat.ts';

/** Notes the analyst should know about this run: sampling, dropped rows and columns, PCA. */
export function runNotes(a: Segmentation): string[] {
  const notes = [...a.clustering.notes];
  const rows = a.preprocessing.rows;
  if (rows.dropped > 0)
    notes.push(`${count(rows.dropped)} of ${count(rows.input)} users dropped for missing values.`);
  if (a.preprocessing.droppedConstant.length > 0)
    notes.push(
      `Constant columns left out (they cannot separate anyone): ${a.preprocessing.droppedConstant.join(', ')}.`,
    );
  if (a.pca.clusteredOn !== null)
    notes.push(`Clustered on the first ${a.pca.clusteredOn} principal components.`);
  if (a.clustering.silhouetteExact === false)
    notes.push(
      `Silhouette on a seeded sample of ${count(a.clustering.silhouetteSample ?? 0)} users (exact up to 10,000).`,
    );
  return notes;
}

/** The method as run: recipe in words and the preprocessing report per column. */
export function MethodDetails({ analysis: a, label }: { analysis: Segmentation; label: Labeller }) {
  const r = a.recipe;
  const pca = r.pca
    ? 'components' in r.pca
      ? `${r.pca.components} components`
      : `${Math.round(r.pca.varianceShare * 100)}% of variance`
    : 'no PCA';
  return (
    <Accordion variant="contained" chevronPosition="left">
      <Accordion.Item value="method">
        <Accordion.Control>Method and preprocessing</Accordion.Control>
        <Accordion.Panel>
          <Text size="xs" mb="xs">
            {algoNames[a.clustering.algo]}
            {r.algo === 'hierarchical' ? ` (${r.linkage ?? 'ward'} linkage)` : ''}
            {r.algo === 'gmm' ? ` (${r.covariance ?? 'full'} covariance)` : ''}
            {r.algo === 'dbscan' ? ` (eps ${r.eps}, min samples ${r.minSamples})` : ''}, seed {r.seed ?? 0}
            {r.nInit ? `, ${r.nInit} initialisations` : ''}; window {a.window.from} – {a.window.to}; missing
            values: {r.impute ?? 'median'}; log1p:{' '}
            {Array.isArray(r.log1p) ? r.log1p.map(label).join(', ') : (r.log1p ?? 'auto')}; scaling:{' '}
            {r.scale ?? 'standard'}; {pca}; {a.features.length} features → {a.matrixFeatures.length} matrix
            columns; analysis <code>{a.analysisId}</code>.
          </Text>
          <Table fz="xs" verticalSpacing={2} striped aria-label="Preprocessing per column">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Feature</Table.Th>
                <Table.Th ta="right">Missing</Table.Th>
                <Table.Th ta="right">Imputed</Table.Th>
                <Table.Th ta="right">Rows dropped</Table.Th>
                <Table.Th>Fill</Table.Th>
                <Table.Th>log1p</Table.Th>
                <Table.Th>Encoding and scaling</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.preprocessing.columns.map((c) => (
                <Table.Tr key={c.column}>
                  <Table.Td>{label(c.column)}</Table.Td>
                  <Table.Td ta="right">{count(c.missing)}</Table.Td>
                  <Table.Td ta="right">{count(c.imputed)}</Table.Td>
                  <Table.Td ta="right">{count(c.droppedRows)}</Table.Td>
                  <Table.Td>
                    {c.fill === undefined
                      ? ''
                      : typeof c.fill === 'number'
                        ? Number(c.fill.toPrecision(4))
                        : c.fill}
                  </Table.Td>
                  <Table.Td>{c.log1p ? 'yes' : ''}</Table.Td>
                  <Table.Td>
                    {c.kind === 'categorical'
                      ? `one-hot: ${c.levels?.length ?? 0} levels${c.otherRows ? ` + other (${count(c.otherRows)} users)` : ''}`
                      : c.features[0]
                        ? `centre ${Number(c.features[0].center.toPrecision(3))}, scale ${Number(c.features[0].scale.toPrecision(3))}`
                        : 'left out (constant)'}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {runNotes(a).length > 0 && (
            <List size="xs" mt="xs">
              {runNotes(a).map((n) => (
                <List.Item key={n}>{n}</List.Item>
              ))}
            </List>
          )}
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
