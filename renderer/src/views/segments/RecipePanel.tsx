import { Accordion, Button, Group, Kbd, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { formFields } from '../../components/formFields.tsx';
import { modKey } from '../../frame/shell.tsx';
import { AlgorithmOptions } from './AlgorithmOptions.tsx';
import { FeaturePicker } from './FeaturePicker.tsx';
import { problems, type RecipeForm } from './recipeForm.ts';
import type { Catalog } from './segmentFormat.ts';

export interface RecipePanelProps {
  catalog: Catalog;
  form: RecipeForm;
  onChange: (patch: Partial<RecipeForm>) => void;
  onRun: () => void;
  onReset: () => void;
  running: boolean;
  /** The saved analysis whose recipe is shown, if the form still holds it unchanged. */
  openedName: string | null;
}

/**
 * The recipe: features, window, preprocessing, algorithm and validation options, with Run at the
 * bottom (Ctrl/Cmd+Enter). Options with a problem say so under the field and Run waits for them.
 */
export function RecipePanel({
  catalog,
  form,
  onChange,
  onRun,
  onReset,
  running,
  openedName,
}: RecipePanelProps) {
  const errors = problems(form);
  const ok = Object.keys(errors).length === 0;
  const set = onChange;
  const { num, choice } = formFields(form, set, errors);
  return (
    <Stack
      gap={0}
      w={300}
      miw={300}
      style={{ borderRight: '1px solid var(--mantine-color-default-border)', minHeight: 0 }}
      role="form"
      aria-label="Segmentation recipe"
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && ok && !running) {
          e.preventDefault();
          onRun();
        }
      }}
    >
      <Group justify="space-between" px="xs" pb={6}>
        <Text fw={600} size="sm">
          Recipe
        </Text>
        <Button variant="subtle" size="compact-xs" onClick={onReset}>
          New recipe
        </Button>
      </Group>
      {openedName && (
        <Text size="xs" c="dimmed" px="xs" pb={4} truncate>
          From “{openedName}”
        </Text>
      )}
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars px="xs">
        <Accordion
          multiple
          defaultValue={['features', 'prep', 'algo']}
          chevronPosition="left"
          styles={{
            control: { paddingBlock: 0 },
            chevron: { marginInline: 6 },
            label: { fontSize: 'var(--mantine-font-size-sm)', fontWeight: 600, paddingBlock: 8 },
            content: { paddingInline: 4, paddingBottom: 12 },
          }}
        >
          <Accordion.Item value="window">
            <Accordion.Control>Window and name</Accordion.Control>
            <Accordion.Panel>
              <Stack gap={8}>
                <Group gap="xs" grow align="flex-start">
                  <TextInput
                    size="xs"
                    label="From"
                    placeholder={catalog.window.from}
                    value={form.from}
                    onChange={(e) => set({ from: e.currentTarget.value })}
                    error={form.from.length >= 10 ? errors.from : undefined}
                  />
                  <TextInput
                    size="xs"
                    label="To"
                    placeholder={catalog.window.to}
                    value={form.to}
                    onChange={(e) => set({ to: e.currentTarget.value })}
                    error={form.to.length >= 10 || errors.to === 'Before “From”' ? errors.to : undefined}
                  />
                </Group>
                <Text size="xs" c="dimmed">
                  Empty: all the data ({catalog.window.from} – {catalog.window.to}). Features are computed
                  over this window.
                </Text>
                {num('sessionGapMinutes', 'Session gap (minutes)', { min: 1, max: 1440 })}
                <TextInput
                  size="xs"
                  label="Name of the analysis"
                  placeholder="e.g. Spring 2026 customers"
                  value={form.name}
                  onChange={(e) => set({ name: e.currentTarget.value })}
                />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="features">
            <Accordion.Control>Features</Accordion.Control>
            <Accordion.Panel>
              <FeaturePicker
                catalog={catalog}
                selected={form.features}
                onChange={(features) => set({ features })}
                error={errors.features}
              />
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="prep">
            <Accordion.Control>Preprocessing</Accordion.Control>
            <Accordion.Panel>
              <Stack gap={8}>
                {choice('impute', 'Missing values', [
                  { value: 'median', label: 'Median (categoricals: mode)' },
                  { value: 'zero', label: 'Zero (categoricals: mode)' },
                  { value: 'drop', label: 'Drop the user' },
                ])}
                {choice('log1p', 'log1p transform', [
                  { value: 'auto', label: 'Auto: heavy-tailed counts and durations' },
                  { value: 'none', label: 'None' },
                  ...(form.log1p === 'custom'
                    ? [{ value: 'custom' as const, label: `The saved list (${form.log1pFeatures.length})` }]
                    : []),
                ])}
                {choice('scale', 'Scaling', [
                  { value: 'standard', label: 'z-score (mean, sd)' },
                  { value: 'robust', label: 'Robust (median, IQR)' },
                  { value: 'none', label: 'None' },
                ])}
                {num('topLevels', 'Top levels per categorical', {
                  min: 1,
                  max: 50,
                  description: 'One-hot columns; the rest become “other”',
                })}
                {choice('pca', 'Cluster on', [
                  { value: 'none', label: 'The features (no PCA)' },
                  { value: 'components', label: 'N principal components' },
                  { value: 'variance', label: 'Components for % of variance' },
                ])}
                {form.pca === 'components' && num('pcaComponents', 'Components', { min: 1 })}
                {form.pca === 'variance' && num('pcaVariance', 'Variance to keep (%)', { min: 1, max: 99 })}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
          <Accordion.Item value="algo">
            <Accordion.Control>Algorithm</Accordion.Control>
            <Accordion.Panel>
              <AlgorithmOptions form={form} set={set} errors={errors} />
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      </ScrollArea>
      <Stack gap={4} p="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        <Button size="sm" fullWidth onClick={onRun} disabled={!ok || running} loading={running}>
          Run segmentation
        </Button>
        <Text size="xs" c={ok ? 'dimmed' : 'red'} ta="center">
          {ok ? (
            <>
              <Kbd size="xs">{modKey}</Kbd>+<Kbd size="xs">Enter</Kbd> runs it; the result is saved with its
              recipe
            </>
          ) : (
            `Fix: ${Object.values(errors)[0] ?? ''}`
          )}
        </Text>
      </Stack>
    </Stack>
  );
}
