import { randomUUID } from 'node:crypto';
import type { Row, Workspace } from '../store/Workspace.ts';
import { asText } from '../store/jsonSafe.ts';
import { ident, literal } from '../store/sql.ts';
import { ApiError } from './errors.ts';
import { firstLine } from '../store/firstLine.ts';

const KEEP = 8;

/**
 * Query results for the SQL explorer. A query runs once into a temporary table; pages are then read
 * by row range, so scrolling to row 2,500,000 of a 5M-row result reads only that page. Only queries
 * are accepted (the statement is wrapped in CREATE TEMP TABLE … AS), and the last few results are kept.
 */
export class SqlResults {
  private readonly order: string[] = [];

  constructor(private readonly ws: Workspace) {}

  async run(sql: string): Promise<{
    resultId: string;
    columns: { name: string; type: string }[];
    total: number;
    seconds: number;
  }> {
    const started = performance.now();
    const resultId = randomUUID();
    const table = tableOf(resultId);
    const body = sql.trim().replace(/;+\s*$/, '');
    try {
      await this.ws.run(`CREATE TEMP TABLE ${ident(table)} AS ${body}`);
    } catch (error) {
      throw new ApiError('SqlError', firstLine(error));
    }
    this.order.push(resultId);
    while (this.order.length > KEEP) await this.drop(this.order.shift()!);
    const described = await this.ws.rows(`DESCRIBE ${ident(table)}`);
    const total = Number(await this.ws.value(`SELECT count(*) FROM ${ident(table)}`));
    return {
      resultId,
      columns: described.map((d) => ({ name: asText(d.column_name), type: asText(d.column_type) })),
      total,
      seconds: (performance.now() - started) / 1000,
    };
  }

  async page(resultId: string, offset: number, limit: number): Promise<{ offset: number; rows: Row[] }> {
    if (!this.order.includes(resultId))
      throw new ApiError('UnknownResult', 'this result is no longer kept: run the query again');
    const rows = await this.ws.rows(
      `SELECT * EXCLUDE (engage_row) FROM (SELECT rowid AS engage_row, * FROM ${ident(tableOf(resultId))})
        WHERE engage_row >= ${offset} AND engage_row < ${offset + limit} ORDER BY engage_row`,
    );
    return { offset, rows };
  }

  /**
   * Writes a whole result to a file on this machine (CSV with a header, or Parquet) and returns the
   * rows written. The result is already materialised, so the query does not run again.
   */
  async export(
    resultId: string,
    path: string,
    format: 'csv' | 'parquet',
  ): Promise<{ path: string; rows: number }> {
    if (!this.order.includes(resultId))
      throw new ApiError('UnknownResult', 'this result is no longer kept: run the query again');
    const options = format === 'csv' ? '(FORMAT csv, HEADER)' : '(FORMAT parquet)';
    try {
      await this.ws.run(
        `COPY (SELECT * FROM ${ident(tableOf(resultId))} ORDER BY rowid) TO ${literal(path)} ${options}`,
      );
    } catch (error) {
      throw new ApiError('ExportError', `${path}: ${firstLine(error)}`);
    }
    return { path, rows: Number(await this.ws.value(`SELECT count(*) FROM ${ident(tableOf(resultId))}`)) };
  }

  /** The temporary table holding a kept result and its columns (for charts of the result). */
  async table(resultId: string): Promise<{ table: string; columns: { name: string; type: string }[] }> {
    if (!this.order.includes(resultId))
      throw new ApiError('UnknownResult', 'this result is no longer kept: run the query again');
    const table = tableOf(resultId);
    const described = await this.ws.rows(`DESCRIBE ${ident(table)}`);
    return {
      table,
      columns: described.map((d) => ({ name: asText(d.column_name), type: asText(d.column_type) })),
    };
  }

  private async drop(resultId: string): Promise<void> {
    await this.ws.run(`DROP TABLE IF EXISTS temp.${ident(tableOf(resultId))}`);
  }
}

function tableOf(resultId: string): string {
  return `engage_result_${resultId.replaceAll('-', '')}`;
}
