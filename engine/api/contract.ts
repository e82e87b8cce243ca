import { z } from 'zod';

/**
 * The one API contract, served alike over Electron IPC and browser mode's HTTP: a zod schema per
 * method for its input and output. Types are derived from the schemas; the renderer imports only
 * these types. Later issues add their methods here.
 */

const jobState = z.object({
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

const importOptions = z
  .object({
    format: z.enum(['auto', 'csv', 'tsv', 'parquet', 'json', 'ndjson']).optional(),
    shape: z.enum(['auto', 'segment', 'mixpanel', 'amplitude', 'posthog', 'ga4', 'generic']).optional(),
    map: z.record(z.string(), z.string()).optional(),
    users: z.boolean().optional(),
    noHeader: z.boolean().optional(),
    columns: z.array(z.string().min(1)).optional(),
    maxRejects: z.number().int().min(0).optional(),
  })
  .strict();

const column = z.object({ name: z.string(), type: z.string() });
const row = z.record(z.string(), z.unknown());
const empty = z.object({}).strict();

export const contract = {
  'app.info': {
    input: empty,
    output: z.object({
      engage: z.string(),
      node: z.string(),
      duckdb: z.string(),
      tensorflow: z.object({
        backend: z.string(),
        package: z.string(),
        version: z.string(),
        note: z.string().nullable(),
      }),
      electron: z.object({ installed: z.boolean(), version: z.string().nullable(), note: z.string() }),
    }),
  },
  'workspace.info': {
    input: empty,
    output: z.object({
      path: z.string(),
      schemaVersion: z.number().int(),
      events: z.number().int(),
      /** Distinct users in events (a user id, else an anonymous id). */
      users: z.number().int(),
      /** Rows of the users table (profiles). */
      profiles: z.number().int(),
      imports: z.number().int(),
      firstEvent: z.string().nullable(),
      lastEvent: z.string().nullable(),
    }),
  },
  'workspace.tables': {
    input: empty,
    output: z.array(z.object({ name: z.string(), rows: z.number().int(), columns: z.array(column) })),
  },
  'import.preview': {
    input: z.object({ path: z.string().min(1), options: importOptions.optional() }).strict(),
    output: z.object({
      path: z.string(),
      format: z.string(),
      compression: z.string(),
      encoding: z.string(),
      shape: z.string(),
      columns: z.array(column),
      mapping: z.record(z.string(), z.string()),
      rows: z.array(row),
    }),
  },
  'import.start': {
    input: z.object({ path: z.string().min(1), options: importOptions.optional() }).strict(),
    output: jobState,
  },
  'audit.run': {
    input: z.object({ importId: z.number().int().positive().optional() }).strict(),
    output: z.object({
      generatedAt: z.string(),
      scope: z.object({ importId: z.number().int().nullable() }),
      summary: z.object({
        rows: z.number(),
        users: z.number(),
        first: z.string().nullable(),
        last: z.string().nullable(),
      }),
      checks: z.array(
        z.object({
          id: z.string(),
          severity: z.enum(['info', 'warning', 'error']),
          message: z.string(),
          value: z.union([z.number(), z.string(), z.null()]),
          hint: z.string(),
          details: z.unknown().optional(),
        }),
      ),
      charts: z.object({
        eventsPerDay: z.array(z.object({ day: z.string(), events: z.number(), users: z.number() })),
        eventsPerUser: z.array(z.object({ bucket: z.string(), users: z.number() })),
      }),
    }),
  },
  'overview.metrics': {
    input: z
      .object({
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
        timeZone: z.string().min(1).max(64).optional(),
      })
      .strict(),
    output: z.object({
      timeZone: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      days: z.array(
        z.object({
          day: z.string(),
          events: z.number(),
          dau: z.number(),
          wau: z.number(),
          mau: z.number(),
          stickiness: z.number().nullable(),
          newUsers: z.number(),
          returningUsers: z.number(),
        }),
      ),
      eventsByName: z.array(z.object({ event: z.string(), events: z.number(), users: z.number() })),
      totals: z.object({ events: z.number(), users: z.number() }),
    }),
  },
  'sql.query': {
    input: z.object({ sql: z.string().min(1).max(1_000_000) }).strict(),
    output: z.object({
      resultId: z.string(),
      columns: z.array(column),
      total: z.number().int(),
      seconds: z.number(),
    }),
  },
  'sql.page': {
    input: z
      .object({
        resultId: z.string(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(10_000),
      })
      .strict(),
    output: z.object({ offset: z.number().int(), rows: z.array(row) }),
  },
  'sql.export': {
    input: z
      .object({ resultId: z.string(), path: z.string().min(1), format: z.enum(['csv', 'parquet']) })
      .strict(),
    output: z.object({ path: z.string(), rows: z.number().int() }),
  },
  'jobs.list': { input: empty, output: z.array(jobState) },
  'jobs.cancel': {
    input: z.object({ id: z.string() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;
export type JobStateWire = z.output<typeof jobState>;
export type ImportOptionsWire = z.output<typeof importOptions>;
export const methods = Object.keys(contract) as Method[];
