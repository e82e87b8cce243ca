import { NativeSelect, NumberInput } from '@mantine/core';
import type { ReactNode } from 'react';

/** A compact whole-number field; empty or partial text becomes NaN (and so a validation message). */
export function Num({
  label,
  value,
  onChange,
  error,
  min,
  max,
  description,
}: {
  label: ReactNode;
  value: number;
  onChange: (v: number) => void;
  error?: string | undefined;
  min?: number;
  max?: number;
  description?: string;
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
      allowDecimal={false}
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
