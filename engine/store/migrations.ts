/**
 * Numbered schema migrations, run in order on open. A migration is never edited once released:
 * add a new one instead. `meta.schema_version` records the last one applied.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'canonical events, users and import provenance',
    sql: `
      CREATE SEQUENCE import_id_seq START 1;
      CREATE TABLE imports (
        import_id INTEGER PRIMARY KEY,
        file VARCHAR NOT NULL,
        file_bytes BIGINT,
        fingerprint VARCHAR,
        format VARCHAR,
        compression VARCHAR,
        encoding VARCHAR,
        shape VARCHAR,
        target VARCHAR NOT NULL,
        mapping JSON,
        rows_in BIGINT,
        rows_imported BIGINT,
        rows_rejected BIGINT,
        duplicates_skipped BIGINT,
        users_upserted BIGINT,
        started_at TIMESTAMPTZ NOT NULL,
        seconds DOUBLE,
        status VARCHAR NOT NULL,
        message VARCHAR
      );
      CREATE TABLE import_rejects (
        import_id INTEGER NOT NULL,
        line BIGINT,
        column_name VARCHAR,
        reason VARCHAR NOT NULL,
        raw VARCHAR
      );
      CREATE TABLE events (
        -- Nullable on purpose: an import inserts in one pass, then removes its own invalid
        -- rows inside the same transaction (see engine/import/importEvents.ts).
        event_id VARCHAR,
        user_id VARCHAR,
        anonymous_id VARCHAR,
        event VARCHAR,
        ts TIMESTAMPTZ,
        session_id VARCHAR,
        properties JSON,
        context JSON,
        revenue DOUBLE,
        import_id INTEGER NOT NULL
      );
      CREATE TABLE users (
        user_id VARCHAR PRIMARY KEY,
        age DOUBLE,
        gender VARCHAR,
        country VARCHAR,
        city VARCHAR,
        device VARCHAR,
        plan VARCHAR,
        signup_at TIMESTAMPTZ,
        traits JSON,
        import_id INTEGER,
        updated_at TIMESTAMPTZ
      );
      CREATE TABLE analyses (
        analysis_id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        name VARCHAR,
        recipe JSON NOT NULL,
        summary JSON,
        engine_version VARCHAR,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE audit_log (
        logged_at TIMESTAMPTZ NOT NULL,
        action VARCHAR NOT NULL,
        details JSON
      );
    `,
  },
  {
    version: 2,
    name: "segments: saved segmentations and every user's segment",
    sql: `
      CREATE TABLE segments (
        analysis_id VARCHAR NOT NULL,
        segment INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        size BIGINT NOT NULL,
        share DOUBLE NOT NULL,
        PRIMARY KEY (analysis_id, segment)
      );
      CREATE TABLE segment_labels (
        analysis_id VARCHAR NOT NULL,
        user_id VARCHAR NOT NULL,
        segment INTEGER NOT NULL,
        -- The user's place on the first two principal components, for the segment scatter plot.
        pc1 DOUBLE,
        pc2 DOUBLE
      );
      -- What other modules join on: one row per user and saved segmentation, with the segment's name.
      CREATE VIEW user_segments AS
        SELECT l.analysis_id, l.user_id, l.segment, s.name AS segment_name
        FROM segment_labels AS l JOIN segments AS s USING (analysis_id, segment);
    `,
  },
  {
    version: 3,
    name: 'churn: the model registry and scores',
    sql: `
      CREATE TABLE models (
        model_id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        name VARCHAR,
        -- How it was trained (data, cutoff, windows, model options, seed) and what it scored.
        recipe JSON NOT NULL,
        metrics JSON NOT NULL,
        -- The fitted preprocessing and the model's own parameters, enough to score new users.
        model JSON NOT NULL,
        engine_version VARCHAR NOT NULL,
        created_at TIMESTAMPTZ NOT NULL
      );
      CREATE TABLE churn_scores (
        model_id VARCHAR NOT NULL,
        user_id VARCHAR NOT NULL,
        -- Features were computed from events before this day; the score is P(churn in the label window).
        as_of DATE NOT NULL,
        score DOUBLE NOT NULL,
        at_risk BOOLEAN NOT NULL,
        scored_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
];

export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
