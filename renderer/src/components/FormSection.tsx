import { Divider, Stack, Text } from '@mantine/core';
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
