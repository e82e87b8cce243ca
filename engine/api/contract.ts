import { z } from 'zod';
import { jobState } from './jobSchema.ts';
import { churnContract } from './churnContract.ts';
import { experimentsContract } from './experimentsContract.ts';
import { segmentsContract } from './segmentsContract.ts';

/**
 * The one API contract, served alike over Electron IPC and browser mode's HTTP: a zod schema per
 * method for its input and output. Types are derived from the schemas; the renderer imports only
 * these types. Later issues add their methods here.
 */

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

const workspaceInfo = z.object({
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
});

/**
 * A numeric column of a chart, sent compactly: little-endian IEEE doubles in base64 (a 1M-point
 * column is 10.7 MB of text instead of ~19 MB of JSON numbers, and decodes without a parser).
 * Times are milliseconds since 1970-01-01 UTC. Missing values are NaN.
 */
const numbers = z.object({ f64: z.string() });
/** A text column of a chart (categories, bin labels), as plain strings. */
const labels = z.object({ text: z.array(z.string().nullable()) });
const chartColumn = z.union([numbers, labels]);
const chartKind = z.enum(['line', 'bar', 'scatter', 'histogram']);

/** The methods of the workbench core; later capabilities add theirs beside it (see `contract`). */
export const coreContract = {
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
  'workspace.info': { input: empty, output: workspaceInfo },
  /** Switches the engine to another existing workspace; running jobs are cancelled first. */
  'workspace.open': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: workspaceInfo,
  },
  /** Creates a new, empty workspace file (it must not exist yet) and switches to it. */
  'workspace.create': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: workspaceInfo,
  },
  /** The current workspace and the recently opened ones, newest first (only those that still exist). */
  'workspace.recent': {
    input: empty,
    output: z.object({
      current: z.string(),
      recent: z.array(z.object({ path: z.string(), name: z.string(), current: z.boolean() })),
      /** Whether this engine can switch workspaces at run time. */
      canSwitch: z.boolean(),
    }),
  },
  /**
   * A folder's entries for the in-app file browser: folders, and the files that fit `purpose`
   * (importable exports, or workspaces). Without `dir`: the last folder used for that purpose, else
   * the home folder.
   */
  'files.list': {
    input: z
      .object({
        dir: z.string().min(1).max(4096).optional(),
        purpose: z.enum(['import', 'workspace']).optional(),
        hidden: z.boolean().optional(),
      })
      .strict(),
    output: z.object({
      dir: z.string(),
      parent: z.string().nullable(),
      home: z.string(),
      sep: z.string(),
      entries: z.array(
        z.object({
          name: z.string(),
          path: z.string(),
          kind: z.enum(['dir', 'file']),
          size: z.number().nullable(),
          mtime: z.string().nullable(),
        }),
      ),
      /** Entries left out because the folder holds more than the browser lists. */
      truncated: z.number().int(),
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
      /** The canonical fields this shape can map (empty when the shape is a known export format). */
      fields: z.array(z.string()),
      rows: z.array(row),
    }),
  },
  'import.start': {
    input: z.object({ path: z.string().min(1), options: importOptions.optional() }).strict(),
    output: jobState,
  },
  /** The rows an import rejected (line in the file, column, reason, the raw text), in file order. */
  'import.rejects': {
    input: z
      .object({
        importId: z.number().int().positive(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
    output: z.object({
      importId: z.number().int(),
      total: z.number().int(),
      offset: z.number().int(),
      rows: z.array(
        z.object({
          line: z.number().nullable(),
          column: z.string().nullable(),
          reason: z.string(),
          raw: z.string().nullable(),
        }),
      ),
    }),
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
  /**
   * A chart of a kept SQL result, computed in DuckDB: bar and line group by x (and colour), a
   * histogram bins x, a scatter sends up to `maxPoints` raw points and above that a 2-D histogram.
   */
  'sql.chart': {
    input: z
      .object({
        resultId: z.string(),
        kind: chartKind,
        x: z.string().min(1),
        y: z.string().min(1).optional(),
        color: z.string().min(1).optional(),
        /** How y is aggregated per x for bar and line charts; count ignores y. Default sum. */
        agg: z.enum(['sum', 'avg', 'min', 'max', 'count']).optional(),
        maxPoints: z.number().int().min(100).max(2_000_000).optional(),
      })
      .strict(),
    output: z.object({
      kind: chartKind,
      /** What was drawn: every row, rows grouped by x, x binned, or a 2-D histogram of counts. */
      mode: z.enum(['raw', 'grouped', 'binned', 'density']),
      xType: z.enum(['number', 'time', 'category']),
      xTitle: z.string(),
      yTitle: z.string(),
      series: z.array(z.object({ name: z.string().nullable(), x: chartColumn, y: chartColumn })),
      /** For `density`: counts per (y bin, x bin), rows of the matrix along y. */
      z: z.array(z.array(z.number())).optional(),
      /** For histograms: the width of a bin in x's units (milliseconds for times). */
      binWidth: z.number().optional(),
      rows: z.number().int(),
      points: z.number().int(),
      /** A plain sentence about what the chart shows when it is not every row as is. */
      note: z.string().nullable(),
      seconds: z.number(),
    }),
  },
  'jobs.list': { input: empty, output: z.array(jobState) },
  'jobs.cancel': {
    input: z.object({ id: z.string() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
} as const;

/**
 * The one contract: the core methods, and later capabilities' contracts spread beside them
 * (`{...coreContract, ...segmentsContract}`), each with its handlers in engine/api/handlers/.
 */
export const contract = {
  ...coreContract,
  ...segmentsContract,
  ...churnContract,
  ...experimentsContract,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;
export type JobStateWire = z.output<typeof jobState>;
export type ImportOptionsWire = z.output<typeof importOptions>;
export type WorkspaceInfo = z.output<typeof workspaceInfo>;
export type ChartColumnWire = z.output<typeof chartColumn>;
export type ChartKind = z.output<typeof chartKind>;
export const methods = Object.keys(contract) as Method[];
