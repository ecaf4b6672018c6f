// postinstall: compiles @tongban/core to packages/core/dist so `import … from '@tongban/core'` works from plain
// Node too (the server and tests use the TypeScript sources through tsx). A failure warns but does not fail install.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const r = spawnSync(process.execPath, [tsc, '-p', 'packages/core/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) console.warn('warning: @tongban/core did not compile to dist/; plain-Node imports of it will fail until it does');
