#!/usr/bin/env node
// The wa-audit executable: everything lives in dist/ (built from src/ by `npm run build`,
// which `npm ci` and `npm install` run through the `prepare` script).
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('wa-audit: dist/ is missing; run `npm ci` (or `npm run build`) in the wa-audit folder first\n');
    process.exitCode = 2;
  } else {
    throw err;
  }
}
if (main) await main(process.argv);
