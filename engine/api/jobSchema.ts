import { z } from 'zod';

/** A job as the wire shows it: what the jobs tray lists, with its progress and outcome. */
export const jobState = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  fraction: z.number().nullable(),
  message: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  result: z.unknown().optional(),
  error: z.object({ name: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
