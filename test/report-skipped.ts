// `npm test`'s last word (its posttest script): the suites that were skipped on this machine,
// repeated after the test runner's summary, where a "pass" would otherwise hide them.
import { existsSync } from 'node:fs';
import { hasChromium } from './helpers/browser.ts';
import { SHARED_FIXTURES } from './helpers/env.ts';

const skipped: string[] = [];
if (!existsSync(SHARED_FIXTURES)) skipped.push(`the conformance suites over the real transcripts (${SHARED_FIXTURES} not found)`);
if (!hasChromium()) skipped.push('the dashboard tests in Chromium (/usr/bin/chromium not found: apt-get install chromium)');
if (skipped.length > 0) {
  process.stderr.write(`\n*** npm test passed, but SKIPPED on this machine:\n${skipped.map((s) => `***   - ${s}\n`).join('')}*** CI runs them all.\n\n`);
}
