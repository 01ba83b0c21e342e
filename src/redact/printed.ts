// Secrets a command prints bare. `printenv DB_PASSWORD`, `echo "$API_TOKEN"`, `gh auth token` or
// `openssl rand -hex 32` print a secret with nothing around it that a rule could recognise: the
// command says what its output is. A call whose command prints one is remembered (by call id)
// until its result arrives; the values read from that output are then redacted there and
// remembered with the transcript's other secrets (SecretMemory), so later copies go too.
//
// Read conservatively: only commands whose standard output is that value (echo / printf of
// secret-named variables, printenv of secret names, a one-line script printing one, secret store
// readers and secret generators), piped at most through filters that keep it (`head`, `tr`,
// `base64`, `jq -r`…). Output redirected to a file prints nothing.

import { classSwitches, generated, generatedShort, NO_SECRET_NAME, NOT_A_SECRET_ID } from './patterns.ts';
import { findSecrets } from './redact.ts';

/**
 * One output line as a command prints it: literal text, and holes where an expansion goes: `1` a
 * value to read (a secret-named variable), `0` anything (another expansion). Matched without
 * backtracking: a hole ends at the first place the literal after it occurs.
 */
export type LineTemplate = (string | 0 | 1)[];
/** How to read the secrets in a command's output: the lines it prints. A template with no value
 * hole is a line of known text (a heading the command echoes), never a value. Serializable: kept
 * in the checkpoint state between a call and its result. */
export type PrintedTemplates = LineTemplate[];

/** A value the command prints on a line of its own (a reader, a generator, printenv). */
const WHOLE_LINE: LineTemplate = [1];
/** A secret store's dump, whatever its layout (`vault kv get`, `sops -d`, `heroku config`, `doppler secrets`, `printenv`):
 * every value in it that reads as generated is a secret, whatever its name (a value that is a word or a number is not
 * read). Also what a reader prints under a name that says nothing (`vault kv get -field=signing`). */
const DUMP: LineTemplate = ['\0dump'];
const dump = (): PrintedTemplates => [DUMP];
const isDump = (t: LineTemplate): boolean => t.length === 1 && t[0] === '\0dump';

/** (`ps`: written as PowerShell's environment drive, `$env:NAME`: PowerShell prints such a word run as a command.) */
type Part = { t: 'lit'; s: string } | { t: 'var'; name: string; shown: boolean; ps?: true } | { t: 'any' };
type Token = { op: string } | { word: Part[] };

const SEPARATORS = new Set([';', '&&', '||', '\n', '&']);
/** Filters that pass a value through (or decode it): the output is still the secret. `tee` writes it to a file and
 * prints it too (`wg genkey | sudo tee /etc/wireguard/private.key`). */
const KEEPING_FILTERS = new Set(['head', 'tail', 'tr', 'cut', 'base64', 'cat', 'jq', 'xxd', 'sort', 'uniq', 'awk', 'tee']);

