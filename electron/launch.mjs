// `npm start`: builds the renderer and the Electron bundles, then opens the desktop app on the demo
// workspace (or a workspace path given after `--`). Without an Electron binary it says so and points
// to the browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary;
try {
  binary = require('electron');
} catch {
  binary = undefined;
}
if (typeof binary !== 'string' || !existsSync(binary)) {
  console.error(
    'error: no Electron binary is installed here (its download was skipped); run `npm run web` for the same app in your browser',
  );
  process.exit(1);
}
for (const script of ['build:renderer', 'build:electron']) {
  const r = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(binary, ['out/electron/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
