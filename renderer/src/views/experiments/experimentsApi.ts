import type { Input, Output } from '../../api/EngineClient.ts';
import type {
  AnalyzeRequest,
  ComparisonWire,
  ExperimentResult,
  MetricResultWire,
} from '../../../../engine/api/experimentsContract.ts';

export type { AnalyzeRequest, ComparisonWire, ExperimentResult, MetricResultWire };

export type ExperimentList = Output<'experiments.list'>;
export type WorkspaceExperiment = ExperimentList[number];
export type Inspection = Output<'experiments.inspect'>;
export type FileColumn = Inspection['columns'][number];
export type PowerInput = Input<'experiments.power'>;
export type PowerResult = Output<'experiments.power'>;
export type DesignResult = Output<'experiments.design'>;
export type MetricType = MetricResultWire['type'];
export type Cell = NonNullable<MetricResultWire['cells']>[number];
