import { Divider, ScrollArea, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled group of a setup panel's fields. */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap={6}>
      <Divider
        label={
          <Text size="xs" fw={700} tt="uppercase" c="dimmed">
            {title}
          </Text>
        }
        labelPosition="left"
      />
      {children}
    </Stack>
  );
}

/** The scrolling setup column on the left of an analysis view (Churn, Experiments). */
export function SetupColumn({
  width,
  label,
  children,
}: {
  width: number;
  label: string;
  children: ReactNode;
}) {
  return (
    <ScrollArea
      w={width}
      miw={width}
      type="auto"
      style={{ borderRight: '1px solid var(--mantine-color-default-border)' }}
      aria-label={label}
    >
      <Stack gap="sm" p="xs" pr="sm">
        {children}
      </Stack>
    </ScrollArea>
  );
}
