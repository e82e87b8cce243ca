// `npm run bench -- NAME [options]`: runs test/bench/NAME.ts, which writes bench-results/NAME.json.
// Benchmarks are not part of `npm test`: their figures depend on the machine.
import { existsSync } from 'node:fs';

const available = ['import', 'cluster', 'churn', 'experiment'];
const which = process.argv[2] ?? 'import';
if (!available.includes(which) || !existsSync(new URL(`./${which}.ts`, import.meta.url))) {
  throw new Error(`unknown benchmark "${which}" (available: ${available.join(', ')})`);
}
await import(`./${which}.ts`);
