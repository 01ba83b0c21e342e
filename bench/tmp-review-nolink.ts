import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
(fs as { linkSync: unknown }).linkSync = (a: string, b: string) => { throw Object.assign(new Error(`EPERM: operation not permitted, link '${a}' -> '${b}'`), { code: 'EPERM', syscall: 'link' }); };
syncBuiltinESMExports();
const { main } = await import('../src/cli/main.ts');
process.env.TRACE_HOME = '/tmp/review/nolink';
fs.rmSync('/tmp/review/nolink', { recursive: true, force: true });
const code = await main(['init']);
console.log('exit', code, fs.readdirSync('/tmp/review/nolink'));