/** Words of a shell command line, and its operators. Unbalanced quotes end at the text's end. */
/** `posix`: a POSIX shell's words only (not PowerShell's `$env:X`). */
function tokens(cmd: string, posix = false): Token[] {
  const out: Token[] = [];
  let word: Part[] | null = null;
  const lit = (s: string) => {
    word ??= [];
    const last = word.at(-1);
    if (last?.t === 'lit') last.s += s;
    else word.push({ t: 'lit', s });
  };
  const end = () => {
    if (word) out.push({ word });
    word = null;
  };
  /** `$…` at i (the `$` itself): returns the index after it. */
  const dollar = (i: number): number => {
    word ??= [];
    const c = cmd[i + 1];
    // PowerShell's environment drive, `$env:NAME` or `${env:NAME}` (any case): the variable NAME.
    const ps = posix ? null : /^(?:env:([A-Za-z_][A-Za-z0-9_]*)|\{env:([A-Za-z_][A-Za-z0-9_]*)\})/i.exec(cmd.slice(i + 1, i + 72));
    if (ps) {
      word.push({ t: 'var', name: ps[1] ?? ps[2]!, shown: true, ps: true });
      return i + 1 + ps[0].length;
    }
    if (c === '{') {
      const close = cmd.indexOf('}', i + 2);
      const body = cmd.slice(i + 2, close < 0 ? cmd.length : close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(body);
      // `${#NAME}` (a length) and `${NAME:+word}` (a word when set) print no value.
      if (m && !/^:?\+/.test(m[2]!)) word.push({ t: 'var', name: m[1]!, shown: true });
      else word.push({ t: 'any' });
      return close < 0 ? cmd.length : close + 1;
    }
    if (c === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < cmd.length; j++) {
        if (cmd[j] === '(') depth++;
        else if (cmd[j] === ')' && --depth === 0) break;
      }
      word.push({ t: 'any' });
      return j + 1;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(cmd.slice(i + 1, i + 65));
    if (m) {
      word.push({ t: 'var', name: m[0], shown: true });
      return i + 1 + m[0].length;
    }
    if (c !== undefined && /[0-9#?$!@*-]/.test(c)) {
      word.push({ t: 'any' });
      return i + 2;
    }
    lit('$');
    return i + 1;
  };
  let i = 0;
  while (i < cmd.length) {
    const c = cmd[i]!;
    if (c === ' ' || c === '\t') {
      end();
      i++;
    } else if (c === '\\' && cmd[i + 1] === '\n') {
      i += 2;
    } else if (c === '\\') {
      lit(cmd[i + 1] ?? '');
      i += 2;
    } else if (c === "'") {
      const close = cmd.indexOf("'", i + 1);
      lit(cmd.slice(i + 1, close < 0 ? cmd.length : close));
      i = close < 0 ? cmd.length : close + 1;
    } else if (c === '"') {
      word ??= [];
      i++;
      while (i < cmd.length && cmd[i] !== '"') {
        if (cmd[i] === '\\' && /["\\$`]/.test(cmd[i + 1] ?? '')) {
          lit(cmd[i + 1]!);
          i += 2;
        } else if (cmd[i] === '$') i = dollar(i);
        else if (cmd[i] === '`') {
          const close = cmd.indexOf('`', i + 1);
          word.push({ t: 'any' });
          i = close < 0 ? cmd.length : close + 1;
        } else lit(cmd[i++]!);
      }
      i++;
    } else if (c === '$') {
      i = dollar(i);
    } else if (c === '`') {
      const close = cmd.indexOf('`', i + 1);
      word ??= [];
      word.push({ t: 'any' });
      i = close < 0 ? cmd.length : close + 1;
    } else if (c === '#' && !word) {
      const nl = cmd.indexOf('\n', i);
      i = nl < 0 ? cmd.length : nl;
    } else if (c === '>' || c === '<') {
      // `2>…` and `>&2` leave standard output alone; any other `>` takes it elsewhere.
      const w = word as Part[] | null;
      const first = w?.length === 1 ? w[0] : undefined;
      const fd = first?.t === 'lit' && /^\d$/.test(first.s) ? first.s : '';
      if (fd) word = null;
      else end();
      const op = cmd[i + 1] === c ? c + c : c;
      i += op.length;
      out.push({ op: fd ? `${fd}${op}` : op });
      // `>&2`, `2>&1`: the target is a descriptor.
      const dup = /^&(\d|-)/.exec(cmd.slice(i, i + 2));
      if (dup) {
        out.push({ word: [{ t: 'lit', s: dup[0] }] });
        i += dup[0].length;
      }
    } else if (c === ';' || c === '\n' || c === '(' || c === ')' || ((c === '{' || c === '}') && word === null)) {
      // (A brace inside a word is the word's: `--template={{.data.password}}`, `-o jsonpath={.data.token}`.)
      end();
      out.push({ op: c === '\n' ? '\n' : c === ';' ? ';' : '&&' });
      i++;
    } else if (c === '&' || c === '|') {
      end();
      const op = cmd[i + 1] === c ? c + c : c;
      out.push({ op });
      i += op.length;
    } else lit(cmd[i++]!);
  }
  end();
  return out;
}

const literal = (w: Part[]): string | undefined => (w.every((p) => p.t === 'lit') ? w.map((p) => (p as { s: string }).s).join('') : undefined);

const PROBE = 'Zq8Xk2mN7vL4pR1tWc5H';
const names = new Map<string, boolean>();
/** Whether a variable (or field) of this name holds a secret: as the rules judge `NAME=<generated value>`. */
export function secretName(name: string): boolean {
  let v = names.get(name);
  if (v === undefined) {
    const text = `${name}=${PROBE}`;
    v = findSecrets(text).some((h) => h.end === text.length && h.start >= name.length);
    if (names.size > 4096) names.clear();
    names.set(name, v);
  }
  return v;
}

/** Appends to a template, merging adjacent literals and adjacent holes (a value hole wins). */
function push(t: LineTemplate, part: string | 0 | 1): void {
  const last = t.at(-1);
  if (typeof part === 'string') {
    if (part === '') return;
    if (typeof last === 'string') t[t.length - 1] = last + part;
    else t.push(part);
  } else if (last === 0 || last === 1) t[t.length - 1] = last === 1 || part === 1 ? 1 : 0;
  else t.push(part);
}

/** A word's parts into `t`: secret-named variables are values, other expansions anything. */
function pushWord(t: LineTemplate, w: Part[], escapes: boolean): void {
  for (const p of w) {
    if (p.t === 'lit') push(t, escapes ? p.s.replaceAll('\\t', '\t') : p.s);
    else push(t, p.t === 'var' && p.shown && secretName(p.name) ? 1 : 0);
  }
}

const holds = (t: LineTemplate): boolean => t.includes(1);

/** `echo [-neE] args…`: one line, the words joined by blanks. */
function echoTemplates(args: Part[][]): PrintedTemplates {
  let i = 0;
  let escapes = false;
  for (; i < args.length; i++) {
    const flag = literal(args[i]!) ?? '';
    if (!/^-[neE]+$/.test(flag)) break;
    if (flag.includes('e')) escapes = true;
  }
  const t: LineTemplate = [];
  args.slice(i).forEach((w, k) => {
    if (k > 0) push(t, ' ');
    pushWord(t, w, escapes);
  });
  return holds(t) ? [t] : [];
}

/** PowerShell's `Write-Output a b` (a line each) and `Write-Host a b` (one line, as `echo`), with their options
 * (`-ForegroundColor Red`, `-NoNewline`; `-Separator` joins otherwise: not read). */
function writeTemplates(eachOnALine: boolean, args: Part[][]): Printed {
  const words: Part[][] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = literal(args[i]!);
    if (flag === undefined || !flag.startsWith('-')) words.push(args[i]!);
    else if (/^-(?:ForegroundColor|BackgroundColor|InformationAction|InformationVariable)$/i.test(flag)) i++;
    else if (!/^-(?:NoNewline|NoEnumerate|Object|InputObject)$/i.test(flag)) return { kind: 'other' };
  }
  const templates = eachOnALine
    ? words.map((w) => {
        const t: LineTemplate = [];
        pushWord(t, w, false);
        return t;
      })
    : echoTemplates(words);
  if (templates.some(holds)) return { kind: 'secrets', templates: templates.filter(holds) };
  const known = echoLiteral(words);
  return known === undefined ? { kind: 'other' } : { kind: 'known', templates: eachOnALine ? words.map((w) => [literal(w)!.trim()]) : [[known.trim()]] };
}

/** `printf FORMAT args…`: `%s` takes the next argument; `\n` ends a line. */
function printfTemplates(args: Part[][]): PrintedTemplates {
  const [format, ...rest] = args;
  if (!format) return [];
  const lines: LineTemplate[] = [[]];
  let next = 0;
  for (const p of format) {
    if (p.t !== 'lit') {
      pushWord(lines.at(-1)!, [p], false);
      continue;
    }
    for (const piece of p.s.split(/(%%|%[-+ #0-9.]*[a-zA-Z]|\\n|\\t)/)) {
      const t = lines.at(-1)!;
      if (piece === '%%') push(t, '%');
      else if (piece === '\\n') lines.push([]);
      else if (piece === '\\t') push(t, '\t');
      else if (/^%[-+ #0-9.]*s$/.test(piece) && rest[next]) pushWord(t, rest[next++]!, false);
      else if (piece.startsWith('%')) {
        next++;
        push(t, 0);
      } else push(t, piece);
    }
  }
  return lines.filter(holds);
}

/** A secret-named variable read from the environment by a script (`process.env.X`,
 * `os.environ["X"]`, `os.getenv("X")`, `ENV["X"]`, `$ENV{X}`, `getenv("X")`, `Bun.env.X`). */
const ENV_EXPR = String.raw`(?:process\.env|Bun\.env|Deno\.env\.get|os\.environ(?:\.get)?|os\.getenv|getenv|ENV(?:\.fetch)?|\$ENV)\s*(?:\.\s*|\[\s*|\(\s*|\{\s*)['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?\s*[\]})]?`;
/** A generator of secrets: `secrets.token_hex(32)`, `crypto.randomBytes(32).toString("hex")`, `SecureRandom.hex`,
 * Django's `get_random_secret_key()` (50 characters for `SECRET_KEY`). */
const GENERATOR = String.raw`(?:secrets\.token_(?:hex|urlsafe|bytes)\s*\(|(?:[\w.]+\.)?get_random_secret_key\s*\(|(?:require\(\s*['"](?:node:)?crypto['"]\s*\)|crypto)\.randomBytes\s*\(|SecureRandom\.(?:hex|base64|urlsafe_base64|alphanumeric)\b|base64\.\w+\(\s*os\.urandom\()`;
/** What prints its argument: the printed expression must be the lookup itself (not a test of it). */
const PRINT = String.raw`(?:console\.log|print|println|puts|p|say|echo|process\.stdout\.write|fmt\.Print(?:ln)?)`;
const PRINTS_ENV = new RegExp(String.raw`\b${PRINT}\s*\(?\s*${ENV_EXPR}\s*(?:\)|;|$)`, 'g');
const PRINTS_GENERATED = new RegExp(String.raw`\b${PRINT}\s*\(?\s*${GENERATOR}`);
const ONLY_ENV = new RegExp(String.raw`^\s*${ENV_EXPR}\s*;?\s*$`);

/** A one-line script (`node -e`, `python -c`, `ruby -e`, `php -r`, `deno eval`…) that prints a
 * secret-named variable or a generated secret, as the whole of what it prints. */
function scriptPrints(args: Part[][]): boolean {
  for (let i = 0; i < args.length; i++) {
    const flag = literal(args[i]!);
    if (!flag || !/^(?:-[ecpEr]|--eval|--print|eval)$/.test(flag)) continue;
    const script = args[i + 1] && literal(args[i + 1]!);
    if (!script || script.length > 2000) return false;
    if (flag === '-p' || flag === '--print') {
      const m = ONLY_ENV.exec(script);
      return !!m && secretName(m[1]!);
    }
    if (PRINTS_GENERATED.test(script)) return true;
    for (const m of script.matchAll(PRINTS_ENV)) if (secretName(m[1]!)) return true;
    return false;
  }
  return false;
}

/** Files that hold one secret, bare: Docker secrets, a service account's token, `.vault-token`,
 * `.pgpass`, `db_password`, `api-token.txt`, `github.token` (not source code, lists or logs: `token.ts`,
 * `passwords.txt`, `logs/secret.log`; not a service account's `namespace` or `ca.crt`; not `/etc/passwd`,
 * the list of users). Also WireGuard's keys, one base64 line each (`/etc/wireguard/private.key`, the
 * guide's `privatekey`, `presharedkey`; not `wg0.conf`, whose `PrivateKey = …` line the rules read), and
 * Ansible's vault password file (`~/.vault_pass.txt`), and Erlang's cookie (`~/.erlang.cookie`, RabbitMQ's). */
const SECRET_FILE =
  /^(?:\/(?:var\/)?run\/secrets\/(?!kubernetes\.io\/)[^\s/]+(?:\/[^\s/]+)?|\/(?:var\/)?run\/secrets\/kubernetes\.io\/serviceaccount\/token|(?:\S*\/)?(?:\.pgpass|\.vault-token|(?!passwd$)(?:[\w.-]*[_.-])?(?:password|passwd|token|secret|api[_-]?key)(?:\.txt)?|(?:[\w.-]*[_.-])?(?:private[_.-]?key|preshared[_.-]?key)(?:\.key|\.txt)?|\.?vault[_.-]?pass(?:\.txt)?|\.erlang\.cookie))$/i;
/** A camel-cased name of one: Jenkins' first admin password (`/var/jenkins_home/secrets/initialAdminPassword`),
 * `adminToken.txt` (the case says where the word starts: not `.htpasswd`, a list of users and hashes). Without an
 * extension only in a `secrets` folder: `bin/rotateToken` is a script, `docs/changePassword` a page. */
const SECRET_FILE_CAMEL = /^(?:\S*\/)?(?:secrets\/[a-z][A-Za-z0-9]*[a-z0-9](?:Password|Passwd|Token|Secret|ApiKey)(?:\.txt)?|[a-z][A-Za-z0-9]*[a-z0-9](?:Password|Passwd|Token|Secret|ApiKey)\.txt)$/;
const secretFile = (l: string): boolean => SECRET_FILE.test(l) || SECRET_FILE_CAMEL.test(l);
const FILE_READERS = new Set(['cat', 'head', 'tail']);
/** A public key read with its private one (`cat privatekey publickey`, as the WireGuard guide shows them): no
 * secret, but its line cannot be told from the private key's, and the output is read whole (the public key is
 * then redacted too). Alone (`cat publickey`) it is no secret read. */
const PUBLIC_KEY_FILE = /^(?:\S*\/)?(?:(?:[\w.-]*[_.-])?public[_.-]?key(?:\.key|\.txt)?|[\w.-]+\.pub)$/i;

/** A field name that says it holds a secret: `password`, `credential`, `api_key`, `token`. */
const secretField = (f: string | undefined): boolean => !!f && (secretName(f) || /^(?:credential|secret|password|token|private[_-]?key)s?$/i.test(f));
/** The field after `-field=x` / `-field x` / `--fields x` among `args`. */
function flagValue(args: string[], flag: RegExp): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const m = /^(--?[\w-]+)=(.*)$/.exec(args[i]!);
    if (m && flag.test(m[1]!)) return m[2];
    if (flag.test(args[i]!)) return args[i + 1];
  }
  return undefined;
}
/** The data keys a kubectl jsonpath or go-template reads: `{.data.password}`, `{{.data.token}}` (not `.metadata`). */
const readsSecretData = (args: string[]): boolean => args.some((a) => /\.data(?:\.|\[)/.test(a) && !/\.metadata\b|\brange\b.*\.metadata/.test(a));
/** `kubectl get secret app -o jsonpath='{.data}'` (or `go-template='{{.data}}'`): the whole map of base64 values on one line,
 * `{"password":"…","token":"…"}` (`map[password:… token:…]` from a Go template): each value is a secret. */
const readsWholeData = (args: string[]): boolean => args.some((a) => /(?:^|[={'"])\{\{?\.data\}\}?/.test(a));
/** Up to this many keys of a map on one line are read. */
const MAP_KEYS_MAX = 16;
/** A map of one to `MAP_KEYS_MAX` keys on one line, each value a secret, as `open`, key, `sep`, value, `next`, …, `close`
 * write it. (The most keys first: a template's last value runs to the line's end, so one of fewer keys would take the rest.) */
function mapLines(open: string, sep: string, next: string, close: string): PrintedTemplates {
  const out: PrintedTemplates = [];
  for (let n = MAP_KEYS_MAX; n >= 1; n--) {
    const t: LineTemplate = [open];
    for (let k = 0; k < n; k++) t.push(0, sep, 1, k === n - 1 ? close : next);
    out.push(t);
  }
  return out;
}
/** The JSON of a map of strings (`{"password":"…","token":"…"}`), and the map as Go's template prints it (`map[password:… token:…]`). */
const dataMapLines = (): PrintedTemplates => [...mapLines('{"', '":"', '","', '"}'), ...mapLines('map[', ':', ' ', ']')];
/** `aws secretsmanager get-secret-value`: its `SecretString`, a map of strings or one string, every value a secret; as text
 * (`--query SecretString --output text`) or inside the JSON it prints (`"SecretString": "{\"K\":\"…\"}",`). */
const secretStringLines = (a: string[]): PrintedTemplates =>
  a.includes('text')
    ? [...mapLines('{"', '":"', '","', '"}'), WHOLE_LINE]
    : [...mapLines('"SecretString": "{\\"', '\\":\\"', '\\",\\"', '\\"}",'), ['"SecretString": "', 1, '",']];

/** `sops … --extract '["db"]["password"]'`: a secret-named field. */
const sopsExtractsSecret = (a: string[]): boolean => secretField(/\["?([^"\]]+)"?\]$/.exec(flagValue(a, /^--extract$/) ?? '')?.[1]);

/** A string a command prints as JSON or HCL does (`terraform output db_password`): `"…"`, the value inside the quotes. */
const QUOTED: LineTemplate = ['"', 1, '"'];
/** The first word after a reader's words that is no option: the output or key it prints (`terraform output -raw db_password`). */
const firstName = (a: string[]): string | undefined => a.find((x) => !x.startsWith('-'));
/** `terraform output -raw db_password` (also `tofu`, `terragrunt`): one secret-named output, bare with `-raw`, else
 * quoted (`"…"`, also with `-json`). (Without a name it prints `db_password = "…"` lines, read by the rules; sensitive
 * ones as `<sensitive>`.) */
const tfOutput = (a: string[]): boolean => secretField(firstName(a));
const tfOutputLines = (a: string[]): PrintedTemplates => (a.some((x) => /^--?raw$/.test(x)) ? [WHOLE_LINE] : [QUOTED, DUMP]);
/** The key `pulumi config get -s prod myproj:dbPassword` or `pulumi config get --path db.password` reads: its last part. */
function pulumiKey(a: string[]): string | undefined {
  for (let i = 0; i < a.length; i++) {
    if (/^(?:-s|--stack|-C|--cwd|--config-file)$/.test(a[i]!)) i++;
    else if (!a[i]!.startsWith('-')) return a[i]!.split(/[:.]/).at(-1);
  }
  return undefined;
}
/** `pulumi config get dbPassword` (decrypted, bare; with `--json` a `"value": "…"` line) and `pulumi stack output
 * dbPassword --show-secrets` (bare; with `--json` quoted): one secret-named key. Not any output shown with
 * `--show-secrets`: that switch reveals every secret output, ordinary ones printed as they are (`endpoint`,
 * `bucketName`), and one of those would be hidden wherever it is written after. (Without it a secret prints `[secret]`.) */
const pulumiSecret = (a: string[]): boolean => secretField(pulumiKey(a));
const pulumiLines = (a: string[]): PrintedTemplates => (a.includes('--json') ? [QUOTED, ['"value": "', 1, '",'], ['"value": "', 1, '"']] : [WHOLE_LINE]);

/** The credential `kubectl config view --raw -o jsonpath='{.users[0].user.token}'` reads: one user field that is a
 * secret (`token`, `password`, `client-key-data`, an auth provider's `id-token` / `refresh-token`). Without `--raw`
 * (or `--flatten`) kubectl prints `REDACTED` / `DATA+OMITTED` in their place; `client-certificate-data` is public. */
function kubeconfigSecret(a: string[]): boolean {
  if (!a.some((x) => x === '--raw' || x === '--flatten' || x === '--raw=true' || x === '--flatten=true')) return false;
  const path = a.map((x) => /^(?:-o=?|--output=)?jsonpath=(\{.*\})$/.exec(x)?.[1]).find(Boolean);
  const field = path && /^\{\.users\[[^\]{}]*\]\.user\.(?:[\w-]+\.)*([\w-]+)\}$/.exec(path)?.[1];
  return !!field && /^(?:token|password|client-key-data|id-token|refresh-token|access-token|client-secret)$/.test(field);
}
/** `aws iam create-access-key --query AccessKey.SecretAccessKey --output text`: the new key's secret, bare (quoted
 * in JSON, the default output); `--query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text`: a line of
 * tab-separated fields, the secret one read. (Without `--query` it prints JSON, `"SecretAccessKey": "…"`, read by
 * the rules.) */
const awsKeyFields = (a: string[]): string[] | undefined => {
  const m = /^AccessKey\.(?:\[([\w,\s]+)\]|(\w+))$/.exec(flagValue(a, /^--query$/) ?? '');
  return m ? (m[1] ?? m[2]!).split(',').map((f) => f.trim()) : undefined;
};
const awsKeyText = (a: string[]): boolean => flagValue(a, /^--output$/) === 'text';
const awsCreatesKey = (a: string[]): boolean => {
  const fields = awsKeyFields(a);
  return !!fields?.includes('SecretAccessKey') && (fields.length === 1 || awsKeyText(a));
};
function awsKeyLines(a: string[]): PrintedTemplates {
  const fields = awsKeyFields(a)!;
  if (fields.length === 1) return awsKeyText(a) ? [WHOLE_LINE] : [QUOTED, WHOLE_LINE];
  const t: LineTemplate = [];
  fields.forEach((f, k) => {
    if (k > 0) push(t, '\t');
    push(t, f === 'SecretAccessKey' ? 1 : 0);
  });
  return [t];
}

/** `npm config get //host/:_authToken`, `yarn config get npmAuthToken`: a registry's credential. */
const registryToken = (a: string[]): boolean => /(?:^|:)_(?:authToken|auth|password)$|^npmAuth(?:Token|Ident)$/.test(a.find((x) => !x.startsWith('-')) ?? '');

/** Commands whose output is a secret: their words (options between them skipped), what their other words must say,
 * and how it prints the secret (on a line of its own when not said). */
const READERS: [string[], ((args: string[]) => boolean)?, ((args: string[]) => PrintedTemplates)?][] = [
  [['gh', 'auth', 'token']],
  [['glab', 'auth', 'token']],
  [['op', 'read'], (a) => secretField(a.find((x) => x.startsWith('op://'))?.split(/[/?]/).filter(Boolean).at(-1))],
  [['op', 'read'], undefined, dump],
  [['op', 'item', 'get'], (a) => secretField(flagValue(a, /^--fields?$/)?.split(',').at(-1)?.replace(/^label=/, ''))],
  [['op', 'item', 'get'], undefined, dump],
  [['vault', 'kv', 'get'], (a) => secretField(flagValue(a, /^--?field$/))],
  [['vault', 'kv', 'get'], undefined, dump],
  [['vault', 'read'], (a) => secretField(flagValue(a, /^--?field$/))],
  [['vault', 'read'], undefined, dump],
  [['vault', 'print', 'token']],
  [['vault', 'token', 'create'], (a) => flagValue(a, /^--?field$/) === 'token'],
  // A login's token: `vault write -field=token auth/approle/login …`, `vault login -token-only …`.
  [['vault', 'write'], (a) => flagValue(a, /^--?field$/) === 'token'],
  [['vault', 'login'], (a) => a.some((x) => /^--?token-only(?:=true)?$/.test(x))],
  // An AppRole's new secret id, a UUID (`vault write -f auth/approle/role/ci/secret-id`): its row of the table.
  [['vault', 'write'], (a) => a.some((x) => /\/secret-id$/.test(x)), () => [['secret_id', 1], ['"secret_id": "', 1, '",'], ['"secret_id": "', 1, '"']]],
  [['aws', 'configure', 'get'], (a) => /^(?:[\w-]+\.)?aws_(?:secret_access_key|session_token)$/.test(a.find((x) => !x.startsWith('-')) ?? '')],
  [['aws', 'ecr', 'get-login-password']],
  [['aws', 'ecr-public', 'get-login-password']],
  [['aws', 'codeartifact', 'get-authorization-token'], (a) => a.includes('text')],
  [['aws', 'secretsmanager', 'get-secret-value'], undefined, secretStringLines],
  [['aws', 'ssm', 'get-parameter'], (a) => a.includes('--with-decryption') && a.includes('text') && flagValue(a, /^--query$/) !== undefined],
  ...['get-parameter', 'get-parameters', 'get-parameters-by-path'].map((sub): (typeof READERS)[number] => [['aws', 'ssm', sub], (a) => a.includes('--with-decryption'), dump]),
  [['gcloud', 'auth', 'print-access-token']],
  [['gcloud', 'auth', 'print-identity-token']],
  [['gcloud', 'auth', 'application-default', 'print-access-token']],
  // (A payload of JSON too: `{"signing": "…", "db": {…}}`.)
  [['gcloud', 'secrets', 'versions', 'access'], undefined, () => [WHOLE_LINE, DUMP]],
  [['az', 'account', 'get-access-token'], (a) => a.includes('tsv')],
  [['az', 'keyvault', 'secret', 'show'], (a) => a.includes('tsv') && flagValue(a, /^--query$/) !== undefined],
  [['az', 'keyvault', 'secret', 'show'], undefined, dump],
  [['heroku', 'auth:token']],
  [['doctl', 'auth', 'token']],
  [['fly', 'auth', 'token']],
  [['flyctl', 'auth', 'token']],
  [['hcp', 'auth', 'print-access-token']],
  // OpenShift's session token (`sha256~…` now, other shapes on older clusters); `oc whoami` alone prints the user.
  [['oc', 'whoami'], (a) => a.some((x) => /^(?:-t|--show-token(?:=true)?)$/.test(x))],
  // Argo CD's first admin password, then a note (`This password must be only used for first time login…`).
  [['argocd', 'admin', 'initial-password']],
  [['heroku', 'config:get'], (a) => a.some((x) => !x.startsWith('-') && secretName(x))],
  // Secret stores' listings and dumps, in every layout they print (tables, `NAME: value`, JSON, dotenv, YAML).
  ...['config', 'config:get', 'config:set'].map((sub): (typeof READERS)[number] => [['heroku', sub], undefined, dump]),
  [['doppler', 'secrets', 'get'], (a) => a.includes('--plain')],
  [['doppler', 'secrets'], undefined, dump],
  [['infisical', 'secrets', 'get'], (a) => a.includes('--plain')],
  [['infisical', 'secrets'], undefined, dump],
  [['infisical', 'export'], undefined, dump],
  ...['export', 'read', 'list'].map((sub): (typeof READERS)[number] => [['chamber', sub], undefined, dump]),
  [['railway', 'variables'], (a) => a[0] === 'get' && secretName(a.find((x, i) => i > 0 && !x.startsWith('-')) ?? '')],
  [['railway', 'variables'], undefined, dump],
  [['railway', 'variables', 'get'], undefined, dump],
  ...['view', 'decrypt'].map((sub): (typeof READERS)[number] => [['ansible-vault', sub], undefined, dump]),
  [['bw', 'get', 'item'], undefined, dump],
  [['bw', 'get', 'notes'], undefined, dump],
  [['bw', 'list', 'items'], undefined, dump],
  [['security', 'find-generic-password'], (a) => a.includes('-w')],
  [['security', 'find-internet-password'], (a) => a.includes('-w')],
  [['pass', 'show']],
  [['gopass', 'show']],
  [['bw', 'get', 'password']],
  // A vault session's key, printed bare with `--raw` (else inside an `export BW_SESSION="…"` line the rules read).
  [['bw', 'unlock'], (a) => a.includes('--raw')],
  [['bw', 'login'], (a) => a.includes('--raw')],
  [['op', 'signin'], (a) => a.includes('--raw')],
  [['lpass', 'show'], (a) => a.includes('--password')],
  [['kubectl', 'get', 'secret'], readsWholeData, dataMapLines],
  [['kubectl', 'get', 'secrets'], readsWholeData, dataMapLines],
  [['kubectl', 'get'], (a) => /^secrets?\/[\w.-]+$/.test(a.find((x) => !x.startsWith('-')) ?? '') && readsWholeData(a), dataMapLines],
  [['kubectl', 'get', 'secret'], readsSecretData],
  [['kubectl', 'get', 'secrets'], readsSecretData],
  // (Named with its type: `kubectl get secret/db -o jsonpath={.data.password}`.)
  [['kubectl', 'get'], (a) => /^secrets?\/[\w.-]+$/.test(a.find((x) => !x.startsWith('-')) ?? '') && readsSecretData(a)],
  // (Decoded on the way, `| jq '.data | map_values(@base64d)'`, `{{$v | base64decode}}`; or by the view-secret plugin.)
  [['kubectl', 'get', 'secret'], undefined, dump],
  [['kubectl', 'get', 'secrets'], undefined, dump],
  [['kubectl', 'get'], (a) => /^secrets?\/[\w.-]+$/.test(a.find((x) => !x.startsWith('-')) ?? ''), dump],
  [['kubectl', 'view-secret'], undefined, dump],
  // A container's environment (`docker inspect --format '{{json .Config.Env}}'`: `["signing=…"]`, any name).
  [['docker', 'inspect'], undefined, dump],
  [['podman', 'inspect'], undefined, dump],
  [['kubectl-view_secret'], undefined, dump],
  [['openssl', 'rand']],
  [['gpg'], (a) => a.includes('--gen-random')],
  [['rails', 'secret']],
  [['bin/rails', 'secret']],
  [['rake', 'secret']],
  [['pwgen']],
  [['mix', 'phx.gen.secret']],
  [['php', 'artisan', 'key:generate'], (a) => a.includes('--show')],
  // A cluster's bootstrap token (`abcdef.0123456789abcdef`), a join credential: made (`create`, `generate`) or listed
  // (`list`: a table, the token first on each line; its header word is too short to be read). `kubeadm token create
  // --print-join-command` prints a `kubeadm join … --token …` line, one with blanks, left to the rules.
  [['kubeadm', 'token', 'create']],
  [['kubeadm', 'token', 'generate']],
  [['kubeadm', 'token', 'list'], undefined, () => [[1, ' ', 0]]],
  [['kubectl', 'config', 'view'], kubeconfigSecret],
  [['aws', 'iam', 'create-access-key'], awsCreatesKey, awsKeyLines],
  [['wg', 'genkey']],
  [['wg', 'genpsk']],
  // `wg show wg0 private-key` (also `preshared-keys`: a peer's public key, a tab, its key).
  [['wg', 'show'], (a) => a.includes('private-key')],
  [['secret-tool', 'lookup']],
  [['keyring', 'get']],
  [['python3', '-m', 'keyring', 'get']],
  [['python', '-m', 'keyring', 'get']],
  [['sops'], (a) => (a.includes('-d') || a.includes('--decrypt')) && sopsExtractsSecret(a)],
  [['sops', 'decrypt'], sopsExtractsSecret],
  [['sops'], (a) => a.includes('-d') || a.includes('--decrypt'), dump],
  [['sops', 'decrypt'], undefined, dump],
  [['dotenv', 'get'], (a) => secretName(a.find((x) => !x.startsWith('-')) ?? '')],
  [['railway', 'variables', 'get'], (a) => secretName(a.find((x) => !x.startsWith('-')) ?? '')],
  [['terraform', 'output'], tfOutput, tfOutputLines],
  [['tofu', 'output'], tfOutput, tfOutputLines],
  [['terragrunt', 'output'], tfOutput, tfOutputLines],
  // (`terragrunt run -- output -raw db_password`: the `--` is read as an option and skipped.)
  [['terragrunt', 'run', 'output'], tfOutput, tfOutputLines],
  // (All outputs at once, without -json, show `<sensitive>` for every secret one: what they show is public.)
  ...[['terraform'], ['tofu'], ['terragrunt'], ['terragrunt', 'run']].map((cmd): (typeof READERS)[number] => [
    [...cmd, 'output'],
    (a) => a.some((x) => /^--?(?:json|raw)$/.test(x)) || firstName(a) !== undefined,
    dump,
  ]),
  [['pulumi', 'config', 'get'], pulumiSecret, pulumiLines],
  [['pulumi', 'config', 'get'], undefined, dump],
  [['pulumi', 'config'], (a) => a.includes('--show-secrets'), dump],
  // A registry's token from npm's, pnpm's or Yarn's configuration (`npm config get //npm.acme.io/:_authToken`, `yarn config get npmAuthToken`).
  [['npm', 'config', 'get'], registryToken],
  [['pnpm', 'config', 'get'], registryToken],
  [['yarn', 'config', 'get'], registryToken],
  [['buildkite-agent', 'secret', 'get']],
  [['firebase', 'functions:secrets:access']],
  // (Past the options and their values: `netlify env:get --context production STRIPE_SECRET_KEY`.)
  [['netlify', 'env:get'], (a) => a.some((x) => !x.startsWith('-') && secretName(x))],
  [['ntl', 'env:get'], (a) => a.some((x) => !x.startsWith('-') && secretName(x))],
  ...['netlify', 'ntl'].flatMap((cli) => ['env:get', 'env:list'].map((sub): (typeof READERS)[number] => [[cli, sub], undefined, dump])),
  // A reset Elasticsearch password: alone with `-s` / `--silent`, else after `New value: `.
  ...['elasticsearch-reset-password', 'bin/elasticsearch-reset-password', '/usr/share/elasticsearch/bin/elasticsearch-reset-password'].map(
    (cmd): (typeof READERS)[number] => [[cmd], undefined, (a) => (a.includes('-s') || a.includes('--silent') ? [WHOLE_LINE] : [['New value: ', 1]])],
  ),
  [['pulumi', 'stack', 'output'], pulumiSecret, pulumiLines],
  [['pulumi', 'stack', 'output'], (a) => a.includes('--show-secrets'), dump],
];
/** Options taking a value that may stand before a reader's subcommand (`kubectl -n prod get secret`, `dotenv -f .env.prod get KEY`). */
const OPTION_WITH_VALUE = /^(?:-n|--namespace|--context|--kubeconfig|--profile|--region|-R|--app|-a|--project|--vault|-f|--file|-b|--backend|-C|--cwd|-s|--stack)$/;

/** The words of `words` matching `cmd` in order, options before and between them skipped; the rest after. */
function readerArgs(cmd: string[], words: string[]): string[] | undefined {
  let i = 0;
  for (const c of cmd) {
    while (i < words.length && words[i] !== c && words[i]!.startsWith('-') && i > 0) i += OPTION_WITH_VALUE.test(words[i]!) ? 2 : 1;
    if (words[i] !== c) return undefined;
    i++;
  }
  return words.slice(i);
}

/** Wrappers that run another command with the same output: `docker exec db …`, `kubectl exec pod -- …`, `uv run …`. */
function unwrapRunner(words: Part[][]): Part[][] {
  const lits = words.map((w) => literal(w) ?? '');
  const after = (i: number) => {
    // Past the wrapper's options (and the values of those that take one) and its target.
    let j = i;
    while (j < lits.length && lits[j]!.startsWith('-')) j += /^-(?:u|w|e|-user|-workdir|-env|c|-container|n|-namespace)$/.test(lits[j]!) ? 2 : 1;
    return j + 1;
  };
  if (lits[0] === 'docker' && lits[1] === 'exec') return words.slice(after(2));
  if ((lits[0] === 'docker' || lits[0] === 'podman') && lits[1] === 'compose' && lits[2] === 'exec') return words.slice(after(3));
  if (lits[0] === 'docker-compose' && lits[1] === 'exec') return words.slice(after(2));
  // (Also with options before `exec`: `kubectl -n argocd exec deploy/argocd-server -- …`.)
  if (lits[0] === 'kubectl' && readerArgs(['kubectl', 'exec'], lits)) {
    const dash = lits.indexOf('--');
    return dash > 0 ? words.slice(dash + 1) : words;
  }
  if ((lits[0] === 'uv' || lits[0] === 'poetry' || lits[0] === 'pipenv') && lits[1] === 'run') return words.slice(2);
  if ((lits[0] === 'npx' || lits[0] === 'dotenv') && lits.includes('--')) return words.slice(lits.indexOf('--') + 1);
  // Secret stores running a command with their secrets in its environment (`doppler run -- printenv`, `op run -- env`), a
  // remote shell (`ssh host env`, `heroku run -a app env`, `railway run env`), Fly's `ssh console -C 'printenv'`.
  if (['doppler', 'op', 'infisical', 'teller', 'chamber', 'sops'].includes(lits[0]!) && readerArgs([lits[0]!, lits[0] === 'sops' ? 'exec-env' : 'run'], lits) && lits.includes('--'))
    return words.slice(lits.indexOf('--') + 1);
  if (lits[0] === 'ssh') {
    let j = 1;
    while (j < lits.length && lits[j]!.startsWith('-')) j += /^-[pilJoFLRDbcEemOQSWw]$/.test(lits[j]!) ? 2 : 1;
    return j + 1 < lits.length ? words.slice(j + 1) : words;
  }
  if ((lits[0] === 'heroku' || lits[0] === 'railway') && lits[1] === 'run') {
    let j = 2;
    while (j < lits.length && lits[j]!.startsWith('-')) j += /^(?:-[aersx]|--app|--remote|--env|--size|--service|--environment)$/.test(lits[j]!) ? 2 : 1;
    return j < lits.length ? words.slice(j) : words;
  }
  if ((lits[0] === 'fly' || lits[0] === 'flyctl') && lits[1] === 'ssh' && lits[2] === 'console') {
    const c = lits.findIndex((l) => l === '-C' || l === '--command');
    const command = c > 0 ? lits[c + 1] : undefined;
    if (command && /^[\w./-]+(?: [\w./=-]+)*$/.test(command)) return command.split(' ').map((w) => [{ t: 'lit', s: w }]);
  }
  return words;
}

/** Commands that print nothing a secret could be mistaken for. */
const SILENT = new Set(['cd', 'pushd', 'popd', 'export', 'set', 'unset', 'source', '.', 'test', '[', '[[', 'true', 'false', ':', 'sleep', 'mkdir', 'touch', 'chmod', 'umask', 'shopt', 'trap', 'wait', 'read', 'local', 'declare', 'typeset']);

/**
 * What one pipeline stage prints: secrets (templates with a value hole), known text (templates
 * without), nothing, or anything (`other`). `input`: a file its standard input is redirected from.
 */
type Printed = { kind: 'secrets' | 'known'; templates: PrintedTemplates } | { kind: 'silent' } | { kind: 'other' };

function producerTemplates(all: Part[][], input: string | undefined, extracts: boolean): Printed {
  let i = 0;
  for (; i < all.length; i++) {
    const w = literal(all[i]!);
    if (w === 'sudo' || w === 'command' || w === 'builtin' || w === 'exec' || w === 'env' || (w !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w))) continue;
    if (w === undefined && all[i]!.length > 0 && all[i]![0]!.t === 'lit' && /^[A-Za-z_][A-Za-z0-9_]*=/.test((all[i]![0] as { s: string }).s)) continue;
    break;
  }
  const rest = unwrapRunner(all.slice(i));
  // (`env` alone, with options or after assignments of its own: `env -0`, `env FOO=1`, prints the whole environment; so
  // does `docker exec api env`.)
  const envOnly = (words: Part[][]) => words.every((w) => /^-[\w-]*$/.test(literal(w) ?? ''));
  if (envOnly(rest)) return all.slice(0, i).some((w) => literal(w) === 'env') ? { kind: 'secrets', templates: dump() } : rest.length === 0 ? { kind: 'silent' } : { kind: 'other' };
  if (literal(rest[0]!) === 'env' && envOnly(rest.slice(1))) return { kind: 'secrets', templates: dump() };
  // PowerShell prints an expression run as a command: `$env:OPENAI_API_KEY`.
  const only = rest.length === 1 && rest[0]!.length === 1 ? rest[0]![0]! : undefined;
  if (only?.t === 'var' && only.ps) return secretName(only.name) ? { kind: 'secrets', templates: [WHOLE_LINE] } : { kind: 'other' };
  const name = literal(rest[0]!);
  if (!name) return { kind: 'other' };
  const args = rest.slice(1);
  const base = name.slice(name.lastIndexOf('/') + 1);
  // The environment as a shell lists it: `export -p`, `declare -x`, `typeset -x`, `set` alone.
  const listFlags = rest.slice(1).map((w) => literal(w) ?? '');
  if ((/^(?:export|declare|typeset)$/.test(base) && listFlags.length > 0 && listFlags.every((l) => /^-[a-wyzA-Z]*[px][a-zA-Z]*$/.test(l))) || (base === 'set' && listFlags.length === 0))
    return { kind: 'secrets', templates: dump() };
  if (SILENT.has(base)) return { kind: 'silent' };
  // PowerShell: `Write-Output` prints each word on a line of its own, `Write-Host` its words as `echo` does.
  if (/^write-(?:output|host)$/i.test(base)) return writeTemplates(base.toLowerCase() === 'write-output', args);
  const echoes = base === 'echo';
  if (echoes || base === 'printf') {
    const templates = echoes ? echoTemplates(args) : printfTemplates(args);
    if (templates.length > 0) return { kind: 'secrets', templates };
    // Text of its own (a heading, a separator): known lines, never a value.
    const known = echoes ? echoLiteral(args) : undefined;
    return known === undefined ? { kind: 'other' } : { kind: 'known', templates: [[known.trim()]] };
  }
  const whole: Printed = { kind: 'secrets', templates: [WHOLE_LINE] };
  const lits = rest.map((w) => literal(w) ?? '');
  // Help and version texts are no secret, whatever the command.
  // (`grep -h` is no help: it leaves file names out.)
  if (lits.some((l) => l === '--help' || (l === '-h' && base !== 'grep' && base !== 'rg') || l === 'help' || l === '--version')) return { kind: 'other' };
  if (base === 'printenv') {
    const vars = args.map(literal);
    if (vars.length === 0 || (vars.length === 1 && vars[0] === '-0')) return { kind: 'secrets', templates: dump() };
    return vars.every((v) => v !== undefined && secretName(v)) ? whole : { kind: 'other' };
  }
  // (A module run as a command, `python3 -m keyring get …`, is read as that command below.)
  if (/^(?:node|nodejs|deno|bun|python[0-9.]*|ruby|perl|php)$/.test(base) && lits[1] !== '-m') return scriptPrints(args) ? whole : { kind: 'other' };
  if (lits.includes('/dev/urandom') || lits.includes('/dev/random') || input === '/dev/urandom' || input === '/dev/random') return whole;
  if (FILE_READERS.has(base) && lits.length > 1 && lits.slice(1).every((l) => /^-[cn]?[1-3]?$/.test(l) || /^[1-3]$/.test(l) || secretFile(l) || PUBLIC_KEY_FILE.test(l)) && lits.slice(1).some(secretFile)) return whole;
  if (selectsSecretField(lits)) return whole;
  // `grep DB_PASSWORD .env | cut -d= -f2`: the value of a secret-named line, cut out of it.
  if ((base === 'grep' || base === 'rg') && extracts) {
    const pattern = lits.slice(1).find((l) => !l.startsWith('-'));
    const key = pattern && /^\^?([A-Za-z_][A-Za-z0-9_]*)=?$/.exec(pattern)?.[1];
    if (key && secretName(key)) return whole;
  }
  for (const [cmd, needs, lines] of READERS) {
    const after = readerArgs(cmd, lits);
    if (after && (!needs || needs(after))) return lines ? { kind: 'secrets', templates: lines(after) } : whole;
  }
  return { kind: 'other' };
}

/** `jq -r .token creds.json`, `jq -r '.data.password'`, `yq '.db.password' config.yaml` (raw by default): one
 * secret-named field, raw. (One value: `.password`, not `.secrets`, a list of names or references.) */
function selectsSecretField(lits: string[]): boolean {
  const base = lits[0]?.slice(lits[0].lastIndexOf('/') + 1);
  if (!((base === 'jq' && lits.includes('-r')) || base === 'yq')) return false;
  // (Decoded on the way, `.data.password | @base64d`, it is the secret itself.)
  const filter = lits.slice(1).find((l) => l.startsWith('.'))?.replace(/\s*\|\s*@base64d$/, '');
  const field = filter?.split('.').at(-1);
  // (Through a list too: `.users[].auth.token`, `.items[0].password`.)
  return !!filter && !!field && /^(?:\.[A-Za-z_][\w]*(?:\[\d*\])?)+$/.test(filter) && secretField(field) && !/^(?:credential|secret|password|token|private[_-]?key)s$/i.test(field);
}

/** Commands whose output a field selector after them reads as JSON or YAML: a decrypted or plain file, an HTTP
 * answer, a cloud or secret-store CLI (`curl -s …/oauth/token | jq -r .access_token`, `aws sts assume-role … | jq -r
 * .Credentials.SecretAccessKey`, `kubectl get secret db -o json | jq -r .data.password | base64 -d`). */
const STRUCTURED_PRODUCERS = new Set(['cat', 'curl', 'wget', 'http', 'https', 'xh', 'xhs', 'aws', 'gcloud', 'az', 'kubectl', 'oc', 'vault', 'bw', 'op', 'doppler', 'gh', 'heroku', 'terraform', 'pulumi', 'auth0', 'netlify', 'vercel', 'supabase', 'firebase']);

/** `sops -d secrets.yaml`, `sops --decrypt …`, `sops decrypt …`: a whole decrypted file, read by a field selector after it. */
function decryptsSops(stage: Part[][]): boolean {
  const lits = stage.map((w) => literal(w) ?? '');
  return lits[0] === 'sops' && (lits.includes('-d') || lits.includes('--decrypt') || lits[1] === 'decrypt');
}

/** `cut -d= -f2`, `cut -d '=' -f2-`, `awk -F= '{print $2}'`, `sed 's/.*=//'`, `sed 's/^[^=]*=//'`, `sed -e
 * 's/^API_KEY=//'`: what follows the `=` of a `NAME=value` line (not `-f1`, the name, nor `cut -c1-8`, its start,
 * nor a sed that deletes from the `=` on). */
function cutsValue(stage: Part[][]): boolean {
  const lits = stage.map((w) => literal(w) ?? '');
  const args = lits.slice(1).join(' ');
  if (lits[0] === 'cut') return /(?:^|\s)-d\s?=(?:\s|$)/.test(args) && /(?:^|\s)-f\s?2-?(?:\s|$)/.test(args);
  if (lits[0] === 'awk') return /(?:^|\s)-F\s?=(?:\s|$)/.test(args) && /^\{\s*print \$2;?\s*\}$/.test(lits.at(-1) ?? '');
  if (lits[0] === 'sed') {
    // (One substitution deleting up to the `=`: `.*=`, `^[^=]*=`, `^[^=]+=`, `^NAME=`; with `-n`, printed by its `p`.)
    const quiet = lits.includes('-n');
    const options = lits.slice(1, -1);
    const m = /^s([/|#,:@])\^?(?:\.\*|\[\^=\][*+]|[A-Za-z_][A-Za-z0-9_]*)=\1\1(g?p?)$/.exec(lits.at(-1) ?? '');
    return lits.length > 1 && !!m && options.every((o) => /^-[nEre]$/.test(o)) && m[2]!.includes('p') === quiet;
  }
  return false;
}

/** Commands printing `NAME=value` lines: `env`, `printenv`, `vercel env pull /dev/stdout`; also in a container
 * (`docker exec app env`, `kubectl exec pod -- printenv`). */
function printsVariables(stage: Part[][]): boolean {
  const lits = unwrapRunner(stage).map((w) => literal(w) ?? '');
  if ((lits[0] === 'env' || lits[0] === 'printenv' || lits[0] === 'export' || lits[0] === 'set') && lits.length === 1) return true;
  // `cat .env`, `cat .env.production`, `cat config/prod.env`.
  if (lits[0] === 'cat' && lits.length === 2 && /(?:^|\/)(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env)$/.test(lits[1]!)) return true;
  return lits[0] === 'vercel' && lits[1] === 'env' && lits[2] === 'pull' && lits.includes('/dev/stdout');
}

/** `grep API_KEY`, `grep ^DB_PASSWORD=`: one secret-named variable picked from standard input. */
function grepsSecretName(stage: Part[][]): boolean {
  const lits = stage.map((w) => literal(w) ?? '');
  if (lits[0] !== 'grep' && lits[0] !== 'rg') return false;
  // Options that keep the line (not `-c`, `-v`, `-o`…).
  if (lits.slice(1).some((l) => l.startsWith('-') && !/^-[EiwF]+$/.test(l))) return false;
  const words = lits.slice(1).filter((l) => !l.startsWith('-'));
  const key = words.length === 1 && /^\^?([A-Za-z_][A-Za-z0-9_]*)=?$/.exec(words[0]!)?.[1];
  return !!key && secretName(key);
}

/** The line `echo` prints when its arguments are all literal text. */
function echoLiteral(args: Part[][]): string | undefined {
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(literal(args[i]!) ?? '')) i++;
  const words = args.slice(i).map(literal);
  return words.every((w) => w !== undefined) ? words.join(' ') : undefined;
}

/** PowerShell's `[Environment]::GetEnvironmentVariable('X')` (also with a target: `, 'User'`) and `(Get-Item Env:X).Value`:
 * X's value. */
const GET_ITEM_ENV = /^\s*\(\s*(?:Get-Item|gi)\s+Env:([A-Za-z_][A-Za-z0-9_]*)\s*\)\.Value\s*;?\s*$/i;
const GET_ENV = /^\s*\[(?:System\.)?Environment\]::GetEnvironmentVariable\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*(?:,\s*(?:(['"])\w+\3|\[(?:System\.)?EnvironmentVariableTarget\]::\w+)\s*)?\)\s*;?\s*$/i;

/** Windows' `cmd /c echo %X%` (also quoted, and `cmd.exe /C "echo %X%"`): X's value. */
const CMD_ECHO = /^\s*(?:[\w.:\\/ -]*[\\/])?cmd(?:\.exe)?\s+\/[cC]\s+(["']?)\s*echo\s+%([A-Za-z_][A-Za-z0-9_]*)%\s*\1\s*$/i;

/** The inner script of `bash -lc '…'` (as Codex writes a shell call's argv joined), and of PowerShell's
 * `powershell.exe -NoProfile -Command '…'` or `pwsh -c "…"` (as Codex runs commands on Windows); `posix`: run by a
 * POSIX shell (where `$env:X` is `$env` and `:X`). */
function unwrap(cmd: string): { script: string; posix: boolean } {
  const posix = /^\s*(?:\/(?:usr\/)?bin\/)?(?:ba|z|da)?sh\s+-l?c\s+/.exec(cmd);
  const ps = posix ? null : /^\s*(?:[\w.:\\/ -]*[\\/])?(?:powershell|pwsh)(?:\.exe)?(?:\s+-(?:NoProfile|NoLogo|NonInteractive|ExecutionPolicy\s+\w+))*\s+-(?:Command|c)\s+/i.exec(cmd);
  const m = posix ?? ps;
  if (!m) return { script: cmd, posix: false };
  const rest = cmd.slice(m[0].length);
  // (In double quotes the script is PowerShell's to expand, not the calling shell's.)
  if (ps && /^"[^"]*"\s*$/.test(rest)) return { script: rest.trim().slice(1, -1), posix: false };
  const first = tokens(rest, posix !== null)[0];
  const script = first && 'word' in first ? literal(first.word) : undefined;
  return { script: script ?? cmd, posix: posix !== null };
}

/**
 * How to read the secrets a command prints, or undefined when it prints none. Every part of the
 * command must be accounted for: one that prints anything else (`ls`) leaves its lines
 * indistinguishable from a printed value, and the command is not read.
 */
export function printedSecretTemplates(command: string | undefined): PrintedTemplates | undefined {
  if (!command || command.length > 4000) return undefined;
  const { script: inner, posix } = unwrap(command);
  const getEnv = posix ? null : (GET_ENV.exec(inner)?.[2] ?? GET_ITEM_ENV.exec(inner)?.[1] ?? CMD_ECHO.exec(inner)?.[2]);
  if (getEnv) return secretName(getEnv) ? [WHOLE_LINE] : undefined;
  const toks = tokens(inner, posix);
  const known: PrintedTemplates = [];
  const secrets: PrintedTemplates = [];
  let other = false;
  let segment: Token[] = [];
  const flush = () => {
    const stages: Part[][][] = [[]];
    let redirected = false;
    let input: string | undefined;
    for (let k = 0; k < segment.length; k++) {
      const t = segment[k]!;
      if ('op' in t) {
        const target = segment[k + 1];
        const to = target && 'word' in target ? literal(target.word) : undefined;
        if (t.op === '|') stages.push([]);
        else if (t.op === '>' || t.op === '>>' || t.op === '1>' || t.op === '1>>') {
          if (to !== '&2' && to !== '/dev/stderr') redirected = true;
          k++;
        } else if (t.op === '<' || t.op === '0<') {
          input = to;
          k++;
        } else if (t.op.endsWith('>') || t.op.endsWith('<')) {
          // `2>/dev/null`, `<<EOF`: the target is no argument.
          k++;
        }
      } else stages.at(-1)!.push(t.word);
    }
    segment = [];
    if (redirected) return;
    const [producer, ...filters] = stages;
    if (!producer?.length) return;
    // (Run as root, `| sudo tee FILE`, a filter is the same filter.)
    const filterNames = filters.map((f) => {
      const w = f.map((p) => literal(p) ?? '');
      return w[0] === 'sudo' && !w[1]?.startsWith('-') ? (w[1] ?? '') : (w[0] ?? '');
    });
    // `env | grep API_KEY | cut -d= -f2`: a secret-named variable's value, cut out of a list of them;
    // `sops -d secrets.yaml | yq .db.password`, `curl … | jq -r .access_token`: one secret-named field of a
    // decrypted file, an HTTP answer or a CLI's JSON.
    const cutOut = filters.length >= 2 && printsVariables(producer) && grepsSecretName(filters[0]!) && cutsValue(filters[1]!);
    const producerName = literal(producer[0]!) ?? '';
    const fieldOut =
      filters.length >= 1 && (decryptsSops(producer) || STRUCTURED_PRODUCERS.has(producerName.slice(producerName.lastIndexOf('/') + 1))) && selectsSecretField(filters[0]!.map((w) => literal(w) ?? ''));
    if ((cutOut && filterNames.slice(2).every((f) => KEEPING_FILTERS.has(f))) || (fieldOut && filterNames.slice(1).every((f) => KEEPING_FILTERS.has(f)))) {
      if (!secrets.some((x) => x === WHOLE_LINE)) secrets.push(WHOLE_LINE);
      return;
    }
    // (A cutter right after the producer, `grep DB_PASSWORD .env | sed 's/.*=//'`, keeps the value.)
    const cuts = filters.length > 0 && cutsValue(filters[0]!);
    const printed = producerTemplates(producer, input, cuts);
    if (printed.kind === 'silent') return;
    if (printed.kind === 'other' || filterNames.slice(cuts ? 1 : 0).some((f) => !KEEPING_FILTERS.has(f))) {
      other = true;
      return;
    }
    const into = printed.kind === 'known' ? known : secrets;
    for (const t of printed.templates) if (!into.some((x) => JSON.stringify(x) === JSON.stringify(t))) into.push(t);
  };
  for (const t of toks) {
    if ('op' in t && SEPARATORS.has(t.op)) flush();
    else segment.push(t);
  }
  flush();
  return secrets.length > 0 && !other ? [...known, ...secrets] : undefined;
}

/** The output a call's result shows, without Codex's unified-exec header (`Chunk ID: … Output:`). */
export function outputBody(text: string): string {
  const header = text.indexOf('\nOutput:\n');
  if (header >= 0 && header < 400 && /^(?:Chunk ID|Command|Wall time|Process exited|Exit code)/.test(text)) return text.slice(header + 9);
  // Claude's read of a background shell: `<status>completed</status>⏎⏎<exit_code>0</exit_code>⏎⏎<stdout>⏎…⏎</stdout>`
  // (BashOutput), `<retrieval_status>…<output>⏎…⏎</output>` (TaskOutput, its later name).
  if (text.startsWith('<status>') || text.startsWith('<retrieval_status>')) {
    const m = /\n<(stdout|output)>\n?([\s\S]*?)\n?<\/\1>/.exec(text);
    return m ? m[2]! : '';
  }
  // Claude's Read of a file, its lines numbered (`     1→…`).
  if (/^ {0,8}\d{1,7}→/.test(text)) return text.replace(/^ {0,8}\d{1,7}→/gm, '');
  return text;
}

/** A command the user ran at the agent's prompt, and what it printed, as a transcript's user text shows them: Claude
 * Code's `!` bash mode (`<bash-input>cmd</bash-input>`, then a line of `<bash-stdout>…</bash-stdout><bash-stderr>…`)
 * and Codex's `<user_shell_command>` (`<command>⏎cmd⏎</command>⏎<result>⏎Exit code: 0⏎…Output:⏎…⏎</result>`). */
export interface UserShell {
  command?: string;
  output?: string;
}

const USER_SHELL_TEXT = /^\s*<(?:bash-(?:input|stdout|stderr)|user_shell_command)>/;

export function userShell(text: string | undefined): UserShell | undefined {
  if (text === undefined || !USER_SHELL_TEXT.test(text)) return undefined;
  const tag = (name: string, from = text) => {
    const m = new RegExp(`<${name}>\\n?([\\s\\S]*?)\\n?</${name}>`).exec(from);
    return m ? m[1]! : undefined;
  };
  if (!text.trimStart().startsWith('<user_shell_command>')) return { command: tag('bash-input'), output: tag('bash-stdout') };
  const result = tag('result');
  const header = result?.indexOf('Output:\n') ?? -1;
  return { command: tag('command'), output: result !== undefined && header >= 0 ? result.slice(header + 8) : undefined };
}

/** The values one line shows for a template (undefined when it does not match): each hole ends
 * where the literal after it first occurs; a value hole takes at least one character. */
export function matchLine(t: LineTemplate, line: string): string[] | undefined {
  const values: string[] = [];
  let pos = 0;
  for (let i = 0; i < t.length; i++) {
    const part = t[i]!;
    if (typeof part === 'string') {
      if (!line.startsWith(part, pos)) return undefined;
      pos += part.length;
      continue;
    }
    const next = t[i + 1] as string | undefined;
    let end: number;
    if (next === undefined) end = line.length;
    else if (i + 2 === t.length) end = line.endsWith(next) ? line.length - next.length : -1;
    else end = line.indexOf(next, pos + part);
    if (end < pos + part) return undefined;
    if (part === 1) values.push(line.slice(pos, end));
    pos = end;
  }
  return pos === line.length ? values : undefined;
}

/** Values no command prints as a secret: empty variables, flags, words of a message, numbers, paths, a hidden one
 * (`[secret]`: `pulumi stack output dbPassword` without `--show-secrets`). */
const NOT_A_VALUE = /^(?:undefined|null|none|nil|true|false|set|unset|ok|yes|no|\[REDACTED:[a-z_]+\]|\[secret\]|\*+|x+|\.+|-+|\d{1,11}|\/[\w./-]*|[A-Za-z]:[\\/]\S*|\\\\\S*)$/i;
/** A line of printed JSON, not a value: an element in quotes, a bracket, a key. */
const JSON_PART = /^["[{\]}]|[,:]$/;
/** Output lines read for printed values (a command printing a secret prints little). */
const MAX_LINES = 64;
const MAX_LINE = 8192;

/** The values a command's output (its `outputBody`) shows, read with its templates; lines with
 * blanks are a message, not a printed value. */
export function printedSecrets(templates: PrintedTemplates, output: string): string[] {
  const body = output.length > 65536 ? output.slice(0, 65536) : output;
  const found: string[] = templates.some(isDump) ? dumpedValues(output) : [];
  if (found.length > 0 && templates.every(isDump)) return found;
  for (const raw of body.split('\n').slice(0, MAX_LINES)) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.length > MAX_LINE) continue;
    for (const t of templates) {
      const values = matchLine(t, line);
      if (!values) continue;
      // (A known line's template holds no value.)
      for (const v of values) {
        const value = v.trim();
        // (Nor a line of JSON: `jq -r .token` answering with an array or an object prints its structure.)
        if (value.length < 6 || value.length > 4096 || /\s/.test(value) || NOT_A_VALUE.test(value) || JSON_PART.test(value)) continue;
        if (!found.includes(value)) found.push(value);
      }
      break;
    }
  }
  return found;
}

/** A value's run in a dump: a token's characters, whole (cut at quotes, blanks, `=`, `:`, `@`, bars and brackets). */
const DUMP_ITEM = /(?<![A-Za-z0-9+/_~-])[A-Za-z0-9+/_~-]{16,4096}={0,2}(?![A-Za-z0-9+/=_~-])/g;
/** How much of a dump is read, and how many values at most. */
const DUMP_MAX = 256 * 1024;
const DUMP_VALUES_MAX = 1024;

/** A value a dump holds that reads as random: generated (`generatedShort`), not words joined up
 * (`feature/JIRA-1234-add-API-keys`, `AcmeOrdersFuncApp2024`). (A random value switching less often between cases and
 * digits, `IjkC47napOlhqiynhvlzfp7y`, is left: names people choose look the same.) */
function dumpedValue(v: string): boolean {
  // Not a path, a repository or a branch (`/home/jd/src/Api2Service`, `AcmeCorp/Api2Service`, `feature/AB-12-fix2FA`: a
  // dump's values are then redacted wherever the session names them), nor an id a provider gives out in the open (a
  // Cognito pool, a Stripe price or product, an IAM role's or user's id).
  if (/^[/~.]|\/$|\/\/|(?:^|\/)[A-Za-z][a-z]{2,}\/|\/[A-Za-z]?[a-z]{2,}(?:\/|$)/.test(v) || NOT_A_SECRET_ID.test(v) || /^0x[0-9a-fA-F]+$/.test(v)) return false;
  // Nor a name made of words and a random suffix, as stacks and platforms name resources (`sam-app-HelloWorldFunction-pZPO0…`,
  // `AcmeApiStack-OrdersQueue4C4A1E7B-Hq6Y…`, `Todo-<api id>-dev`): a part of words (or of three letters or fewer) before a
  // `-` or `_` says so.
  const parts = v.split(/[-_]/);
  if (parts.length > 1 && parts.slice(0, -1).some((p) => p.length <= 3 || /^(?:[A-Z]?[a-z]+)+(?:[A-Z][a-z]+|\d{1,4}|[A-Z0-9]{8})*$/.test(p))) return false;
  // Nor words joined in PascalCase with numbers, as people name things (`AcmeOrdersFuncApp2024`, `ApiGwV2WebSocketDev01`):
  // three or more capitalised words of two letters or more, with a vowel.
  if ((v.match(/[A-Z][a-z]{1,}/g) ?? []).filter((w) => /[aeiouy]/.test(w)).length >= 3 && !generated(v)) return false;
  return generatedShort(v) && (!v.includes('/') || generated(v));
}

/** The generated-looking values of a secret store's dump (DUMP): random text of a token's alphabet in both cases with
 * digits, or a TOTP seed in base32 (`NIFHRSRIJCDU2742…`: upper case and digits). */
function dumpedValues(output: string): string[] {
  const body = output.length > DUMP_MAX ? output.slice(0, DUMP_MAX) : output;
  const found = new Set<string>();
  DUMP_ITEM.lastIndex = 0;
  for (let m = DUMP_ITEM.exec(body); m !== null && found.size < DUMP_VALUES_MAX; m = DUMP_ITEM.exec(body)) {
    const v = m[0];
    // (Under a name that says it is none: `AUTH0_CLIENT_ID=…`, `NEXT_PUBLIC_…`, `…_SITE_KEY`; nor a key's fingerprint.)
    const name = /([A-Za-z_][A-Za-z0-9_.-]{0,80})["']?[ \t]*[:=][ \t]*["']?$/.exec(body.slice(Math.max(0, m.index - 100), m.index))?.[1];
    if ((name !== undefined && (NO_SECRET_NAME.test(name.toUpperCase()) || /^SHA(?:256|512|1)$/i.test(name))) || /SHA(?:256|512|1):$/.test(body.slice(Math.max(0, m.index - 7), m.index))) continue;
    if (dumpedValue(v.replace(/=+$/, '')) || (/^[A-Z2-7]{16,128}=*$/.test(v) && classSwitches(v) >= 6 && !NOT_A_SECRET_ID.test(v))) found.add(v);
  }
  return [...found];
}
