/** An experiment that cannot be analysed as asked: names the file, column, variant or metric at fault. */
export class ExperimentInputError extends Error {
  override readonly name = 'ExperimentInputError';
}
