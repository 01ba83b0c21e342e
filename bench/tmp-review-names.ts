import { createSecretKey } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { storedPath, redactPaths } from '../src/ingest/safe-names.ts';
const key = createSecretKey(Buffer.alloc(32, 3));
const folder = (name: string) => basename(dirname(storedPath(`/h/.claude/projects/${name}/a.jsonl`, key)));
const enc = (p: string) => p.replace(/[^A-Za-z0-9]/g, '-');
const ordinary = [
  '/home/dev/auth-oauth2', '/home/dev/src/auth/nextjs14', '/Users/jane/code/secret-santa2024', '/home/dev/token-bucket2',
  '/home/dev/key-value-store-v2', '/home/dev/key/iOSApp', '/Users/me/Projects/pass-through3', '/home/dev/pat/tracker1',
  '/home/dev/auth/jwtAuth', '/home/dev/work/credentials/awsSetup', '/home/dev/secret/sauce99', '/home/dev/secret/MyApp2',
  '/home/dev/password/reset-flow', '/home/dev/token/ERC20Token', '/home/dev/auth/v2beta', '/home/dev/key/rsa4096',
  '/Users/JohnSmith/Library/Mobile Documents/com~apple~CloudDocs/Projects/MyApp',
  '/home/dev/go/pkg/mod/github.com/!azure/azure-sdk-for-go@v1.2.3',
  '/home/runner/work/my-repo/my-repo', '/tmp/tmp.Ab3dEf9GhI', '/var/folders/7x/k2p9qz7n5vs3f0m3lq5x1nqc0000gn/T/claude-abc',
  '/home/dev/.cache/bazel/_bazel_dev/9f2b1c0a3d4e5f60718293a4b5c6d7e8/execroot',
  '/home/dev/code/TypeScriptReactReduxBoilerplate2024', '/home/dev/code/HelloWorld1Test2Foo3Bar4Baz',
  '/home/dev/code/myProject2024v3BetaRelease', '/home/dev/code/iOS17SwiftUIDemoApp2',
  '/home/dev/code/ProjectX2Y3Z4aBcDeFgHiJk', '/workspaces/codespace-7f3a9b2c1d', '/home/dev/Projects/k8s-Auth-Proxy2',
  '/home/dev/auth/OAuth2Client', '/home/dev/pwd/MyScripts1', '/home/dev/keys/SSHKey2', '/home/dev/key/Base64Decoder',
  'C:\\Users\\dev\\source\\repos\\WebApplication1', 'C:\\Users\\dev\\auth\\Net6Api', '/home/dev/token/web3', '/home/dev/pass/x86_64',
  '/home/dev/secret/s3cr3t', '/home/dev/auth/e2e-tests', '/home/dev/src/github.com/acme/auth-svc/cmd/key-rotator2',
];
console.log('--- ordinary (changed = false positive)');
for (const p of ordinary) { const f = enc(p); const out = folder(f); if (out !== f) console.log('FP', f, '=>', out); }
const secrets = [
  '/home/dev/ghp_ZbDov1w034qOBYoD0hN450itDEF30uU0PBDe', '/home/dev/sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_abcdEFGHijklMNOPqrstUVWX-abcdefAA',
  '/home/dev/sk-proj-AbCdEf12GhIjKl34MnOpQr56StUvWx78YzAb90CdEfGh', '/home/dev/AKIAIOSFODNN7EXAMPLE', '/home/dev/xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  '/home/dev/PASSWORD=Summer2024', '/home/dev/password=hunter22', '/home/dev/token=abcd1234efgh', '/home/dev/api_key=0123456789abcdef0123456789abcdef',
  '/home/dev/glpat-xxxxxxxxxxxxxxxxxxxx', '/home/dev/glpat-Ab1Cd2Ef3Gh4Ij5Kl6Mn', '/home/dev/npm_AbCdEf0123456789AbCdEf0123456789AbCd',
  '/home/dev/hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567', '/home/dev/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  '/home/dev/SECRET_KEY=django-insecure-0123abcdEF', '/home/dev/secret=9f86d081884c7d659a2feaa0c55ad015', '/home/dev/AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q',
  '/home/dev/sk_live_51HxYz9QwErTy7UiOp3AsDfGh5JkL', '/home/dev/token=0123456789abcdef0123456789abcdef01234567', '/home/dev/x9Kd2LmQ7vR4tW8zN3pB6yH1cF5gJ0sA',
  '/home/dev/dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '/home/dev/pass=Tr0ub4dor&3', '/home/dev/apikey=AbCdEf123456',
];
console.log('--- secrets (unchanged part = miss)');
for (const p of secrets) { const f = enc(p); const out = folder(f); console.log(out === f ? 'MISS' : 'ok  ', f.slice(0, 60), '=>', out.slice(0, 70)); }
console.log('--- messages');
for (const m of ['Run with --password-file /etc/x', 'use --token-Refresh2x now', 'flags: --auth-token2X please', 'see "-home-dev-auth-oauth2" folder', 'option --secret-key2 was removed']) console.log(JSON.stringify(m), '=>', redactPaths(m));
