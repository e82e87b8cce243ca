import { NativeSelect, NumberInput, SegmentedControl, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A compact number field whose empty or partial text becomes NaN (and so a validation message). */
export function Num({
  label,
  value,
  onChange,
  error,
  min,
  max,
  step,
  decimal = false,
  description,
  w,
}: {
  label: ReactNode;
  value: number;
  onChange: (v: number) => void;
  error?: string | undefined;
  min?: number;
  max?: number;
  step?: number;
  decimal?: boolean;
  description?: string;
  w?: number | string;
}) {
  return (
    <NumberInput
      size="xs"
      label={label}
      description={description}
      value={Number.isNaN(value) ? '' : value}
      onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? NaN : Number(v))}
      error={error}
      min={min}
      max={max}
      step={step}
      allowDecimal={decimal}
      w={w}
    />
  );
}

/** A small select over fixed options. */
export function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
  description,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  description?: string;
}) {
  return (
    <NativeSelect
      size="xs"
      label={label}
      description={description}
      value={value}
      data={options}
      onChange={(e) => onChange(e.currentTarget.value as T)}
    />
  );
}

/** A labelled segmented control (for two to four short choices). */
export function Segments<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={500} id={`seg-${label.replace(/\W+/g, '-')}`}>
        {label}
      </Text>
      <SegmentedControl
        size="xs"
        fullWidth
        value={value}
        data={options}
        onChange={(v) => onChange(v)}
        aria-labelledby={`seg-${label.replace(/\W+/g, '-')}`}
      />
    </Stack>
  );
}
