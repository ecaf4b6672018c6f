/**
 * `npm run bench -- NAME`: runs bench/NAME.bench.ts. Each bench prints one JSON line per figure on stdout
 * ({"suite","figure","value","unit"} plus "peer"/"peerValue" or "limit"/"limitValue" where compared); progress goes to stderr.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const names = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${names.join(', ')})`);
  process.exit(2);
}
await import(pathToFileURL(`${dir}${name}.bench.ts`).href);
