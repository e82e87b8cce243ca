import { FormSection, SetupColumn } from '../../components/FormSection.tsx';
import { Button, Group, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { modKey } from '../../frame/shell.tsx';
import { formFields } from '../../components/formFields.tsx';
import { addDays, cutoffsOf, modelNames, type ChurnForm, type ModelChoice } from './churnForm.ts';
import type { Labels } from './churnFormat.ts';
import { LabelBalance } from './LabelBalance.tsx';
import { TimelineChart, type TimelineDay } from './TimelineChart.tsx';

const modelOptions = (Object.keys(modelNames) as ModelChoice[]).map((value) => ({
  value,
  label: modelNames[value]!,
}));

export interface SetupPanelProps {
  form: ChurnForm;
  errors: Partial<Record<keyof ChurnForm, string>>;
  onChange: (patch: Partial<ChurnForm>) => void;
  days: TimelineDay[] | null;
  range: { firstDay: string; lastDay: string } | null;
  labels: Labels | null;
  labelsLoading: boolean;
  labelsError: string | null;
  onTrain: () => void;
  running: boolean;
}

/**
 * The options on the left: the cutoff and its windows on a timeline, the label balance they give
 * (updating by itself as they change), then the model and its validation, and Train.
 */
export function SetupPanel({
  form,
  errors,
  onChange,
  days,
  range,
  labels,
  labelsLoading,
  labelsError,
  onTrain,
  running,
}: SetupPanelProps) {
  const latest =
    range && Number.isInteger(form.inactiveDays) && form.inactiveDays > 0
      ? addDays(range.lastDay, -(form.inactiveDays - 1))
      : null;
  const cutoffsKey = cutoffsOf(form).join(',');
  // The same cutoffs keep the same array, so the timeline is not redrawn on every keystroke elsewhere.
  const cutoffs = useMemo(() => (cutoffsKey ? cutoffsKey.split(',') : []), [cutoffsKey]);
  const noCutoffs = useMemo<string[]>(() => [], []);
  const invalid = Object.keys(errors).length > 0;
  const { num, choice, toggle } = formFields(form, onChange, errors);
  return (
    <SetupColumn width={350} label="Churn setup">
      <FormSection title="Labels">
        {days && days.length > 0 && (
          <div data-testid="churn-timeline">
            <TimelineChart
              days={days}
              cutoffs={errors.cutoff ? noCutoffs : cutoffs}
              inactiveDays={form.inactiveDays}
              excludeInactiveDays={form.excludeInactiveDays}
            />
          </div>
        )}
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            size="xs"
            type="date"
            label="Cutoff"
            description="Features before it, labels after it"
            value={form.cutoff}
            min={range ? addDays(range.firstDay, 1) : undefined}
            max={latest ?? undefined}
            onChange={(e) => onChange({ cutoff: e.currentTarget.value })}
            error={form.cutoff ? errors.cutoff : undefined}
            style={{ flex: 1 }}
          />
          {latest && (
            <Button
              size="xs"
              variant="default"
              disabled={form.cutoff === latest}
              onClick={() => onChange({ cutoff: latest })}
              title="The last cutoff whose label window fits in the data"
              mb={errors.cutoff && form.cutoff ? 19 : 0}
            >
              Latest ({latest.slice(5)})
            </Button>
          )}
        </Group>
        <SimpleGrid cols={2} spacing="xs">
          {num('inactiveDays', 'Churned after (days)', {
            min: 1,
            max: 365,
            description: 'No activity for N days',
          })}
          {num('excludeInactiveDays', 'Exclude inactive (days)', {
            min: 1,
            max: 3650,
            description: 'Already gone at the cutoff',
          })}
          {num('rollingCount', 'Rolling cutoffs', { min: 1, max: 24, description: '1 = just this cutoff' })}
          {num('rollingGap', 'Gap between cutoffs (days)', {
            min: 1,
            description: form.rollingCount > 1 ? 'At least the label window' : 'Used with 2+ cutoffs',
          })}
        </SimpleGrid>
        <TextInput
          size="xs"
          label="Activity events (regular expression)"
          placeholder="any event counts as activity"
          value={form.activeEvents}
          onChange={(e) => onChange({ activeEvents: e.currentTarget.value })}
          error={errors.activeEvents}
        />
        <LabelBalance
          labels={labels}
          loading={labelsLoading}
          error={labelsError}
          excludeInactiveDays={form.excludeInactiveDays}
          cutoffCount={cutoffs.length}
        />
      </FormSection>
      <FormSection title="Model and validation">
        {choice(
          'model',
          'Model',
          modelOptions,
          form.model === 'auto'
            ? 'Tries logistic regression and GBM; keeps the best cross-validated AUC'
            : undefined,
        )}
        <SimpleGrid cols={2} spacing="xs">
          {num('folds', 'CV folds', { min: 2, max: 20 })}
          {num('seed', 'Seed', { min: 0 })}
        </SimpleGrid>
        {toggle('grid', 'Grid search (a few settings per model; slower)')}
        {toggle('balanced', 'Balance the classes (weight churners up)')}
        {toggle('pAlive', 'Add P(alive) from a BG/NBD model (active days as purchases)')}
        <TextInput
          size="xs"
          label="Name"
          placeholder="e.g. GBM at the May cutoff"
          value={form.name}
          onChange={(e) => onChange({ name: e.currentTarget.value })}
        />
        <Button onClick={onTrain} disabled={invalid || running} title={`${modKey}+Enter`}>
          {running ? 'Training… (progress on the right)' : 'Train churn model'}
        </Button>
        <Text size="xs" c="dimmed">
          80% of the labelled users train with {Number.isNaN(form.folds) ? 'k' : form.folds}-fold
          cross-validation; 20% are held out for the test figures. Runs as a job you can cancel.
        </Text>
      </FormSection>
    </SetupColumn>
  );
}
