import { ActionIcon, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useEngine } from '../../api/EngineContext.tsx';
import { besideWorkspace, exportError } from '../../components/ExportPathField.tsx';
import { Num } from '../../components/fields.tsx';
import { useToasts } from '../../frame/toasts.tsx';
import { count } from '../../format.ts';
import type { DesignResult } from './experimentsApi.ts';

interface FactorDraft {
  name: string;
  /** Comma-separated levels as typed. */
  levels: string;
}

const levelsOf = (text: string) =>
  text
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

/** The engine's id of unit `i` of `n`: u0001 … u1000. */
const unitId = (i: number, n: number) => `u${String(i).padStart(String(n).length, '0')}`;

/** Why the design cannot be written yet, or null. */
function designError(factors: FactorDraft[], units: number, seed: string, out: string): string | null {
  if (factors.length === 0) return 'Add a factor';
  for (const f of factors) {
    if (!f.name.trim()) return 'Every factor needs a name';
    const levels = levelsOf(f.levels);
    if (levels.length < 2) return `${f.name}: at least two levels, separated by commas`;
    if (new Set(levels).size !== levels.length) return `${f.name}: a level is repeated`;
  }
  if (new Set(factors.map((f) => f.name.trim())).size !== factors.length) return 'Two factors share a name';
  if (!(Number.isInteger(units) && units >= 1 && units <= 50_000_000))
    return 'Units: a whole number up to 50,000,000';
  if (!seed.trim()) return 'A salt makes the assignment reproducible: type one';
  if (!out.trim()) return 'Choose the output file';
  return null;
}

/**
 * The design helper: a full-factorial design with balanced, salted-hash assignment of numbered
 * units, written as a CSV (unit, cell, one column per factor), with each cell's size shown.
 */
export function DesignPanel({ workspacePath }: { workspacePath: string | null }) {
  const engine = useEngine();
  const toasts = useToasts();
  const [factors, setFactors] = useState<FactorDraft[]>([
    { name: 'timing', levels: 'morning, evening' },
    { name: 'content', levels: 'generic, personalised' },
  ]);
  const [units, setUnits] = useState(10_000);
  const [seed, setSeed] = useState('experiment-1');
  const [out, setOut] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DesignResult | null>(null);
  useEffect(() => {
    if (workspacePath) setOut((o) => o || besideWorkspace(workspacePath, 'design.csv'));
  }, [workspacePath]);
  const problem = designError(factors, units, seed, out);
  const edit = (i: number, patch: Partial<FactorDraft>) =>
    setFactors((fs) => fs.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const cellCount = factors.reduce((n, f) => n * Math.max(1, levelsOf(f.levels).length), 1);

  const write = () => {
    if (problem || busy) return;
    setBusy(true);
    const input = {
      factors: factors.map((f) => ({ name: f.name.trim(), levels: levelsOf(f.levels) })),
      units,
      seed: seed.trim(),
      out: out.trim(),
    };
    engine
      .call('experiments.design', input)
      .then((r) => {
        setResult(r);
        toasts.info('Design written', `${count(r.units)} units in ${r.cells.length} cells: ${r.out}`);
      })
      .catch((e: unknown) => toasts.error(exportError(e, input.out), 'Could not write the design'))
      .finally(() => setBusy(false));
  };

  return (
    <Group align="flex-start" gap="md" wrap="nowrap" p="md" data-testid="experiment-design">
      <Card withBorder padding="sm" w={380} miw={380}>
        <Stack gap={6}>
          {factors.map((f, i) => (
            <Group key={i} gap={6} align="flex-end" wrap="nowrap">
              <TextInput
                size="xs"
                label={`Factor ${i + 1}`}
                value={f.name}
                w={110}
                onChange={(e) => edit(i, { name: e.currentTarget.value })}
              />
              <TextInput
                size="xs"
                label="Levels (comma-separated)"
                value={f.levels}
                style={{ flex: 1 }}
                onChange={(e) => edit(i, { levels: e.currentTarget.value })}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mb={2}
                aria-label={`Remove factor ${i + 1}`}
                onClick={() => setFactors((fs) => fs.filter((_, j) => j !== i))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Button
            size="compact-xs"
            variant="light"
            disabled={factors.length >= 6}
            onClick={() => setFactors((fs) => [...fs, { name: '', levels: '' }])}
            style={{ alignSelf: 'flex-start' }}
          >
            Add factor
          </Button>
          <Group gap={6} grow>
            <Num
              label="Units"
              value={units}
              onChange={setUnits}
              min={1}
              max={50_000_000}
              description={`${cellCount} cells`}
            />
            <TextInput
              size="xs"
              label="Salt (seed)"
              description="Same salt, same assignment"
              value={seed}
              onChange={(e) => setSeed(e.currentTarget.value)}
            />
          </Group>
          <TextInput
            size="xs"
            label="Write the design to"
            value={out}
            onChange={(e) => setOut(e.currentTarget.value)}
          />
          <Text size="xs" c={problem ? 'dimmed' : undefined}>
            {problem ??
              `${count(units)} units (${unitId(1, units)} … ${unitId(units, units)}), each in one of ${cellCount} cells.`}
          </Text>
          <Button size="xs" onClick={write} loading={busy} disabled={problem !== null}>
            Write design
          </Button>
        </Stack>
      </Card>
      <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
        <Title order={4}>Full-factorial design</Title>
        {result ? (
          <>
            <Text size="sm" data-testid="experiment-design-done">
              {count(result.units)} units in {result.cells.length} cells written to {result.out}.
            </Text>
            <Table verticalSpacing={2} fz="xs" aria-label="Design cells" maw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Cell</Table.Th>
                  {Object.keys(result.cells[0]?.levels ?? {}).map((k) => (
                    <Table.Th key={k}>{k}</Table.Th>
                  ))}
                  <Table.Th ta="right">Units</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.cells.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td ff="monospace">{c.id}</Table.Td>
                    {Object.values(c.levels).map((l, i) => (
                      <Table.Td key={i}>{l}</Table.Td>
                    ))}
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {count(c.n)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        ) : (
          <Text size="sm" c="dimmed" maw={560}>
            Plan an experiment before it runs: name the factors and their levels, say how many units, and
            write a file that assigns each unit to one cell of every combination — balanced, and reproducible
            from the salt. Give the file to whoever ships the variants; analyse it here afterwards with
            “File”.
          </Text>
        )}
      </Stack>
    </Group>
  );
}
