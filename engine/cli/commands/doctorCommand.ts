import { doctor } from '../../doctor.ts';
import { parse } from '../args.ts';
import type { Command } from '../command.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'versions, the TensorFlow.js backend in use, and whether Electron can start',
  usage: `engage doctor [--json]`,

  async run(args, io) {
    const { values } = parse(args, { json: { type: 'boolean' } });
    const r = await doctor();
    if (values.json) {
      io.out(`${JSON.stringify(r)}\n`);
      return 0;
    }
    io.out(
      [
        `engage    ${r.engage}`,
        `node      ${r.node} (${r.platform})`,
        `duckdb    ${r.duckdb}`,
        `ml        TensorFlow.js ${r.tensorflow.version}, ${r.tensorflow.backend} backend (${r.tensorflow.package})`,
        ...(r.tensorflow.note ? [`          ${r.tensorflow.note}`] : []),
        `electron  ${r.electron.installed ? `${r.electron.version} ready` : `not runnable: ${r.electron.note}`}`,
      ].join('\n') + '\n',
    );
    return 0;
  },
};
