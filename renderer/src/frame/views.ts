/** Every view of the left navigation; `planned` ones show what they will do. */
export type ViewId =
  | 'tables'
  | 'sql'
  | 'audit'
  | 'import'
  | 'overview'
  | 'segments'
  | 'churn'
  | 'experiments'
  | 'live'
  | 'automations'
  | 'privacy';

export interface ViewInfo {
  id: ViewId;
  label: string;
  group: 'Data' | 'Analyses';
  /** What the view does (shown on its card while it is not built yet). */
  about: string;
  planned: boolean;
}

export const views: ViewInfo[] = [
  {
    id: 'tables',
    label: 'Tables',
    group: 'Data',
    about: 'The workspace tables with row counts and schemas.',
    planned: false,
  },
  {
    id: 'sql',
    label: 'SQL explorer',
    group: 'Data',
    about: 'Query the workspace with DuckDB SQL.',
    planned: false,
  },
  {
    id: 'audit',
    label: 'Audit',
    group: 'Data',
    about: 'Data-quality findings and event volume charts.',
    planned: false,
  },
  {
    id: 'import',
    label: 'Import',
    group: 'Data',
    about: 'Import event exports (CSV, JSON, Parquet) with a preview and a progress bar.',
    planned: false,
  },
  {
    id: 'overview',
    label: 'Overview',
    group: 'Analyses',
    about:
      'DAU / WAU / MAU, stickiness, events by name and new vs returning users over a date range you choose.',
    planned: false,
  },
  {
    id: 'segments',
    label: 'Segments',
    group: 'Analyses',
    about: 'Cluster users by behaviour (seeded k-means) and describe each segment in plain language.',
    planned: false,
  },
  {
    id: 'churn',
    label: 'Churn',
    group: 'Analyses',
    about:
      'Predict which users are likely to churn, with model quality, calibration and the drivers behind each score.',
    planned: false,
  },
  {
    id: 'experiments',
    label: 'Experiments',
    group: 'Analyses',
    about:
      'Analyse A/B and factorial tests: sample-ratio checks, lift with confidence intervals, chance to beat control, power and design.',
    planned: false,
  },
  {
    id: 'live',
    label: 'Live',
    group: 'Analyses',
    about: 'Watch events arrive from a live source and alert when a metric leaves its usual range.',
    planned: true,
  },
  {
    id: 'automations',
    label: 'Automations',
    group: 'Analyses',
    about: 'Re-run saved analyses on a schedule and deliver the report where your team reads it.',
    planned: true,
  },
  {
    id: 'privacy',
    label: 'Privacy',
    group: 'Analyses',
    about: 'Find personal data in the workspace, pseudonymise it, and delete a user on request.',
    planned: true,
  },
];

export const isViewId = (s: string): s is ViewId => views.some((v) => v.id === s);
