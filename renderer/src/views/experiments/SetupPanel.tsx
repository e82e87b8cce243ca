import { FormSection, SetupColumn } from '../../components/FormSection.tsx';
import { Group, SegmentedControl, SimpleGrid, Text } from '@mantine/core';
import { formFields } from '../../components/formFields.tsx';
import { modKey } from '../../frame/shell.tsx';
import {
  correctionOptions,
  type ExperimentForm,
  type FormErrors,
  type SourceKind,
} from './experimentForm.ts';
import type { ExperimentList, Inspection } from './experimentsApi.ts';
import { FileSource } from './FileSource.tsx';
import { WorkspaceSource } from './WorkspaceSource.tsx';

export interface SetupPanelProps {
  form: ExperimentForm;
  errors: FormErrors;
  onChange: (patch: Partial<ExperimentForm>) => void;
  onSource: (source: SourceKind) => void;
  list: ExperimentList | null;
  events: string[];
  inspection: Inspection | null;
  inspecting: boolean;
  onPickFile: (path: string) => void;
}

/**
 * The options on the left: where the assignments come from (a workspace experiment or a file),
 * the variant, control, factors and metrics, then the statistics options. The results follow by
 * themselves as these change.
 */
export function SetupPanel(p: SetupPanelProps) {
  const { form, errors, onChange } = p;
  const { num, choice, toggle } = formFields(form, onChange, errors);
  return (
    <SetupColumn width={320} label="Experiment setup">
      <FormSection title="Data">
        <SegmentedControl
          size="xs"
          fullWidth
          aria-label="Data source"
          value={form.source}
          data={[
            { value: 'workspace', label: 'Workspace experiment' },
            { value: 'file', label: 'File' },
          ]}
          onChange={p.onSource}
        />
        {form.source === 'workspace' ? (
          p.list ? (
            <WorkspaceSource
              list={p.list}
              events={p.events}
              form={form}
              errors={errors}
              onChange={onChange}
            />
          ) : (
            <Text size="xs" c="dimmed">
              Looking for experiments in the events…
            </Text>
          )
        ) : (
          <FileSource
            inspection={p.inspection}
            inspecting={p.inspecting}
            onPick={p.onPickFile}
            form={form}
            errors={errors}
            onChange={onChange}
            events={p.events}
          />
        )}
      </FormSection>
      <FormSection title="Statistics">
        <SimpleGrid cols={2} spacing="xs">
          {num('alpha', 'Alpha', { decimal: true, min: 0.001, max: 0.49, step: 0.01 })}
          {choice('correction', 'Multiple comparisons', correctionOptions)}
        </SimpleGrid>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          {toggle('winsorizeOn', 'Winsorize continuous metrics', { style: { flex: 1 }, mb: 6 })}
          {form.winsorizeOn &&
            num('winsorize', 'At percentile', { decimal: true, min: 50.1, max: 99.9, w: 100 })}
        </Group>
        {toggle('sequential', 'Sequential intervals (valid however often you peek)')}
        <Text size="xs" c="dimmed">
          Results update by themselves as you change these; {modKey}+Enter runs the analysis again.
        </Text>
      </FormSection>
    </SetupColumn>
  );
}
