import { Switch, type SwitchProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Choice, Num } from './fields.tsx';

type NumberKey<F> = { [K in keyof F]: F[K] extends number ? K : never }[keyof F];
type ChoiceKey<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F];
type BooleanKey<F> = { [K in keyof F]: F[K] extends boolean ? K : never }[keyof F];
type NumOptions = Omit<Parameters<typeof Num>[0], 'label' | 'value' | 'onChange' | 'error'>;

/**
 * Fields bound to one form: `num('k', 'k', { min: 1 })` shows `form.k`, writes a change back with
 * `set({ k })` and shows `errors.k` under the field; `choice` does the same for a fixed-option field, `toggle`
 * for an on/off one.
 */
export function formFields<F>(
  form: F,
  set: (patch: Partial<F>) => void,
  errors: Partial<Record<keyof F, string>>,
) {
  return {
    num: (key: NumberKey<F>, label: ReactNode, options: NumOptions = {}) => (
      <Num
        label={label}
        value={form[key] as number}
        onChange={(v) => set({ [key]: v } as Partial<F>)}
        error={errors[key]}
        {...options}
      />
    ),
    choice: <K extends ChoiceKey<F>>(
      key: K,
      label: string,
      options: { value: F[K] & string; label: string }[],
      description?: string,
    ) => (
      <Choice
        label={label}
        value={form[key] as F[K] & string}
        options={options}
        onChange={(v) => set({ [key]: v } as Partial<F>)}
        description={description}
      />
    ),
    toggle: (
      key: BooleanKey<F>,
      label: ReactNode,
      props: Omit<SwitchProps, 'label' | 'checked' | 'onChange'> = {},
    ) => (
      <Switch
        size="xs"
        label={label}
        checked={form[key] as boolean}
        onChange={(e) => set({ [key]: e.currentTarget.checked } as Partial<F>)}
        {...props}
      />
    ),
  };
}
