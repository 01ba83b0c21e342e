// The one table of secret patterns. Adding a pattern = adding one entry.
//
// How an entry is used (see redact.ts): a single scan finds the entry's trigger literals;
// only there is its sticky regex run, starting `back` characters before the trigger. So a
// regex must match starting exactly at its trigger, and a pattern costs nothing on text
// that lacks its triggers. Regexes use bounded quantifiers only (no nested repetition).
//
// The secret is the `secret` named group when the branch that matched has one — it must
// end the match, so what precedes it (a key name, `Bearer `, `scheme://user:`) stays
// readable — or else the whole match.

import { withoutCaseModifiersRegex } from './case-fold.ts';

export const SECRET_KINDS = [
  'private_key',
  'anthropic',
  'openrouter',
  'openai',
  'github',
  'gitlab',
  'slack',
  'stripe',
  'google_api_key',
  'google_oauth',
  'aws_access_key_id',
  'aws_secret_access_key',
  'azure',
  'npm',
  'pypi',
  'huggingface',
  'sendgrid',
  'twilio',
  'digitalocean',
  'shopify',
  'databricks',
  'linear',
  'postman',
  'grafana',
  'sentry',
  'vault',
  'age',
  'groq',
  'xai',
  'replicate',
  'perplexity',
  'supabase',
  'atlassian',
  'notion',
  'mailgun',
  'jwt',
  'basic_auth',
  'bearer',
  'discord',
  'telegram',
  'mapbox',
  'docker',
  'flyio',
  'doppler',
  'onepassword',
  'terraform',
  'pinecone',
  'langsmith',
  'posthog',
  'figma',
  'heroku',
  'tailscale',
  'jfrog',
  'nuget',
  'square',
  'facebook',
  'brevo',
  'dropbox',
  'tavily',
  'nvidia',
  'newrelic',
  'datastax',
  'airtable',
  'resend',
  'elevenlabs',
  'planetscale',
  'neon',
  'contentful',
  'k3s',
  'firecrawl',
  'jina',
  'netlify',
  'buildkite',
  'prefect',
  'shippo',
  'dynatrace',
  'easypost',
  'bitbucket',
  'circleci',
  'cloudflare',
  'mailchimp',
  'elastic',
  'webhook',
  'url_credentials',
  'openshift',
  'convex',
  'inngest',
  'wandb',
  'kaggle',
  'together',
  'vercel',
  'secret_assignment',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/**
 * The date of the last change to what the rules find (`.N` for a later change the same day). The
 * index records the rules it was redacted by, and `doctor` advises `tracebase index` when they are
 * older than these.
 */
export const REDACTION_RULES = '2026-11-27.95';

export interface Trigger {
  /** Literal that must occur for the entry to be tried. */
  lit: string;
  /** Also match the UPPER and Capitalized spellings of `lit`. */
  ci?: boolean;
  /** Regex source the text after `lit` must match (a lookahead), to skip common words. */
  after?: string;
  /** The match starts this many characters before the trigger. */
  back?: number;
}

export interface SecretPattern {
  kind: SecretKind;
  triggers: readonly (string | Trigger)[];
  /** Sticky (`y`) regex run at the trigger position. */
  regex: RegExp;
  /** Tried only where this holds of the text before the match's start (cheaper than the regex: a key at a line's start). */
  before?: (text: string, start: number) => boolean;
  /** Rejects look-alikes; `start`/`end` delimit the whole match in `text`. */
  valid?: (secret: string, m: RegExpExecArray, text: string, start: number, end: number) => boolean;
  /** A context rule (key name, header, URL) rather than a vendor shape: a vendor secret that
   * is the whole value keeps its vendor kind. */
  generic?: boolean;
  /** Tried only on texts holding this literal (rules whose triggers are common, such as `: `). */
  requires?: string;
  /** Not a rule: a sign the scan notes where a trigger occurs (redact.ts, SIGNS). */
  sign?: number;
}

const ci = (lit: string): Trigger => ({ lit, ci: true });
/** Blanks inside a printed list, also its line breaks when pretty-printed (`[⏎    "…"⏎  ]`), real or JSON-escaped, in a
 * numbered view too. */
const LIST_GAP = String.raw`(?:[ \t]|\r?\n|(?:\\{1,15}r)?\\{1,15}n|\d{1,7}→){0,40}`;
/** Elasticsearch's built-in users (`elasticsearch-setup-passwords` prints a password for each). */
const ES_USERS = '(?:elastic|kibana(?:_system)?|logstash_system|beats_system|apm_system|remote_monitoring_user)';

// Key names the assignment rules fire on; the keyword must end the key name.
const END = '(?![A-Za-z0-9_-])';
/** What may follow the keyword in a name: a variant of an UPPER_CASE name (`API_KEY_2`, `DB_PASSWORD_RO`,
 * `TOKEN_GITHUB`), a version (`ses_smtp_password_v4`) or a word for its value (`secretValue`, `token_value`, `secretData`);
 * `keywordSuffix` turns down the ones that name something else (`PASSWORD_MIN_LENGTH`, `TOKEN_URL`). */
const SUFFIX = String.raw`(?<suffix>(?:_[A-Z0-9]{1,16}){1,3}|[_-]?v?\d{1,3}|[_-]?[Vv]alue|Data|_data)?`;
const AFTER = `(?:(?:_[A-Z0-9]{1,16}){1,3}|[_-]?v?\\d{1,3}|[_-]?[Vv]alue|Data|_data)?${END}`;
const KEYWORD_TRIGGERS: Trigger[] = [
  ...['password', 'passwd', 'passphrase', 'pass_phrase', 'pass-phrase', 'passcode', 'psk', 'pass', 'token', 'api_key', 'api-key', 'apikey', 'api key', 'API key', '_key', '-key', '.key', 'pwd', '_auth', 'credential', 'credentials', '_pat', '_pw'].map(
    (lit): Trigger => ({ lit, ci: true, after: AFTER }),
  ),
  // (A bare `pw` is a name of its own or after a lower-case word (`dbPw`), and what joins it to its value follows at
  // once: three characters, so base64 runs seldom try it; `_pw` has its trigger.)
  ...['pw"', "pw'", 'pw=', 'pw:', 'pw ', 'pw\\', 'pw>'].map((lit): Trigger => ({ lit, ci: true, after: String.raw`(?<!\wpw.|\wPW.|[A-Z0-9_]Pw.)` })),
  { lit: 'secret', ci: true, after: `(?:[_-]?[Kk][Ee][Yy](?:[_-]?[Bb][Aa][Ss][Ee])?|[_-]?[Ss]tring)?${AFTER}` },
  { lit: '_salt', ci: true, after: AFTER },
  { lit: 'Key', after: AFTER },
];
const KEYWORD = `(?<key>(?i:pass(?:word|wd|[_-]?phrase|code)?|psk|secret(?:[_-]?key(?:[_-]?base)?|[_-]?string)?|token|api[_ -]?key|[_.-]?key|[_-]?pwd|_auth|credentials?|_pat|[_-]?pw|_salt))${SUFFIX}(?![A-Za-z0-9_-])`;
/** A line break, real or JSON-escaped. */
const NL = String.raw`(?:\r?\n|(?:\\{1,15}r)?\\{1,15}n)`;
/** A YAML block scalar's header (`|`, `>-`, `|2+`), which a line break follows. */
const BLOCK = String.raw`[|>][1-9+-]{0,2}[ \t]{0,4}`;
/** Where the next line's text starts: after a numbered view's `12→`, a diff's `+` / `-`, and the indentation. */
const LINE_PREFIX = String.raw`(?:[ \t]{0,8}\d{1,7}(?:→|\t))?[+-]?`;
/** Blanks and escapes between the fields of a name/value pair, and the numbers of a numbered view's lines. */
const GAP = String.raw`(?:\s|\\+(?!\\)[nrt]?|\d{1,7}→){0,40}`;
/** What a PEM block with a secret says it holds (an OpenVPN static key is a secret too). */
const PEM_LABEL = '(?:[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?| OpenVPN Static key V1)';
/** A block's armor headers (`Comment: Dev (work) <dev@example.com>`, `Proc-Type: 4,ENCRYPTED`), which a
 * block cut short before its END line still passes over. */
const PEM_HEADERS = String.raw`(?:${NL}${LINE_PREFIX}[A-Z][A-Za-z-]{1,40}:[ \t][^\r\n\\"]{0,200})*`;
/** Markdown or HTML emphasis around a label's colon (`**Password:**`, `**Password**:`, `__Token:__`, `<b>Password:</b>`),
 * as agents write the credentials they hand over. */
const EMPHASIS = String.raw`(?:\*{1,3}|_{1,3}|<\/(?:b|strong|em|i)>)`;
/** A YAML anchor or tag before a value (`password: &pw …`, `api_key: !!str …`). */
const YAML_PROPS = String.raw`[&!][!\w.:/-]{0,40}(?=[ \t])`;
/**
 * What joins a key name to its value:
 * - `=`, `:`, `=>`, `:=` (quoted name or not; aligned code puts many blanks before them; YAML's anchors and tags after `:`;
 *   PHP's print_r: `[db_password:protected] => …`);
 * - `", "` between a quoted name and a quoted value (`headers.set("X-Api-Key", "…")`);
 * - a `value` field after a `name` field (Kubernetes `- name: DB_PASSWORD⏎ value: …`, ECS
 *   `{"name": "DB_PASSWORD", "value": "…"}`, `<add key="ApiKey" value="…"/>`);
 * - a table cell (`| API_KEY | … |`), an XML element (`<password>…</password>`, also `<![CDATA[…]]>`), a CSV row's comma;
 * - `")` after a quoted name (ltrace's `getenv("DB_PASSWORD") = "…"`), `}` (Perl's `$ENV{'API_TOKEN'} = '…'`);
 * - blanks before a quoted value (`storePassword '…'`, SQL `WITH PASSWORD '…'`).
 * `assignmentName` applies each form's own checks.
 */
const ASSIGN = String.raw`(?:(?:\\{0,15}["'\x60][)}]?)?(?::(?:protected|[\w\\]{1,80}:private)(?=\]))?[\]}]?[ \t]{0,40}(?:${EMPHASIS}?:(?:\*{1,3}|_{1,3})(?=[ \t])|${EMPHASIS}?:<\/(?:b|strong|em|i)>|${EMPHASIS}:(?=[ \t])|=>|:=|\?=|=(?![=~])|:(?!:)(?:[ \t]{1,40}${YAML_PROPS})?)[ \t]{0,40}` +
  // …then a Rust `Some(` or Puppet `Sensitive(`, PHP var_dump's `⏎ string(12) `, or kubectl describe's `⏎----⏎`.
  // (or gdb's and lldb's pointer before a string: `password = 0x5555555592c0 "…"`)
  String.raw`(?:(?:Some|Sensitive)\([ \t\r\n]{0,20}|(?:\r?\n|\\{1,15}n)${LINE_PREFIX}[ \t]{0,20}string\(\d{1,6}\)[ \t]|\r?\n-{3,}\r?\n|0x[0-9a-f]{4,16}[ \t](?=\\{0,15}"))?` +
  // A name/value pair: the value field follows the name, maybe after a few scalar fields
  // (`"Type": "SecureString",`), or sits in the object the name opens (terraform output -json).
  String.raw`|(?:\\{0,15}["'])?(?:[ \t]{0,4}(?:,[ \t]{0,4}(?:\r?\n|\\{1,15}[rn]){0,2}|\r?\n|\\{1,15}n)${LINE_PREFIX}[ \t]{0,40}(?:-[ \t]{1,4})?|[ \t]{1,4}|[ \t]{0,4}:[ \t]{0,4}\{)` +
  // (Also a list of scalars, `"scopes": ["builds"],`, and the value in a list of objects: Netlify's env API answers
  // `{"key": "STRIPE_SECRET_KEY", "scopes": […], "values": [{"value": "…", "context": "all"}]}`.)
  String.raw`(?:${GAP}"[A-Za-z_]{1,20}\\{0,15}"[ \t]{0,4}:[ \t]{0,4}(?:\\{0,15}"[^"\\\r\n]{0,200}\\{0,15}"|true|false|null|\d{1,12}|\{\}|\[[^\[\]{}]{0,400}\])[ \t]{0,4},){0,4}${GAP}` +
  String.raw`(?:\\{0,15}"values\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\[${GAP}\{${GAP}(?:\\{0,15}"[A-Za-z_]{1,20}\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"[^"\\\r\n]{0,200}\\{0,15}"[ \t]{0,4},${GAP}){0,4})?` +
  String.raw`\\{0,15}["']?(?:android:)?(?i:value)\\{0,15}["']?[ \t]{0,4}[:=][ \t]{0,4}(?:${BLOCK}${NL}${LINE_PREFIX}[ \t]{1,40})?` +
  String.raw`|\\{0,15}["'][ \t]{0,4},[ \t]{0,40}(?=[bB]?\\{0,15}["'])` +
  String.raw`|(?:\*{1,3}|_{1,3})?[ \t]{0,40}[|│║][ \t]{0,40}(?=[^\s|│║])|(?:\\{0,15}["'])?>(?:<!\[CDATA\[(?=[^\]\s]{1,1024}\]\]>)|(?=[^<\s]{1,1024}<\/))|[ \t]{1,4}(?=\\{0,15}["'\x60])` +
  // A two-column CSV row: `DB_PASSWORD,…`.
  String.raw`|,(?=[^\s,"'])` +
  // Two columns: `NAME<blanks>value` (PowerShell `Get-ChildItem Env:`, `vault read`, fish's `set`).
  String.raw`|[ \t]{1,60}(?=[^\s|│║"'])(?![=:])` +
  `)`;
/** What joins a secret's name to it in a sentence: `is`, `was`, `has been`, `(is) now`, `(was) changed / set /
 * reset / updated to`, `to`, an arrow; `is:` as a program prints it (`Admin password is: …`), and MySQL's
 * `A temporary password is generated for root@localhost: …`. */
const PROSE_JOIN = String.raw`[ \t]{1,4}(?:(?i:(?:(?:is|was|has[ \t]{1,4}been)(?:[ \t]{1,4}(?:now|still))?)(?:[ \t]{1,4}(?:set|changed|reset|updated|rotated)[ \t]{1,4}to|[ \t]{1,4}(?:generated|created)[ \t]{1,4}for[ \t]{1,4}[^\s:]{1,80}[ \t]{0,2}:|[ \t]{0,2}:)?|(?:set|changed|reset|updated|rotated)[ \t]{1,4}to|to)|->|→|=>|—)[ \t]{1,4}`;
/** Whose secret a sentence tells, between its name and the joining word: `the password for the elastic user is …`. */
const FOR_WHOM = String.raw`(?:[ \t]{1,4}(?i:for|of)(?:[ \t]{1,4}[^\s:]{1,60}){1,6}?)`;

/** A double-quoted value whose opening quote has the backslashes `q` before it (JSON-escaped text): runs of
 * plain characters, and escapes of the value's own string (`\"`, `\\`, `\(`) written with one backslash more than
 * `q`, their second character as at the quote's depth; a shorter run ends the value (the closing quote, or a line
 * break of the text around it). Runs and escapes cannot overlap, so a failed match backtracks in linear time. */
const DQ_ESC = String.raw`\k<q>\\(?:\k<q>\\|\k<q>"|[^"\\\r\n])`;
const DQ_VALUE = String.raw`(?=[^"\\\r\n]|${DQ_ESC})[^"\\\r\n]{0,8192}(?:${DQ_ESC}[^"\\\r\n]{0,8192}){0,256}`;
/** A single-quoted or backtick value: a backslash run is part of it (shell `'a\b'`), except before `n` or `r` (a
 * line break when the text is JSON-escaped). */
const SQ_VALUE = (quote: string): string => String.raw`(?=[^${quote}\r\n])[^${quote}\\\r\n]{0,8192}(?:\\+(?=[^\\nr\r\n])[^${quote}\\\r\n]{0,8192}){0,256}`;
/** A quoted value, up to its closing quote (or the end of a cut text): double (possibly JSON-escaped), single, backtick, or
 * single quotes inside a single-quoted shell word (`'export K='\''value'\'''`). */
const QUOTED = String.raw`(?:(?<=[=:,(\[{\s]|^)[bBrRuU]{1,2}(?=["']))?(?:(?<q3>\\{0,15})"\k<q3>"\k<q3>"(?<secret>[^"\\\r\n]{1,8192})(?=\k<q3>"\k<q3>"\k<q3>")|(?<q>\\{0,15})"(?<secret>${DQ_VALUE})(?=["\\]|$)|\$'(?<secret>(?:[^'\\\r\n]|\\{1,15}'|\\[^\r\n'\\nr]){1,8192})(?=')|'\\''(?<secret>[^'\\\r\n]{1,8192})(?='\\'')|'(?<secret>${SQ_VALUE("'")})(?='|$)|\x60(?<secret>${SQ_VALUE('\\x60')})(?=\x60|$)|\\{1,15}'(?<secret>[^'\\\r\n]{1,8192})(?=\\{1,15}'))`;
/** An unquoted value: up to a blank, a quote, a bracket, a control character or `;`, `,`, `|`, `&`
 * (1 KB at most here; the scan extends a value that reaches it over the base64 that follows). */
const VCHAR = String.raw`[^\s"'\x60;,(){}\[\]<>\\|&\x00-\x1f]`;
/** An `&` inside a value (`Xk9!mP&3*v`), not the next query parameter (`&page=2`), a shell `&&`
 * or an HTML character reference (`&quot;`). */
const AMP = String.raw`&(?![A-Za-z_][\w.-]{0,40}=|[&\s]|#?[A-Za-z0-9]{1,8};)(?=${VCHAR})`;
/** A `/` inside an unquoted value, unless a secret's whole name, its joiner and a value follow it: `sed 's/password: old/password:
 * new/'` holds two values, not one (a bare `key`, `monkey=`, base64's `=` padding do not cut a value). */
const SLASH = String.raw`\/(?!(?:[A-Za-z_][\w.-]{0,40}[_.-])?(?i:password|passwd|secret|token|api[_-]?key|pwd)[ \t]{0,4}[:=][ \t]{0,4}[^\s/=])`;
const UNQUOTED = `(?<secret>${VCHAR}(?:${VCHAR.replace('[^', '[^/')}|${SLASH}|${AMP}){0,1023})`;
/** In an env file line (`DB_PASSWORD=ab;cd&ef(gh`), punctuation followed by more value is part of it
 * (but not `&name=`, the next query parameter). */
const ENV_PUNCT = String.raw`(?:[;,|()\[\]{}<>]|&(?![A-Za-z_][\w.-]{0,40}=))`;
const UNQUOTED_ENV = `(?<secret>${VCHAR}(?:${VCHAR}|${ENV_PUNCT}(?=${VCHAR}|${ENV_PUNCT})){0,1023})`;
/** A command-line value: brackets followed by more of it are part of it (`--password=ab(cd)9x` inside a quoted
 * `sh -c "…"`); a `)` that ends it closes a subshell (`$(app --token=x)`), and `<` `>` are redirections or markup. */
const UNQUOTED_BRACKETS = String.raw`(?<secret>${VCHAR}(?:${VCHAR}|${AMP}|[()[\]{}](?=${VCHAR}|[()[\]{}])){0,1023})`;
/** A .pgpass host (a name, an address or `*`) and its database and user fields. */
const PGPASS_HOST = String.raw`(?:\*|[A-Za-z0-9._-]{1,253})`;
const PGPASS_FIELD = String.raw`(?:\*|[A-Za-z0-9_$.@-]{1,63})`;
/** Between the fields of a .netrc entry: blanks and line breaks (real or escaped), a numbered view's line numbers. */
const NETRC_SEP = String.raw`(?:[ \t\r\n]|\\{1,15}[nrt]|\d{1,7}→){1,24}`;
// (A field's value holds no `→`, which the separator's numbered-view prefix ends with: one way to split.)
const NETRC_FIELD = String.raw`(?:${NETRC_SEP}(?:login|account|port)${NETRC_SEP}[^\s"\\→]{1,128})`;
/** Blanks and line breaks between the fields of pretty-printed JSON, real or escaped, and a numbered view's line numbers. */
const JSON_SEP = String.raw`(?:[ \t\r\n]|\\{1,15}[rnt]|\d{1,7}→){0,40}`;
/** The same inside a diff or a patch, whose lines start with `+` or `-` (an `apply_patch` adding a JSON file). */
const DIFF_JSON_SEP = String.raw`(?:[ \t\r\n]|\\{1,15}[rnt]|\d{1,7}→|(?<=\n|\\n|→)[+-]){0,40}`;
/** A tab, real or escaped. */
const TAB = String.raw`(?:\t|\\{1,15}t)`;
/** Between the columns of a table or tsv row: blanks or tabs, real or escaped. */
const CELL_SEP = String.raw`(?:[ \t]|\\{1,15}t){1,40}`;
/** A YAML value on the line after its key (`password:⏎  …`), maybe a block scalar (`api_key: |⏎  …`): quoted,
 * or one word, which goes on over lines of the same indentation holding nothing but base64 or hex (a wrapped value). */
const YAML_NEXT = String.raw`(?:\\{0,15}["'])?[ \t]{0,4}(?:${EMPHASIS}?:${EMPHASIS}(?=[ \t]{0,4}${NL})|${EMPHASIS}:(?=[ \t]{0,4}${NL})|:[ \t]{0,4}(?:${BLOCK})?|=[ \t]{0,4}(?:\\{1,15})?(?=${NL}))${NL}${LINE_PREFIX}(?<indent>[ \t]{0,40})` +
  String.raw`(?:${QUOTED}|(?<secret>${VCHAR}(?:${VCHAR}|${AMP}){0,1023}(?:${NL}${LINE_PREFIX}(?=[ \t])\k<indent>[A-Za-z0-9+/=_.~-]{1,1024}(?=[ \t]*(?:\r?\n|\\{1,15}[rn]|$))){0,100}))`;
/** A character of a line's value in JSON-escaped text (a tool's input: an `Edit`'s new text): no raw quote (it ends the
 * string) and no escaped line break; an escaped backslash, slash or tab, or a `\u00XX` escape, is part of it. A quote is
 * only as escaped as a quote inside the value's own string (`nlb`: the backslashes of the line break before its key, less
 * one): in JSON inside a JSON string (a tool's result holding a JSON file) `\"` ends the inner string and so the value. */
const ESC_LINE_CHAR = String.raw`(?:[^\s\\"\x00-\x1f\x7f]|\\+(?:[/bft]|u00[2-7][0-9a-fA-F])|\k<nlb>\k<nlb>\\"|\\+(?![\\"nr]))`;
/** The same in plain text: anything but a blank and a line break (raw quotes too); a backslash not before `n` or `r`. */
const LINE_CHAR = String.raw`(?:[^\s\\\x00-\x1f\x7f]|\\+(?![nr\\\s]))`;
/** A value to its line's end, blanks inside (not before a `#` comment): plain or JSON-escaped (`esc`), or between
 * quotes that appear inside it too (`password: "Ab"cd…"`; plain text only). */
const LINE_VALUE = String.raw`(?:(?<=(?:(?<nlb>\\{0,14})\\n|(?<!\\)")[^\r\n"\\]{1,300})(?<esc>)(?<secret>${ESC_LINE_CHAR}(?:${ESC_LINE_CHAR}|[ \t]{1,8}(?=${ESC_LINE_CHAR})(?!#)){0,1023})(?=[ \t]*(?:\\{1,15}[nr]|\\{0,15}"|$)|[ \t]{1,8}#)` +
  // (Not over the next field of a one-line object: `"password": "x", "db_host": "…"`, `secret: 'x', bucket: '…'`.)
  String.raw`|(?<oq>["'])(?<secret>(?:(?!\k<oq>[ \t]{0,8}[,;][ \t]{0,8}["']?[\w.-]{1,64}["']?[ \t]{0,4}[:=])[^\r\n]){1,1024})\k<oq>(?=[ \t]*,?[ \t]*(?:\r?\n|$))` +
  String.raw`|(?<secret>${LINE_CHAR}(?:${LINE_CHAR}|[ \t]{1,8}(?=${LINE_CHAR})(?!#)){0,1023})(?=[ \t]*(?:\r?\n|$)|[ \t]{1,8}#))`;
/** A YAML block scalar under its key (`password: |`, `secret: >-`, maybe after a comment): every line indented as its
 * first one or more (blank lines between), in plain text (in a numbered or diff view too) or JSON-escaped (`esc`), up to the
 * end of the text or of its JSON string (an `Edit`'s new text that ends with the block). */
const ESC_BLOCK_CHAR = String.raw`(?:[^\r\n\\"\x00-\x08\x0a-\x1f\x7f]|\\(?:["/bft\\]|u00[2-7][0-9a-fA-F]))`;
/** A numbered view's line number (`    12→`): once the block's first line has one, every line has (its padding is no indentation). */
const LINE_NO = String.raw`[ \t]{0,8}\d{1,7}(?:→|\t)`;
/** A block's lines after its first, indented as it (blank lines between), each after `pre`; their end. */
const blockLines = (pre: string): string =>
  String.raw`(?:(?:\r?\n${pre}[ \t]{0,40}){0,4}\r?\n${pre}\k<indent>[^\r\n]{1,1024}){0,200})(?=[ \t]*(?:\r?\n|$))`;
const BLOCK_VALUE = String.raw`(?:\\{0,15}["'])?[ \t]{0,4}:[ \t]{0,4}${BLOCK}(?:#[^\r\n\\"]{0,200})?` +
  String.raw`(?:\r?\n${LINE_NO}[+-]?(?<indent>[ \t]{1,40})(?<secret>[^\s][^\r\n]{0,1023}${blockLines(`${LINE_NO}[+-]?`)}` +
  String.raw`|\r?\n[+-]?(?<indent>[ \t]{1,40})(?![ \t]*\d{1,7}(?:→|\t))(?<secret>[^\s][^\r\n]{0,1023}${blockLines(String.raw`[+-]?(?![ \t]*\d{1,7}(?:→|\t))`)}` +
  // (In a JSON-escaped diff whose block opens with a `+` or `-` line, its later lines may be any of the diff's: removed,
  // added or kept (` `): the new value after the old one. Tried first: the branch after it stops at the first other sign.)
  String.raw`|(?<esc>)(?:\\r)?\\n[+-](?<indent>[ \t]{1,40})(?<secret>[^\s\\"]${ESC_BLOCK_CHAR}{0,1023}(?:(?:(?:\\r)?\\n[ +-][ \t]{0,40}){0,4}(?:\\r)?\\n[ +-]\k<indent>${ESC_BLOCK_CHAR}{1,1024}){0,200})(?=[ \t]*(?:\\[nr]|"|$))` +
  // (In a JSON-escaped diff, `\n+`: the `+` of the first line on every line.)
  // (And with CRLF line ends, `\r\n`: a Windows file's text.)
  String.raw`|(?<esc>)(?:\\r)?\\n(?<dp>[+-]?)(?<indent>[ \t]{1,40})(?<secret>[^\s\\"]${ESC_BLOCK_CHAR}{0,1023}(?:(?:(?:\\r)?\\n\k<dp>[ \t]{0,40}){0,4}(?:\\r)?\\n\k<dp>\k<indent>${ESC_BLOCK_CHAR}{1,1024}){0,200})(?=[ \t]*(?:\\[nr]|"|$)))`;
/** A double-quoted `.env` value over several lines (`PRIVATE_KEY="…⏎…⏎…"`), plain or JSON-escaped (`esc`: `\"…\n…\"`),
 * to its closing quote at a line's end, or the end of the text or of its JSON string. */
const MULTILINE_DQ = String.raw`=(?:"(?<secret>(?:[^"\\]|\\[\s\S]){1,16384})(?="[ \t]*(?:#[^\r\n]*)?(?:\r?\n|$)|$)` +
  String.raw`|(?<esc>)\\"(?<secret>(?:[^"\\]|\\\\\\"|\\\\\\\\|\\[^"\\]){1,16384})(?=\\"[ \t]*(?:(?:\\r)?\\n|"|$)|"|$))`;
// `Authorization: ` in a header, JSON (`"Authorization": "`) or escaped JSON.
const AUTHZ = String.raw`(?i:authorization)["'\\\]]{0,16}[ \t]{0,4}[:=][ \t]{0,4}["'\\]{0,16}[ \t]{0,4}`;
/** `Authorization` as a call's first argument, the value its second (`headers.append("Authorization", "Basic …")`,
 * `setRequestHeader("Authorization","Token …")`): both quoted, a scheme before the value (a list of header names is no value). */
const AUTHZ_ARG = String.raw`(?i:authorization)\\{0,15}["'][ \t]{0,4},[ \t]{0,4}\\{0,15}["'\x60]`;
/** Base64 as `base64` writes it: one run, or lines of up to 76 characters (real or escaped newlines). */
const B64_WRAPPED = String.raw`[A-Za-z0-9+/]{0,8192}(?:(?:
?
|\{1,15}n)[A-Za-z0-9+/]{4,76}){0,200}={0,2}`;
/** A bare key body after its first characters: base64 and line breaks (real, escaped or `\u000a`), up to a
 * placeholder run (`xxxxxxxxxxxx`): a match through one would be dropped, and the next key start in it would scan
 * the same text again (quadratic on a text of such starts). */
const B64_BODY = String.raw`(?:(?!x{12}|X{12})[A-Za-z0-9+/=\r\n]|\\{1,15}[rn]|\\{1,15}u000[aAdD])*`;
/** Between two elements of a JSON argument array (`"-p", "x"`, possibly escaped): up to the next
 * element's opening quote, which the value that follows starts with. */
const ARGV_SEP = String.raw`(?:\\{0,15}"[ \t]{0,4},(?:[ \t\r\n]|\\{1,15}[nrt]|\d{1,7}→){0,40}(?=\\{0,15}")|'[ \t]{0,4},(?:[ \t\r\n]|\\{1,15}[nrt]|\d{1,7}→){0,40}(?=')|\\{0,15}["']?[ \t]{0,4}${NL}${LINE_PREFIX}[ \t]{0,40}-[ \t]{1,4}(?=\\{0,15}["']?[^\s"'-]))`;
/** Between two words of a command line: blanks, or the end of one JSON array element and the start of the next. */
const ARG = String.raw`(?:[ \t]{1,4}|${ARGV_SEP}\\{0,15}")`;
/** A command-line value: up to a blank, a quote or a shell operator. */
/** A character of the same command line: not a line break, also not an escaped one (`\n` in a
 * JSON string), nor `|`, `;` or `&` (escaped quotes and other backslashes go on). */
const SAME_COMMAND = String.raw`(?:[^\n|;&\\]|\\+(?![nr\\]))`;
/** As SAME_COMMAND, for Windows commands: two backslashes before `n` or `r` start a UNC path (`\\nas01\share`), not a line break. */
const UNC_COMMAND = String.raw`(?:[^\n|;&\\]|\\+(?![nr\\])|\\{2,}(?=[nr]))`;
const VALUE = String.raw`(?<secret>[^\s"'\x60;|&\\]{1,1024})`;
/**
 * A file named for a secret: `~/.vault-token`, `/etc/wireguard/private.key`, `config/master.key`, `.github_token`,
 * `api-key.txt` (the name's last part holds one of the words, set off by a non-letter or its ends); not `/etc/passwd`.
 */
const SECRET_FILE = String.raw`\\{0,15}["']?(?:[^\s"'|;&<>\\{}]{0,200}/)?[^\s"'|;&<>/\\{}]{0,60}?(?<![A-Za-z])(?:token|TOKEN|secrets?|SECRETS?|passw(?:or)?d|PASSW(?:OR)?D|passphrase|api[_-]?key|API[_-]?KEY|apikey|private[_-]?key|PRIVATE[_-]?KEY|(?<=[./_-])key|credentials?|CREDENTIALS?)(?![A-Za-z])[^\s"'|;&<>/\\{}]{0,30}(?<![/ \t"'>]passwd)`;
/** A redirect into a SECRET_FILE (`>`, `>>`, `| tee [-a]`, `| sudo tee`) ending its command. */
const SECRET_FILE_SINK = String.raw`(?<sink>)(?:>{1,2}|\|[ \t]{0,4}(?:sudo[ \t]{1,4}(?:-\S{1,20}[ \t]{1,4}){0,3})?tee(?:[ \t]{1,4}-a)?)[ \t]{0,4}${SECRET_FILE}(?=\\{0,15}["']?[ \t]*(?:$|[\n\r;&|)#},\]>]|[12]>|\\+[nrt]))`;
/** A flag (regex source) at the start of a word, then its value: after a blank, `=`, or as the next JSON array element. */
const FLAG = (flag: string): string => String.raw`(?<=[ \t"'])${flag}(?:=|${ARGV_SEP}|[ \t]{1,4})(?:${QUOTED}|${VALUE})`;
/** Where a key split into source-code strings goes on: `" +\n  "` or `"\n    "`, from its first
 * quote (backslashes escaping that quote belong to what precedes it, so each character has one
 * way to match: no backtracking blow-up). */
const JOIN_AT_QUOTE = String.raw`"(?:[ \t\r\n]|\\{1,15}[rnt]){0,40}(?:[+,](?:[ \t\r\n]|\\{1,15}[rnt]){0,40})?\\{0,15}"`;
/** The same with the first quote's escaping backslashes (JSON-escaped source). */
const JOIN = String.raw`\\{0,15}${JOIN_AT_QUOTE}`;
/** A table's row of an UPPER_NAME and a value: `│ SESSION_SIGNING │ … │`, `| MAILGUN | … |`. */
const UPPER_NAME_ROW = /[│|║┃][ \t]{1,4}(?<name>[A-Z][A-Z0-9_]{2,80})[ \t]{1,60}[│|║┃][ \t]{1,4}(?<secret>[A-Za-z0-9+/_~-]{24,1024}={0,2})(?=[ \t]{1,60}[│|║┃])/;
/** What a tool writes around each line of a key it prints: `cat -A`'s `$` (and `^M` before it), a single-quoted
 * concatenation (Node's `util.inspect`: `'…\n' +⏎  '…'`), Docker's JSON log lines (`{"log":"…\n","stream":"stdout",
 * "time":"…"}⏎{"log":"…`). */
const PEM_LINE_WRAP = String.raw`\^M(?=\r?\n)|(?:\^M)?\$(?=\r?\n)|\\n'[ \t]{0,4}(?:\+|,)?[ \t]{0,4}\r?\n?[ \t]{0,40}'|\\n"(?:,[ \t]{0,4}"[a-z]{1,16}"[ \t]{0,4}:[ \t]{0,4}(?:"[^"\\\r\n]{0,64}"|\{[^{}\r\n]{0,200}\}))*\}\r?\n\{"log"[ \t]{0,4}:[ \t]{0,4}"`;
/** A Go MySQL DSN's password (`user:pass@tcp(db:3306)/shop`), not a URL's `//`. */
const GO_DSN_PASSWORD = String.raw`(?!\\{0,15}\/)(?<secret>[^\s"'\\\x60@]{1,128})`;
/** What follows it: a protocol and its address, then the database (`@tcp(db:3306)/shop`, `@unix(/run/mysqld.sock)/app`, `@tcp/app`, `@/app`). */
const GO_DSN_AT = String.raw`@(?:[a-z][a-z0-9]{0,9}(?:\([^\s"'\\()]{0,256}\))?)?\\{0,15}\/`;
/** A Go DSN anywhere (its `@tcp(` or `@unix(` says what it is): from the user's last character and its colon. */
const goDsn = (protocol: string): SecretPattern => ({
  kind: 'url_credentials',
  triggers: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'].map((c): Trigger => ({ lit: `${c}:`, after: String.raw`[^\s"'\\\x60@]{1,128}@${protocol}\(` })),
  requires: `@${protocol}(`,
  regex: new RegExp(String.raw`[A-Za-z0-9_.-](?<!\[REDACTED):${GO_DSN_PASSWORD}(?=@${protocol}\()`, 'y'),
  valid: goDsnPassword,
  generic: true,
});

/** What `openssl … -text` prints a private key's parts as; see its rules. */
const KEY_DUMP = new RegExp(
  String.raw`(?:priv|privateExponent|prime[12]|exponent[12]|coefficient):(?:[ \t]{1,4}\d{1,6}[ \t]\(0x[0-9a-f]{1,16}\))?(?<secret>(?:${NL}${LINE_PREFIX}[ \t]{2,8}[0-9a-f]{2}(?::[0-9a-f]{2}){0,40}:?){1,200})` +
    `|(?<=salt=[0-9A-F]{16}${NL}${LINE_PREFIX})key=(?<secret>[0-9A-F]{32,128})` +
    String.raw`|(?:minisign|signify)[^\r\n\\]{0,40}?secret key${NL}${LINE_PREFIX}(?<secret>[A-Za-z0-9+/]{40,400}={0,2})`,
  'y',
);
/** After `prime1:` and the like: the bytes' line break, or the value's decimal on its own line. */
const KEY_DUMP_NEXT = String.raw`(?:[ \t]{1,4}\d|\r?\n|\\{1,15}n)`;

/**
 * Vendor keys written in base64 (`echo -n $ANTHROPIC_API_KEY | base64`, a secret manifest's data):
 * a run that starts with the encoded prefix and decodes to a key the vendor's own rule finds.
 */
const BASE64_VENDORS: readonly [SecretKind, string][] = [
  ['anthropic', 'sk-ant-'],
  ['openai', 'sk-proj-'],
  ['openai', 'sk-svcacct-'],
  ['openai', 'sk-admin-'],
  ['aws_access_key_id', 'AKIA'],
  ['aws_access_key_id', 'ASIA'],
  ['stripe', 'sk_live_'],
  ['stripe', 'rk_live_'],
  ['google_api_key', 'AIza'],
  ['slack', 'xoxb-'],
  ['slack', 'xoxp-'],
  ['gitlab', 'glpat-'],
  ['npm', 'npm_'],
  ['huggingface', 'hf_'],
];
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const encodedRules = new Set<SecretPattern>();

/** Whether `rule` finds a secret that starts `text`. */
/** A vendor token: `body` (regex source) at the start of a word, and not glued to more token characters. */
/** Markdown's emphasis opening right before a token: `_` or `__` after a line start, a blank or a bracket. */
const EMPHASIS_OPEN = String.raw`(?<=(?:^|[\s(\["'])_{1,2})`;
function vendor(kind: SecretKind, triggers: (string | Trigger)[], body: string, valid?: (s: string) => boolean): SecretPattern {
  // (Also in Markdown's emphasis, `_…_`, `__…__`: an underscore after a blank opens it, no name goes on there.)
  return { kind, triggers, regex: new RegExp(`(?:(?<!(?<!\\\\|%[0-9A-Fa-f]|\\\\x[0-9A-Fa-f]|\\\\u[0-9A-Fa-f]{3}|\\\\[0-7]{2})[A-Za-z0-9_])|${EMPHASIS_OPEN})(?:${body})(?![A-Za-z0-9])`, 'y'), valid };
}

function startsWithSecret(rule: SecretPattern, text: string): boolean {
  rule.regex.lastIndex = 0;
  const m = rule.regex.exec(text);
  return m !== null && (!rule.valid || rule.valid(m.groups?.secret ?? m[0], m, text, 0, m[0].length));
}

function base64Vendor([kind, prefix]: readonly [SecretKind, string]): SecretPattern {
  // Only the characters the prefix alone decides.
  const encoded = btoa(prefix).slice(0, Math.floor((prefix.length * 8) / 6));
  const rule: SecretPattern = {
    kind,
    triggers: [encoded],
    regex: new RegExp(String.raw`(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9+/])${escapeRegex(encoded)}[A-Za-z0-9+/]{16,600}={0,2}`, 'y'),
    valid: (s) => {
      const text = base64Text(s.slice(0, s.length - (s.length % 4)));
      return text.startsWith(prefix) && SECRET_PATTERNS.some((p) => p.kind === kind && !p.generic && !encodedRules.has(p) && startsWithSecret(p, text));
    },
  };
  encodedRules.add(rule);
  return rule;
}

/** The start of a word: no letter, digit or `-` before it, or a JSON-escaped line break or tab (`\nexpect`). */
const WORD_START = String.raw`(?:(?<![\w-])|(?<=\\[nrt]))`;
/** A character of the same command line: not a line break (nor a JSON-escaped one), nor `|`, `;`, `&`, `<`. */
const ONE_LINE = String.raw`(?:[^\n|;&<\\]|\\(?![nr]))`;
/** `sudo`'s options before its `-S` (`-u postgres`, `-iu postgres`, `-p ""`, `--user=root`, `-H`). */
const SUDO_OPTS = String.raw`(?:[ \t]{1,4}(?:-[A-RT-Za-z]{0,3}[uUgpCDhrtT][ \t]{0,4}(?:"[^"\n]{0,40}"|'[^'\n]{0,40}'|[^\s"'-]\S{0,40})|--[a-z-]{1,20}(?:=\S{0,40})?|-[A-RT-Za-z]{1,3})){0,4}`;
/** `sudo -S` / `doas -S` (after its other options): sudo reads its password from standard input. */
const SUDO_STDIN = String.raw`(?:sudo|doas)${SUDO_OPTS}[ \t]{1,4}(?:-[A-RT-Za-z]{0,3}S[A-Za-z]{0,3}|--stdin)(?![A-Za-z-])`;
/** Where a command starts: the start of a line (real or JSON-escaped; also numbered, `12→`), after `;`, `&&`, `|`,
 * `(`, a backtick or the quote of `bash -c '…'`; also as `sudo`'s command (not `getent passwd`, `/etc/passwd`). */
const COMMAND_START = String.raw`(?:^|[\n;&|(\x60"']|\\[nr])(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:(?:sudo|doas)${SUDO_OPTS}[ \t]{1,4})?`;
/** Commands that read a secret from their standard input (also run through `sudo`); plain `passwd [user]` only
 * where a command starts and its input is a here-string or here-document (it reads the new password there twice). */
const HEREDOC_READER = String.raw`(?:--(?:password-stdin|with-token)|wrangler[ \t]{1,4}(?:pages[ \t]{1,4})?secret[ \t]{1,4}put|(?:(?<![\w/.-])|(?<=\\[nrt]))passwd[ \t]{1,4}--stdin|(?:(?<![\w/.-])|(?<=\\[nrt]))(?:chpasswd|kinit)(?![\w.-])|gh[ \t]{1,4}secret[ \t]{1,4}set|openssl[ \t]{1,4}passwd(?:[ \t]{1,4}-[\w-]{1,8}){0,3}[ \t]{1,4}-stdin(?![\w-])` +
  String.raw`|passwd(?<=${COMMAND_START}passwd)(?:[ \t]{1,4}[a-z_][\w.-]{0,31})?(?=[ \t]{0,4}<<))`;
/** A line break, real or JSON-escaped, CRLF too. */
const LINE_END = String.raw`(?:\r?\n|(?:\\{1,15}r)?\\{1,15}n)`;
/** Where the next line of a here-document starts: a line break, a numbered view's `12→`, the indentation `<<-` strips. */
const HEREDOC_NEXT = String.raw`${LINE_END}(?:[ \t]{0,8}\d{1,7}→)?(?:[ \t]|\\{1,15}t){0,8}`;
/** The end of a here-document's line. */
const HEREDOC_EOL = String.raw`(?=\r?\n|\\{1,15}[nr])`;
/** A here-document's delimiter word (`EOF`, `'EOF'`, `"EOF"`, `\EOF`), named `dl` to find its closing line. (No
 * backreference to its opening quote: inside a lookbehind, read right to left, it would come first.) */
const HEREDOC_WORD = String.raw`<<-?[ \t]{0,4}\\{0,15}['"]?(?<dl>[A-Za-z_]\w{0,31})\\{0,15}['"]?`;
/**
 * The secret lines of a here-document a reader takes: `user:password` lines (chpasswd reads all of them), or its
 * first line, with the same line again after it (`passwd` reads the new password twice).
 */
const HEREDOC_SECRET = String.raw`(?<secret>[a-z_][\w.-]{0,31}:[^\s:\\]{1,128}(?:${HEREDOC_NEXT}[a-z_][\w.-]{0,31}:[^\s:\\]{1,128}${HEREDOC_EOL}){1,50}|(?<hl>[^\n\r\\]{1,256})(?:${HEREDOC_NEXT}\k<hl>${HEREDOC_EOL})?)${HEREDOC_EOL}`;
/** What a password reader reads, checked line by line: each must read as a password (see passwordLike); a chpasswd
 * line's user name is no part of it (`dev:changeme` is a word). */
function readsAsPasswords(s: string, chpasswd: boolean): boolean {
  const lines = s.split(/(?:\r?\n|(?:\\+r)?\\+n)(?:[ \t]{0,8}\d{1,7}→)?(?:[ \t]|\\+t)*/);
  // (chpasswd: one user's password is one; a weak one beside it does not make the others words.)
  return chpasswd ? lines.some((line) => passwordLike(line.replace(/^[a-z_][\w.-]{0,31}:/, ''))) : passwordLike(lines.find((l) => l !== '') ?? '');
}
/** Piped into `passwd [user]` or `chpasswd` (named `chpasswd`), also through `sudo`. */
const TO_PASSWD = String.raw`(?=[ \t]{0,4}\|[ \t]{0,4}(?:(?:sudo|doas)${SUDO_OPTS}[ \t]{1,4})?(?:passwd|(?<chpasswd>)chpasswd)(?![\w.-]))`;
/** The rest of a command's line (more pipes too), up to its line break. */
const CMD_REST = String.raw`(?:[^\n\r\\]|\\(?![nr])){0,200}`;
/** A quoted password prompt, as expect and pexpect patterns write it: `"password:"`, `"*assword*"`, `"(P|p)assword: ?"`,
 * `'[Pp]assword:\s*'`, `"Enter passphrase for key"`. */
const promptIn = (q: string): string => String.raw`\\{0,15}${q}(?:[^${q}\n\\]|\\{1,2}[\[\]*?.$sSdw]){0,60}(?i:assword|ass ?phrase|asscode)(?:[ \t]{1,4}for[^${q}\n\\]{0,40})?(?:[: *?$).\]]|\\{1,2}[sSdw][*+?]?){0,6}\\{0,15}${q}`;
const PROMPT = `(?:${promptIn('"')}|${promptIn("'")})`;
/** An expect command before its pattern (`expect`, `expect -re`, `expect -nocase`, `expect --`, `expect_before`,
 * `expect {⏎`, `interact -o -re`). */
const EXPECT_COMMAND = String.raw`${WORD_START}(?:exp_)?(?:expect(?:_before|_after|_background)?|interact)(?:[ \t]{1,4}-(?:re|ex|gl|nocase|exact|o|nobuffer|echo|reset|-|timeout[ \t]{1,4}\d{1,5}|[iu][ \t]{1,4}[^\s"'-]\S{0,40})){0,4}[ \t]{1,4}(?:\{[ \t]{0,8})?`;
/** A pattern's place in an expect block: the start of a line, or after the braces of another pattern's action. */
const EXPECT_BLOCK_LINE = String.raw`(?:^|${LINE_END}(?:[ \t]{0,8}\d{1,7}→)?|[{}])[ \t]{0,20}(?:-(?:re|ex|gl|nocase)[ \t]{1,4})?`;
/** A comment to the end of its line (expect, Python). */
const LINE_COMMENT = String.raw`#(?:[^\n\r\\]|\\(?![nr])){0,120}(?=${LINE_END})`;
/** Between an expect pattern and its `send`: blanks, `;`, braces, line breaks, comments and `sleep N` / `after N` lines. */
const EXPECT_GAP = String.raw`[ \t;{]{0,20}(?:(?:${LINE_END}(?:[ \t]{0,8}\d{1,7}→)?|${LINE_COMMENT}|(?:sleep|after)[ \t]{1,4}[\d.]{1,8})[ \t;{]{0,20}){0,10}`;
/** Between pexpect's `expect(…)` and the `send`: blanks, `;`, an `if …expect(…):`'s colon, line breaks, comments and `time.sleep(N)`. */
const PEXPECT_GAP = String.raw`[ \t;:]{0,20}(?:(?:${LINE_END}(?:[ \t]{0,8}\d{1,7}→)?|${LINE_COMMENT}|(?:time\.)?sleep\([\d.]{1,8}\))[ \t;]{0,20}){0,12}`;
/** The patterns before a password prompt in a pexpect list: `[pexpect.TIMEOUT, 'password']`, `['yes/no', 'password:']`. */
const PEXPECT_BEFORE = String.raw`\[[ \t]{0,4}(?:(?:(?:pexpect\.)?[A-Z]{2,8}|[rbuRBU]{0,2}\\{0,15}["'][^"'\n\\]{0,60}\\{0,15}["'])[ \t]{0,4},[ \t]{0,4}){0,4}`;
/** A value given where a password is read that reads as one: 6+ characters without blanks, with a
 * digit, a symbol or inner capitals (not `yes`, `exit`, `apt-get update`), no reference (`$TOKEN`,
 * `[lindex $argv 1]`, `{{ pw }}`), path or documentation placeholder (`new-password`, `StrongPassword`). */
/** A value a secret store is given under a name that does not say it is secret: one that reads as a password (not
 * `admin`, `production`, `debug`), not a file (`@file`), standard input (`-`), a reference, or a URL (the URL rule takes
 * the password of one, leaving its host readable). */
function storedValue(s: string): boolean {
  return isSecretValue(s) && passwordLike(s) && !/^[@-]/.test(s) && !/^\$\w/.test(s) && !/^[a-z][a-z0-9+.-]{0,20}:\/\//i.test(s);
}
function passwordLike(s: string): boolean {
  return (
    isSecretValue(s) &&
    s.length >= 6 &&
    !/\s/.test(s) &&
    !/^(?:\\?\$|\{\{|\[|-)/.test(s) &&
    !/\$[({]/.test(s) &&
    !/^(?:~|\.{1,2})?\/[\w.-]+(?:\/[\w.-]*)*$/.test(s) &&
    // (Words that say they stand for a password: `new-password`, `StrongPassword`, `clear-text-password`.)
    !(/^[A-Za-z_-]+$/.test(s) && /pass(?:word|wd|phrase)/i.test(s)) &&
    (/\d/.test(s) || /[^\w]/.test(s) || /[a-z][A-Z]/.test(s))
  );
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    // PEM / OpenSSH private keys: real or JSON-escaped newlines, with or without the END
    // line (truncated output), split into quoted strings joined by `+` or by nothing (a key in
    // JS or Python source), bare DER bodies whose header was cut off, and base64 of a whole
    // PEM private key (kubeconfig `client-key-data`, Kubernetes secrets; "PRIVATE KEY" in any
    // of its three base64 alignments within the first 80 characters: certificates stay).
    kind: 'private_key',
    triggers: [
      '-----BEGIN',
      'b3BlbnNzaC1rZXktdjE',
      'MHcCAQEE',
      'MC4CAQAw',
      { lit: 'MII', after: '[A-Za-z0-9+/]{3}IBA' },
      { lit: 'MIG', after: '[A-Za-z0-9+/]AgE' },
      'LS0tLS1CRUdJTi',
      'ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIs',
      'eyJ0eXBlIjoic2VydmljZV9hY2NvdW50',
    ],
    regex: new RegExp(
      String.raw`-----BEGIN${PEM_LABEL}-----(?:(?:[^"-]|-(?!----BEGIN)|${JOIN_AT_QUOTE}|${PEM_LINE_WRAP}){0,20000}?-----END${PEM_LABEL}-----|${PEM_HEADERS}(?:${PEM_LINE_WRAP}|[A-Za-z0-9+/=\r\n\t :,.>\u2192]|-(?!----)|\\{1,15}(?:[rnt]|u000[aAdD])|${JOIN})*)` +
        `|(?:b3BlbnNzaC1rZXktdjE|MII[A-Za-z0-9+/]{3}IBA(?:AKC|D)|MIG[A-Za-z0-9+/]AgE(?:A|BBD)|MHcCAQEE|MC4CAQAw)${B64_BODY}` +
        `|LS0tLS1CRUdJTi(?=[A-Za-z0-9+/]{0,80}?(?:UFJJVkFURSBLRVk|QUklWQVRFIEtFW|BSSVZBVEUgS0VZ))${B64_WRAPPED}` +
        // base64 of a Google service-account JSON (pretty-printed or compact): the whole file is the credential.
        `|(?:ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIs|eyJ0eXBlIjoic2VydmljZV9hY2NvdW50)${B64_WRAPPED}`,
      'y',
    ),
    valid: notEmptyPem,
  },
  {
    // base64 that decodes to a credential: a Docker config with `auths` (`.dockerconfigjson`), an
    // ECR login token, or a database URL with a password (a Kubernetes secret's data); and whatever
    // a Kubernetes secret holds under `.dockerconfigjson` / `.dockercfg`, when it decodes to a Docker config.
    kind: 'basic_auth',
    triggers: ['eyJhdXRocyI6', 'ewogICJhdXRocyI6', 'eyJwYXlsb2FkIjoi', 'cG9zdGdyZXM6Ly', 'cG9zdGdyZXNxbDovL', 'bXlzcWw6Ly', 'bW9uZ29kYjovL', 'bW9uZ29kYitzcnY6Ly', 'cmVkaXM6Ly', 'cmVkaXNzOi8v', 'YW1xcDovL', 'YW1xcHM6Ly', '.dockerconfigjson', '.dockercfg'],
    regex: new RegExp(
      String.raw`(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9+/])(?:eyJhdXRocyI6|ewogICJhdXRocyI6|eyJwYXlsb2FkIjoi|cG9zdGdyZXM6Ly|cG9zdGdyZXNxbDovL|bXlzcWw6Ly|bW9uZ29kYjovL|bW9uZ29kYitzcnY6Ly|cmVkaXM6Ly|cmVkaXNzOi8v|YW1xcDovL|YW1xcHM6Ly)${B64_WRAPPED}` +
        String.raw`|\.docker(?:configjson|cfg)\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}\\{0,15}["']?(?<secret>[A-Za-z0-9+/]{16,8192}={0,2})`,
      'y',
    ),
    valid: (s, m) => {
      // (Decoded from a start of whole 4-character groups: a word on the next line, `Login Succeeded` after an ECR
      // token, runs on as base64 and left a length `atob` refuses.)
      const clean = s.replace(/\\n|\s/g, '');
      const text = base64Text(clean.slice(0, Math.min(4096, clean.length - (clean.length % 4))));
      if (m[0].startsWith('.docker')) return /^\{\s*"/.test(text) && /"(?:auths?|password|identitytoken)"/.test(text);
      return /^\{\s*"(?:auths|payload)"/.test(text) || /^[a-z+]+:\/\/[^\s:/@]*:[^\s@/]+@/.test(text);
    },
  },
  {
    // PuTTY .ppk: the base64 lines after `Private-Lines: N`.
    kind: 'private_key',
    triggers: ['Private-Lines:'],
    regex: new RegExp(String.raw`Private-Lines:[ \t]{0,4}\d{1,4}${NL}${LINE_PREFIX}(?<secret>[A-Za-z0-9+/=]{1,80}(?=\r?\n|\\|"|$)(?:${NL}${LINE_PREFIX}[A-Za-z0-9+/=]{1,80}(?=\r?\n|\\|"|$)){0,400})`, 'y'),
  },
  {
    // `openssl pkey -text` / `openssl rsa -text`: the private part as hex bytes (`priv:`, `privateExponent:`,
    // `prime1:`, `prime2:`, `coefficient:`; the exponents by the next rule), `openssl enc -P`'s key after its
    // salt, and a minisign / signify secret key file.
    kind: 'private_key',
    // (Triggers start inside the words, at letter pairs ordinary text seldom has; `back` goes to the word's start.)
    triggers: [
      { lit: 'v:', back: 3 },
      { lit: 'Exponent:', back: 7 },
      { lit: '1:', back: 5, after: KEY_DUMP_NEXT },
      { lit: '2:', back: 5, after: KEY_DUMP_NEXT },
      { lit: 'ficient:', back: 4 },
      { lit: 'gn ', back: 6 },
      { lit: 'fy ', back: 5 },
      { lit: 'y=', back: 2, after: '[0-9A-F]{32}' },
    ],
    regex: KEY_DUMP,
  },
  {
    // (`exponent1:`, `exponent2:`: the same triggers as `prime1:` / `prime2:` further back.)
    kind: 'private_key',
    triggers: [
      { lit: '1:', back: 9, after: KEY_DUMP_NEXT },
      { lit: '2:', back: 9, after: KEY_DUMP_NEXT },
    ],
    regex: KEY_DUMP,
  },
  {
    // A JSON Web Key's private members (RSA `d p q dp dq qi`, EC / OKP `d`, a symmetric `k`), in a key set
    // or alone: base64url near a `kty`.
    kind: 'private_key',
    triggers: ['d', 'p', 'q', 'k', 'dp', 'dq', 'qi'].map((n): Trigger => ({ lit: `"${n}`, after: String.raw`\\{0,15}"[ \t]{0,4}:` })),
    requires: 'kty',
    regex: /"(?:dp|dq|qi|[dpqk])\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?<secret>[A-Za-z0-9_-]{16,4096})(?=\\{0,15}")/y,
    valid: (_s, _m, text, start) => text.slice(Math.max(0, start - 4000), start + 4000).includes('kty'),
  },
  {
    // A GitHub token written in base64 (`echo -n ghp_… | base64`, a credential helper's output).
    kind: 'github',
    triggers: ['Z2hwX', 'Z2hvX', 'Z2h1X', 'Z2hzX', 'Z2hyX'],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9+/])Z2h[wv1zy]X[A-Za-z0-9+/]{36,340}={0,2}/y,
    valid: (s) => /^gh[pousr]_[A-Za-z0-9]{30,}/.test(base64Text(s.slice(0, s.length - (s.length % 4)))),
  },
  ...BASE64_VENDORS.map(base64Vendor),
  {
    // A key glued to the text before it (`x9sk-ant-api03-…`) counts when its version tag says key.
    kind: 'anthropic',
    triggers: ['sk-ant-'],
    regex: /(?:(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])|(?=sk-ant-(?:api|admin|oat|sid)\d\d-))sk-ant-[A-Za-z0-9_-]{20,400}/y,
  },
  { kind: 'openrouter', triggers: ['sk-or-'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])sk-or-v\d-[A-Za-z0-9]{32,128}/y },
  {
    // Legacy sk-…, sk-proj-…, sk-svcacct-…, sk-admin-… (the last three even glued to what precedes
    // them). Slugs like `sk-learn-tutorial` are not keys.
    kind: 'openai',
    triggers: ['sk-'],
    // A diff's removed line (`-sk-…`) counts too, and any key carrying OpenAI's `T3BlbkFJ` mark.
    regex: /(?:(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_]|(?<!^|\n)-)|(?=sk-(?:proj|svcacct|admin)-|sk-[A-Za-z0-9]{20}T3BlbkFJ))sk-[A-Za-z0-9_-]{20,400}/y,
    // (Keys are mixed case: `sk-worker-7d9f8c6b5d-x7k2p` is a pod.)
    valid: (s) => notSlug(s) && /[A-Z]/.test(s),
  },
  {
    kind: 'github',
    triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{30,255}/y,
  },
  {
    kind: 'gitlab',
    triggers: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glsoat-', 'glcbt-', 'glimt-', 'glagent-', 'gloas-', 'glft-', 'glffct-', 'GR1348941'],
    regex: /(?:(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])|(?=glpat-))(?:gl(?:pat|dt|ptt|rt|soat|cbt|imt|agent|oas|ft|ffct)-[A-Za-z0-9_.-]{20,255}|GR1348941[A-Za-z0-9_-]{20,255})/y,
  },
  {
    // Bot/user/app tokens, the web client's `xoxc-` token and its `d` cookie (`xoxd-`, URL-encoded base64);
    // webhook URLs keep their host readable.
    kind: 'slack',
    triggers: ['xox', 'xapp-', 'hooks.slack.com/'],
    regex:
      /xox[abcpsre]-[A-Za-z0-9-]{10,250}|xoxd-(?=[A-Za-z%+/=_-]{0,60}\d)[A-Za-z0-9%+/=_-]{20,1000}|xapp-\d-[A-Za-z0-9-]{10,250}|hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9/_+-]{16,300})/y,
    // Real tokens and webhook paths carry digits; `xoxb-your-token` is a placeholder.
    valid: hasDigit,
  },
  {
    kind: 'stripe',
    triggers: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])(?:[sr]k_(?:live|test)_[A-Za-z0-9]{10,250}|whsec_[A-Za-z0-9+/=]{20,250})/y,
  },
  { kind: 'google_api_key', triggers: ['AIza'], regex: /AIza[0-9A-Za-z_-]{30,60}/y },
  {
    kind: 'google_oauth',
    triggers: ['GOCSPX-', 'ya29.', '1//0'],
    regex: /GOCSPX-[A-Za-z0-9_-]{20,80}|ya29\.[A-Za-z0-9_.-]{20,2048}|(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9:/])1\/\/0[A-Za-z0-9_-]{40,512}/y,
  },
  {
    // A secret key written right after its key id, with no name: `AKIA…:<secret>`, `AKIA… <secret>`, on the next line,
    // `["AKIA…", "<secret>"]`, `key AKIA… with secret <secret>`. The 40 characters (a JSON `\/` counts as
    // one) are a whole token: not a piece of a longer one between `.`, `-`, `_` or `\` (a JWT, an `sk-…`
    // key, a request id, a Windows path; a JSON `\n` or `\t` may come before it). They mix upper and lower
    // case and digits (a commit hash is lower-case hex) and come within 40 characters on the same line,
    // after an id the key id rule takes too (so a second pass finds nothing new). Listed before that rule:
    // both start at the id, which the scan of this match's context finds.
    kind: 'aws_secret_access_key',
    triggers: ['AKIA', 'ASIA'],
    regex:
      /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])(?:[^\r\n]{1,40}?|[ \t,;:]{0,8}(?:\r?\n|(?:\\{1,15}r)?\\{1,15}n)[ \t]{0,8}(?:\d{1,7}→[ \t]{0,8})?)(?<![/+=._\\-]|[A-Za-mo-qsu-z0-9]|(?<!\\)[nrt])(?<secret>(?:[A-Za-z0-9/+]|\\\/){40})(?![A-Za-z0-9/+=_-]|\\\/|\.[A-Za-z0-9])/y,
    valid: (s, m) => /[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s) && (m[0].startsWith('AKIA') || /\d/.test(m[0].slice(4, 20))),
  },
  {
    kind: 'aws_access_key_id',
    triggers: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    // (An AKIA id with lower-case letters glued after it, `AKIA…xyz`, is still one: its 16 characters end where they do.)
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])(?:AKIA[A-Z0-9]{16}(?![A-Z0-9])|(?:ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9]))/y,
    // AKIA is distinctive; the temporary/other prefixes also start ordinary upper-case words.
    valid: (s) => s.startsWith('AKIA') || hasDigit(s),
  },
  {
    // Only in context: a bare 40-char base64 run is indistinguishable from other data. (Also the console's access
    // key CSV: `Access key ID,Secret access key⏎AKIA…,<secret>`, maybe after a user's name and password columns.)
    kind: 'aws_secret_access_key',
    triggers: ['secret_access_key', 'SECRET_ACCESS_KEY', 'SecretAccessKey', 'secretAccessKey', 'secret-access-key', 'X-Amz-', ci('x-amz-security-token'), 'Secret access key'],
    regex: new RegExp(
      String.raw`(?i:secret[_-]?access[_-]?key)["'\\\]]{0,16}(?:[ \t]{0,40}(?:=>|=|:|[|│])[ \t]{0,40}|[ \t]{1,60})["'\\]{0,16}(?<secret>(?:[A-Za-z0-9/+=]|\\\/){16,200})|X-Amz-(?:Signature|Security-Token)=(?<secret>[^&\s"'#<>\\]{16,4096})|(?i:x-amz-security-token)["']?[ \t]{0,4}:[ \t]{0,4}["']?(?<secret>[A-Za-z0-9/+=%]{16,4096})` +
        String.raw`|Secret access key(?:,[^\r\n\\]{0,200})?${NL}${LINE_PREFIX}(?:[^\r\n\\,]{0,128},){0,4}(?:AKIA|ASIA)[A-Z0-9]{16},(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'y',
    ),
    // Presigned S3 URLs carry a signature and, for temporary credentials, the session token.
    valid: (s) => hasDigit(s) || /[+/]/.test(s),
  },
  {
    // Connection strings, SAS tokens, and Entra ID (Azure AD) client secrets (`xxx8Q~…`; also glued to a name by
    // `-`, `_` or `.`: `rotate-xxx8Q~…`, `notes_xxx8Q~…`).
    kind: 'azure',
    triggers: ['AccountKey=', 'SharedAccessKey=', 'SharedAccessSignature', 'sig=', { lit: 'Q~', back: 4 }],
    regex:
      /(?:AccountKey|SharedAccessKey)=(?<secret>[A-Za-z0-9+/=]{20,200})|SharedAccessSignature[ =](?<secret>[^\s;"'\\]{20,1000})|sig=(?<secret>[A-Za-z0-9%+/=]{20,300})|(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9~])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}/y,
  },
  {
    // Key lists: `az storage account keys list` (`"keyName": "key1", …, "value": "…"`, and its table / tsv
    // rows, PowerShell's `key1  <value>  Full`), Cosmos DB / Service Bus / Redis / IoT `primaryKey`,
    // `secondaryMasterKey`, …, and Cognitive Services' `"key1": "…"` / `Key1 : …`.
    kind: 'azure',
    // (Triggers skip the first letters: `pri…` and `key` are everywhere in code, `rimary` and `ey1` are not.)
    triggers: [
      { lit: 'rimary', back: 1 },
      { lit: 'RIMARY', back: 1 },
      ci('secondary'),
      { lit: 'yName', back: 2 },
      ...['ey1', 'ey2'].map((lit): Trigger => ({ lit, back: 1 })),
      ...['rb1', 'rb2'].map((lit): Trigger => ({ lit, back: 3 })),
    ],
    regex: new RegExp(
      String.raw`(?:(?i:primary|secondary)(?:(?i:read_?only)?(?i:master)?(?i:key))?|(?:(?<![\w-])|(?<=\\[nrt]))[Kk]ey[12])\\{0,15}["']?[ \t]{0,20}[:=][ \t]{0,4}\\{0,15}["']?(?<secret>[A-Za-z0-9+/_-]{32,200}={0,2})(?![A-Za-z0-9+/=_-])` +
        String.raw`|keyName\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?:key|kerb)[12]\\{0,15}"[ \t]{0,4},` +
        String.raw`(?:${JSON_SEP}\\{0,15}"[A-Za-z]{1,20}\\{0,15}"[ \t]{0,4}:[ \t]{0,4}(?:\\{0,15}"[A-Za-z0-9 :.+-]{0,40}\\{0,15}"|null)[ \t]{0,4},){0,3}` +
        String.raw`${JSON_SEP}\\{0,15}"value\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?<secret>[A-Za-z0-9+/]{40,200}={0,2})(?![A-Za-z0-9+/=])` +
        String.raw`|(?:(?<![\w-])|(?<=\\[nrt]))(?:key|kerb)[12](?:${CELL_SEP}(?i:full|read))?${CELL_SEP}(?<secret>[A-Za-z0-9+/]{40,200}={0,2})(?![A-Za-z0-9+/=])`,
      'y',
    ),
    // Generated keys: base64 or 32 hex digits (Cognitive Services), not a UUID or a git / sha256 hash; a bare
    // `primary` / `secondary` name needs a key-sized value.
    valid: (s, m) =>
      hasDigit(s) &&
      (mixedCase(s) || /^[0-9a-f]{32}$/i.test(s)) &&
      !/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(s) &&
      (/key[12]?\\{0,15}["']?[ \t]*[:=]|^keyName|^(?:key|kerb)[12]/i.test(m[0]) || s.length >= 40),
  },
  { kind: 'npm', triggers: ['npm_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])npm_[A-Za-z0-9]{30,60}/y, valid: (s) => hasDigit(s) || mixedCase(s) },
  { kind: 'pypi', triggers: ['pypi-AgE'], regex: /pypi-AgE[A-Za-z0-9_-]{30,400}/y },
  { kind: 'huggingface', triggers: ['hf_'], regex: new RegExp(String.raw`(?:(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])|${EMPHASIS_OPEN})hf_[A-Za-z0-9]{30,60}`, 'y'), valid: mixedCase },
  { kind: 'sendgrid', triggers: ['SG.'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/y, valid: hasDigit },
  {
    // API key / account SIDs, and auth tokens or API secrets named as Twilio's.
    kind: 'twilio',
    triggers: [
      { lit: 'SK', after: '[0-9a-fA-F]{32}' },
      { lit: 'AC', after: '[0-9a-fA-F]{32}' },
      ci('twilio'),
    ],
    regex:
      /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])(?:SK|AC)[0-9a-fA-F]{32}(?![A-Za-z0-9])|(?i:twilio[A-Za-z0-9_.-]{0,30}?(?:token|secret))["'\\\]]{0,16}[ \t]{0,4}[:=][ \t]{0,4}["'\\]{0,16}(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])/y,
    valid: (s) => !/^(?:SK|AC)?([0-9a-fA-F])\1{31}$/.test(s),
  },
  { kind: 'digitalocean', triggers: ['dop_v1_', 'doo_v1_', 'dor_v1_'], regex: /do[opr]_v1_[A-Za-z0-9]{40,80}/y },
  { kind: 'shopify', triggers: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], regex: /shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}/y },
  { kind: 'databricks', triggers: [{ lit: 'dapi', after: '[a-f0-9]{32}' }], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])dapi[a-f0-9]{32}(?:-\d)?/y },
  { kind: 'linear', triggers: ['lin_api_', 'lin_oauth_'], regex: /lin_(?:api|oauth)_[A-Za-z0-9]{32,64}/y },
  { kind: 'postman', triggers: ['PMAK-'], regex: /PMAK-[A-Za-z0-9]{20,30}-[A-Za-z0-9]{30,40}/y },
  {
    // Service account and cloud tokens, and the legacy API key (base64 of `{"k":"…`).
    kind: 'grafana',
    triggers: ['glc_', 'glsa_', 'eyJrIjoi'],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])(?:glc_[A-Za-z0-9+/=]{32,400}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|eyJrIjoi[A-Za-z0-9+/]{40,200}={0,2})/y,
  },
  { kind: 'sentry', triggers: ['sntrys_', 'sntryu_'], regex: /sntry[su]_[A-Za-z0-9+/=_]{40,400}/y },
  // An EKS token (`aws eks get-token`): a presigned STS request in base64url, a cluster's bearer credential.
  { kind: 'bearer', triggers: ['k8s-aws-v1.'], regex: /k8s-aws-v1\.[A-Za-z0-9_-]{100,4096}/y },
  {
    // Firebase Cloud Messaging's legacy server key (`Authorization: key=AAAA…:APA91b…`).
    kind: 'google_api_key',
    triggers: [{ lit: ':APA91b', back: 11 }],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,300}/y,
  },
  {
    // The private half of a PuTTY key (`.ppk`): the base64 lines after `Private-Lines: N` (the public ones stay).
    kind: 'private_key',
    triggers: ['Private-Lines:'],
    regex: /Private-Lines:[ \t]{0,4}\d{1,3}(?:\r?\n|(?:\\{1,15}r)?\\{1,15}n)(?:[ \t]{0,8}\d{1,7}→)?(?<secret>[A-Za-z0-9+/=]{4,128}(?![\w+/=:-])(?:(?:\r?\n|(?:\\{1,15}r)?\\{1,15}n)(?:[ \t]{0,8}\d{1,7}→)?[A-Za-z0-9+/=]{4,128}(?![\w+/=:-])){0,63})/y,
  },
  {
    // Vault service / batch tokens; the legacy `s.` + 24 form only when mixed like a token.
    kind: 'vault',
    triggers: ['hvs.', 'hvb.', { lit: 's.', after: '[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])' }],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_.])(?:hv[sb]\.[A-Za-z0-9_-]{24,400}|s\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.-]))/y,
    valid: (s) => !s.startsWith('s.') || (mixedCase(s.slice(2)) && hasDigit(s)),
  },
  {
    kind: 'discord',
    triggers: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    regex: /discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/(?<secret>[A-Za-z0-9_-]{30,200})/y,
  },
  {
    // Incoming webhooks whose URL is the credential: Microsoft Teams (the part after the tenant),
    // Zapier catch hooks, Mattermost (26 lower-case letters and digits after `/hooks/`).
    kind: 'webhook',
    triggers: ['.webhook.office.com/', 'hooks.zapier.com/', { lit: 'ks/', back: 4 }],
    regex:
      /\.webhook\.office\.com\/webhookb2\/(?<secret>[A-Za-z0-9@/_-]{40,400})|hooks\.zapier\.com\/hooks\/catch\/(?<secret>\d{3,12}\/[A-Za-z0-9]{4,32})|(?<![\w.-]zapier\.com)\/hooks\/(?<secret>[a-z0-9]{26})(?![A-Za-z0-9_-])/y,
    // (A Mattermost id has digits; `src/hooks/useauthenticationstate` is a folder.)
    valid: (s) => s.includes('/') || hasDigit(s),
  },
  {
    // Bot tokens (`123456789:AA…`, alone or in `api.telegram.org/bot…/`): the bot id stays.
    kind: 'telegram',
    triggers: [{ lit: ':AA', after: '[A-Za-z0-9_-]{30}' }],
    regex: /(?<=(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9:])(?:bot)?\d{6,12}):(?<secret>AA[A-Za-z0-9_-]{31,40})(?![A-Za-z0-9_-])/y,
  },
  { kind: 'mapbox', triggers: ['sk.eyJ'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])sk\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,400}/y },
  { kind: 'age', triggers: ['AGE-SECRET-KEY-1'], regex: /AGE-SECRET-KEY-1[0-9A-Z]{50,70}/y },
  { kind: 'groq', triggers: ['gsk_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])gsk_[A-Za-z0-9]{40,64}/y },
  { kind: 'xai', triggers: ['xai-'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])xai-[A-Za-z0-9]{60,100}/y },
  { kind: 'replicate', triggers: ['r8_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])r8_[A-Za-z0-9]{30,50}/y, valid: hasDigit },
  { kind: 'perplexity', triggers: ['pplx-'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])pplx-[A-Za-z0-9]{40,64}/y },
  { kind: 'supabase', triggers: ['sbp_', 'sb_secret_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,80})/y },
  // Tokens that token-creating commands print bare (`docker login`, `fly tokens create`, …).
  { kind: 'docker', triggers: ['dckr_pat_', 'dckr_oat_'], regex: /dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,100}/y },
  {
    kind: 'flyio',
    triggers: ['fm1r_', 'fm1a_', 'fm2_', 'FlyV1 fm'],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])(?:FlyV1 )?fm(?:1[ar]|2)_[A-Za-z0-9+/=_-]{40,4096}(?:,fm(?:1[ar]|2)_[A-Za-z0-9+/=_-]{20,4096}){0,16}/y,
    valid: (s) => mixedCase(s) && hasDigit(s),
  },
  { kind: 'doppler', triggers: ['dp.st.', 'dp.sa.', 'dp.ct.', 'dp.pt.', 'dp.scim.', 'dp.audit.'], regex: /dp\.(?:st|sa|ct|pt|scim|audit)\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,44}/y },
  { kind: 'onepassword', triggers: ['ops_eyJ'], regex: /ops_eyJ[A-Za-z0-9+/=_-]{50,4096}/y },
  { kind: 'terraform', triggers: [{ lit: '.atlasv1.', back: 14 }], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,120}/y, valid: hasDigit },
  { kind: 'pinecone', triggers: ['pcsk_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])pcsk_[A-Za-z0-9_]{40,120}/y },
  { kind: 'langsmith', triggers: ['lsv2_pt_', 'lsv2_sk_'], regex: /lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}|lsv2_(?:pt|sk)_[A-Za-z0-9_]{30,80}/y },
  { kind: 'posthog', triggers: ['phx_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])phx_[A-Za-z0-9]{40,60}/y },
  { kind: 'figma', triggers: ['figd_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])figd_[A-Za-z0-9_-]{40,60}/y },
  { kind: 'atlassian', triggers: ['ATATT3', 'ATCTT3'], regex: /AT[AC]TT3[A-Za-z0-9_=-]{100,400}/y },
  { kind: 'notion', triggers: ['ntn_', 'secret_'], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])(?:ntn_[A-Za-z0-9]{40,60}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9])/y, valid: hasDigit },
  { kind: 'mailgun', triggers: [{ lit: 'key-', after: '[0-9a-f]{32}' }], regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9])/y },
  // Tokens cut short where they are shown, which the shapes above miss for being too short: strace's
  // `write(1, "ghp_…"..., 41)` (32 characters by default), a listing's `ghp_Q7vLr8…` or `…...`. The prefix
  // and 12+ characters of mixed letters and digits before the mark.
  ...(
    [
      ['github', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], '[A-Za-z0-9_]'],
      ['gitlab', ['glpat-', 'glrt-', 'gldt-', 'glptt-'], '[A-Za-z0-9_.-]'],
      ['npm', ['npm_'], '[A-Za-z0-9]'],
      ['huggingface', ['hf_'], '[A-Za-z0-9]'],
      ['digitalocean', ['dop_v1_', 'doo_v1_', 'dor_v1_'], '[A-Za-z0-9]'],
      ['shopify', ['shpat_', 'shpca_', 'shppa_', 'shpss_'], '[A-Za-z0-9]'],
      ['sendgrid', ['SG.'], '[A-Za-z0-9_.-]'],
      ['google_api_key', ['AIza'], '[A-Za-z0-9_-]'],
      ['pypi', ['pypi-AgE'], '[A-Za-z0-9_-]'],
      ['tailscale', ['tskey-'], '[A-Za-z0-9-]'],
      ['doppler', ['dp.st.', 'dp.sa.', 'dp.ct.', 'dp.pt.'], '[A-Za-z0-9_.-]'],
      ['linear', ['lin_api_', 'lin_oauth_'], '[A-Za-z0-9]'],
      ['sentry', ['sntrys_', 'sntryu_'], '[A-Za-z0-9+/=_]'],
      ['slack', ['hooks.slack.com/services/'], '[A-Za-z0-9/_+-]'],
      ['groq', ['gsk_'], '[A-Za-z0-9]'],
      ['pinecone', ['pcsk_'], '[A-Za-z0-9_]'],
      ['docker', ['dckr_pat_'], '[A-Za-z0-9_-]'],
    ] as const
  ).map(
    ([kind, prefixes, body]): SecretPattern => ({
      kind,
      triggers: prefixes,
      regex: new RegExp(String.raw`(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_])(?:${prefixes.map(escapeRegex).join('|')})${body}{12,250}(?=\\{0,15}["']?(?:…|\.\.\.))`, 'y'),
      valid: (s) => {
        const rest = s.slice(prefixes.find((p) => s.startsWith(p))!.length);
        // (Mixed case and digits, or hex: `SG.2024-report-final.pdf...` is a file.)
        return hasDigit(rest) && ((/[a-z]/.test(rest) && /[A-Z]/.test(rest)) || /^[0-9a-f]+$/.test(rest));
      },
    }),
  ),
  // Vendors whose tokens carry a prefix of their own (the shapes their docs and secret scanners give).
  vendor('heroku', ['HRKU-'], 'HRKU-[A-Za-z0-9_-]{58,64}'),
  vendor('tailscale', [{ lit: 'key-', back: 2, after: '[a-z]{3,10}-[A-Za-z0-9]{6}' }], 'tskey-[a-z]{3,10}-[A-Za-z0-9]{6,40}-[A-Za-z0-9]{16,80}'),
  vendor('jfrog', [{ lit: 'AKCp', after: '[A-Za-z0-9]{60}' }, 'cmVmdGtuOjAxOj'], 'AKCp[A-Za-z0-9]{60,80}|cmVmdGtuOjAxOj[A-Za-z0-9]{40,80}'),
  vendor('nuget', [{ lit: 'oy2', after: '[a-z0-9]{43}' }], 'oy2[a-z0-9]{43}', (s) => hasDigit(s.slice(3))),
  vendor('square', ['sq0csp-', 'sq0atp-', { lit: 'EAAA', after: '[A-Za-z0-9_-]{60}(?![A-Za-z0-9_-])' }], 'sq0(?:csp|atp)-[A-Za-z0-9_-]{22,60}|EAAA[A-Za-z0-9_-]{60}'),
  // (Not inside base64, where `EAAB…` runs are common.)
  vendor('facebook', [{ lit: 'EAA', after: '[A-Za-z0-9]{80}' }], '(?<![/+])EAA[A-Za-z0-9]{80,400}(?![/+=])', (s) => hasDigit(s) && mixedCase(s)),
  vendor('brevo', ['xkeysib-', 'xsmtpsib-'], 'x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  vendor('dropbox', [{ lit: 'sl.', after: '(?:u\\.)?[A-Za-z0-9_-]{100}' }], 'sl\\.(?:u\\.)?[A-Za-z0-9_-]{100,1400}', (s) => hasDigit(s) && mixedCase(s)),
  vendor('tavily', ['tvly-'], 'tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}'),
  vendor('nvidia', [{ lit: 'api-', back: 2, after: '[A-Za-z0-9_-]{64}' }], 'nvapi-[A-Za-z0-9_-]{64}'),
  vendor('newrelic', ['NRAK-', 'NRJS-', 'NRII-'], 'NRAK-[A-Z0-9]{27}|NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_-]{32}'),
  vendor('datastax', ['AstraCS:'], 'AstraCS:[A-Za-z0-9]{20,30}:[a-f0-9]{60,70}'),
  vendor('airtable', [{ lit: 'pat', after: '[A-Za-z0-9]{14}\\.[a-f0-9]{64}' }], 'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}'),
  vendor('resend', [{ lit: 're_', after: '[A-Za-z0-9]{8}_[A-Za-z0-9]{24}' }], 're_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}', (s) => hasDigit(s) && mixedCase(s)),
  vendor('elevenlabs', [{ lit: 'sk_', after: '[a-f0-9]{48}' }], 'sk_[a-f0-9]{48}'),
  vendor('planetscale', ['pscale_pw_', 'pscale_tkn_', 'pscale_oauth_'], 'pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.=-]{32,64}'),
  vendor('neon', [{ lit: 'api_', back: 1, after: '[a-z0-9]{64}' }], 'napi_[a-z0-9]{64}', (s) => hasDigit(s)),
  vendor('contentful', ['CFPAT-'], 'CFPAT-[A-Za-z0-9_-]{43}'),
  vendor('k3s', [{ lit: 'K10', after: '[a-f0-9]{64}::' }], 'K10[a-f0-9]{64}::[a-z]{1,16}:[A-Za-z0-9]{16,64}'),
  vendor('firecrawl', [{ lit: 'fc-', after: '[a-f0-9]{32}(?![A-Za-z0-9])' }], 'fc-[a-f0-9]{32}'),
  vendor('jina', ['jina_'], 'jina_[A-Za-z0-9]{60}', mixedCase),
  vendor('netlify', ['nfp_'], 'nfp_[A-Za-z0-9]{36}', (s) => hasDigit(s)),
  vendor('buildkite', ['bkua_'], 'bkua_[a-f0-9]{40}'),
  vendor('prefect', ['pnu_'], 'pnu_[A-Za-z0-9]{36}', (s) => hasDigit(s)),
  vendor('shippo', ['shippo_live_', 'shippo_test_'], 'shippo_(?:live|test)_[a-f0-9]{40}'),
  vendor('dynatrace', ['dt0c01.'], 'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  vendor('easypost', ['EZAK', 'EZTK'], 'EZ[AT]K[A-Za-z0-9]{54}'),
  vendor('bitbucket', ['ATBB'], 'ATBB[A-Za-z0-9_=.-]{32,64}', (s) => hasDigit(s)),
  vendor('elastic', ['eyJ2ZXIiOi'], 'eyJ2ZXIiOi[A-Za-z0-9+/]{40,2000}={0,2}', (s) => base64Text(s.slice(0, s.length - (s.length % 4))).includes('"key":"')),
  // AWS session tokens (STS, SSO): base64 that starts with their own header.
  vendor('aws_secret_access_key', ['IQoJb3JpZ2lu', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz'], '(?:IQoJb3JpZ2lu|F[wQ]oGZXIvYXdz)[A-Za-z0-9+/]{40,4096}={0,2}'),
  vendor('circleci', ['CCIPAT_'], 'CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}'),
  // Weights & Biases' keys since 2026 (`wandb_v1_…`), Kaggle's API tokens (`KGAT_` and 32 hex), Together AI's (`tgp_v1_…`),
  // Vercel's typed tokens (`vcp_` personal, `vci_` integration, `vca_` access, `vcr_` refresh, `vck_` key).
  vendor('wandb', ['wandb_v1_'], 'wandb_v1_[A-Za-z0-9_]{40,120}', (s) => hasDigit(s.slice(9)) && mixedCase(s.slice(9))),
  vendor('kaggle', ['KGAT_'], 'KGAT_[0-9a-f]{32}'),
  vendor('together', ['tgp_v1_'], 'tgp_v1_[A-Za-z0-9_-]{32,80}', (s) => hasDigit(s.slice(7)) && mixedCase(s.slice(7))),
  vendor('vercel', ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], 'vc[pikar]_[A-Za-z0-9]{40,80}', (s) => hasDigit(s.slice(4)) && mixedCase(s.slice(4))),
  vendor('mailchimp', [{ lit: '-us', after: String.raw`\d{1,2}(?![A-Za-z0-9])`, back: 32 }], '[0-9a-f]{32}-us\\d{1,2}'),
  // A Discord bot token: the bot's id in base64 (digits only), a timestamp, an HMAC.
  vendor(
    'discord',
    // (Triggers: the first three characters of an id's base64, its first two digits deciding them.)
    [...new Set([...'123456789'].flatMap((a) => [...'0123456789'].map((b) => btoa(`${a}${b}0`).slice(0, 3))))].map(
      (lit): Trigger => ({ lit, after: String.raw`[A-Za-z0-9_-]{21,23}\.[A-Za-z0-9_-]{6}\.` }),
    ),
    String.raw`[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}`,
    (s) => /^\d{18}$/.test(base64Text(s.slice(0, 24).replace(/-/g, '+').replace(/_/g, '/'))),
  ),
  // A Cloudflare tunnel token: base64 of `{"a":"<account>","t":"<tunnel>","s":"<secret>"}`.
  vendor('cloudflare', ['eyJhIjoi'], 'eyJhIjoi[A-Za-z0-9+/_-]{60,600}={0,2}'),
  {
    // A JWT, and an encrypted one (JWE: five parts, the key part empty under `"alg":"dir"`: NextAuth sessions,
    // Cognito refresh tokens) whose header names its encryption.
    kind: 'jwt',
    triggers: ['eyJ'],
    regex:
      /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9])eyJ[A-Za-z0-9_-]{5,2000}\.(?:eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{0,2000}|[A-Za-z0-9_-]{0,2000}\.[A-Za-z0-9_-]{8,2000}\.[A-Za-z0-9_-]{16,80000}\.[A-Za-z0-9_-]{8,200})/y,
    valid: (s) => s.split('.')[1]!.startsWith('eyJ') || base64UrlText(s.slice(0, s.indexOf('.'))).includes('"enc"'),
  },
  {
    // `Authorization: Basic …` (also as a call's two arguments), `Basic <base64 user:pass>` anywhere (`AUTH_HEADER=Basic …`),
    // `curl -u user:pass` (also `-sSu user:pass`), and Docker's `"auth": "<base64 user:pass>"`.
    kind: 'basic_auth',
    triggers: [
      ci('authorization'),
      '-u ',
      '-u"',
      '-u\\',
      '--user',
      '-U ',
      '--proxy-user',
      { lit: 'auth', after: String.raw`\\{0,15}["']?[ \t]{0,4}:` },
      'curl',
      { lit: 'basic ', ci: true, after: '[A-Za-z0-9+/]{8}' },
    ],
    regex: new RegExp(
      String.raw`(?:${AUTHZ}|${AUTHZ_ARG})(?i:basic)[ \t]{1,4}(?<secret>[A-Za-z0-9+/]{6,2000}={0,2})` +
        String.raw`|(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])(?i:basic) (?<secret>[A-Za-z0-9+/]{8,2000}={0,2})(?![A-Za-z0-9+/=_-])` +
        String.raw`|(?<=["'\s{,])auth\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}\\{0,15}["']?(?<secret>[A-Za-z0-9+/]{8,2000}={0,2})(?![A-Za-z0-9+/=])` +
        // (Quoted, the password runs to the closing quote: `-u 'admin:P@ss…'`; bare, an `@` inside it goes on.)
        String.raw`|(?<=\s)(?:-u|--user|-U|--proxy-user)(?:[ \t]{1,4}|=)(?<uq>\\{0,15}["'])[^\s:"'@\\[]{0,128}:(?<secret>[^"'\\\r\n]{1,256})(?=\k<uq>)` +
        String.raw`|(?<=\s)(?:-u|--user|-U|--proxy-user)(?:[ \t]{1,4}|=)[^\s:"'@\\[]{0,128}:(?<secret>[^\s"'@\\]{1,256}(?:@[^\s"'@\\]{1,128})?)` +
        String.raw`|(?<=")(?:-u|--user)${ARGV_SEP}\\{0,15}"[^\s:"'@\\[]{0,128}:(?<secret>[^\s"'@\\]{1,256})` +
        // curl's `-u` after other short flags in one word (`-sSu`, `-ku`).
        String.raw`|curl${SAME_COMMAND}{0,300}?(?<=[ \t"'])-[A-Za-tv-z]{1,8}u${ARG}(?:(?<uq>\\{0,15}["'])[^\s:"'@\\[]{0,128}:(?<secret>[^"'\\\r\n]{1,256})(?=\k<uq>)|[^\s:"'@\\[]{0,128}:(?<secret>[^\s"'@\\]{1,256}(?:@[^\s"'@\\]{1,128})?))`,
      'y',
    ),
    // (`-U` is curl's proxy user only on a curl command: `pacman -U ./pkg-1:2024…`, `pip install -U pkg:2.0`; `-U http://…`.)
    valid: (s, m, text, start) => isSecretValue(s) && !/^\d+$/.test(s) && !s.startsWith('//') && (!m[0].startsWith('-U') || /\bcurl\b/.test(lineBefore(text, start, 400))) && (!m[0].startsWith('auth') || base64Text(s).includes(':')) && (!/^basic/i.test(m[0]) || basicCredentials(s)),
    generic: true,
  },
  {
    // `Bearer …` anywhere, and any other `Authorization:` header value (also a call's second argument after a scheme:
    // `setRequestHeader("Authorization", "Token …")`), and a client's bearer-token call in code (`.bearer_auth("…")`).
    kind: 'bearer',
    triggers: [ci('bearer'), ci('authorization'), { lit: '.bearer_auth(', back: 0 }, '.SetAuthToken(', '.setBearerAuth(', '.withToken('],
    regex: new RegExp(
      String.raw`(?i:bearer)(?:[ \t]{1,4}|\+)(?<secret>[A-Za-z0-9._~+/-]{16,4096}=*)` +
        String.raw`|${AUTHZ}(?:(?i:bearer|token|bot|apikey|api-key|key|ssws|oauth|jwt)[ \t]{1,4})?(?<secret>[A-Za-z0-9._~+/=-]{16,4096})` +
        String.raw`|${AUTHZ_ARG}(?i:token|bot|apikey|api-key|key|ssws|oauth|jwt)[ \t]{1,4}(?<secret>[A-Za-z0-9._~+/=-]{16,4096})` +
        // (Rust reqwest / Go resty style: `.bearer_auth("…")`, `.SetAuthToken("…")`.)
        String.raw`|\.(?:bearer_auth|SetAuthToken|setBearerAuth|withToken)\([ \t]{0,4}&?(?:\\{0,15}["'\x60])(?<secret>[A-Za-z0-9._~+/=-]{16,4096})(?=\\{0,15}["'\x60])` +
        // (Built in code from a literal: `"Bearer " + "…"`, `"Bearer %s" % "…"`, `"Bearer {}".format("…")`, `\`Bearer ${"…"}\``.)
        String.raw`|(?i:bearer)(?:[ \t]\\{0,15}["'\x60][ \t]{0,4}[+.]|[ \t]%s\\{0,15}["'][ \t]{0,4},|[ \t]%s\\{0,15}["'][ \t]{0,4}%[ \t]{0,4}\(?|[ \t]\{\}\\{0,15}["']\.format\(|[ \t]\$\{)[ \t]{0,4}\\{0,15}["'\x60](?<secret>[A-Za-z0-9._~+/=-]{16,4096})(?=\\{0,15}["'\x60])`,
      'y',
    ),
    valid: opaqueToken,
    generic: true,
  },
  {
    // scheme://user:password@host — the user stays readable; a token used as the user (40 hex
    // characters, or 24+ letters and digits: Azure DevOps, GitLab) goes, also with GitHub's
    // `x-oauth-basic` or an empty password after it (`https://<token>:x-oauth-basic@github.com`).
    kind: 'url_credentials',
    triggers: ['://', ':\\'],
    // A password may itself hold `@` (it runs to the last `@` before the host) and, unencoded,
    // `/`, `?` or `#` when a host name follows; a port and a path before an `@` is no password.
    // The host may be empty (`postgresql://u:p@/db?host=/cloudsql/…`, `mysql+pymysql://u:p@/db?unix_socket=…`).
    // `<` and `>` inside a password, also as Go's JSON escapes (`\u003c`, `\u003e`); at its ends they are a
    // placeholder's (`user:<password>@host`).
    regex:
      /:(?:\\{0,15}\/){2}(?:(?<secret>[0-9a-fA-F]{40}|(?=[A-Za-z_-]{0,255}\d)(?=[0-9_-]{0,255}[A-Za-z])[A-Za-z0-9_-]{24,256})(?=:(?:x-oauth-basic)?@[A-Za-z0-9][A-Za-z0-9.-]{0,252}(?:[:/?#\s"'\\<>]|$))|[^\s:/?#@"'\\<>[\]]{0,128}:(?!<|\\u003[cC])(?:(?<secret>(?:[^\s/?#"'\\]|\\u00[0-9a-fA-F]{2}){1,2048}?)(?<!>|\\u003[eE])(?=@[^\s@/?#"'\\<>]+(?:[:/?#\s"'\\<>]|$))|(?<secret>(?:[^\s"'\\]|\\u00[0-9a-fA-F]{2}){1,256}?)(?<!>|\\u003[eE])(?=@[A-Za-z0-9][A-Za-z0-9.-]{0,252}(?:[:/?#\s"'\\<>]|$))|(?<secret>(?:[^\s/?#"'\\@]|\\u00[0-9a-fA-F]{2}){1,256})(?<!>|\\u003[eE])(?=@(?:\\{0,15}\/|\?)))|(?<secret>[0-9a-fA-F]{40})(?=@)|(?=[A-Za-z_-]{0,255}\d)(?=[0-9_-]{0,255}[A-Za-z])(?<secret>[A-Za-z0-9_-]{24,256})(?=@[A-Za-z0-9][A-Za-z0-9.-]{0,252}(?:[:/?#\s"'\\<>]|$)))/y,
    valid: passwordInUrl,
    generic: true,
  },
  {
    // A URL whose `//` a path's normalising made one slash (`path.resolve('/srv/postgres://admin:pw@db/x')` is
    // `/srv/postgres:/admin:pw@db/x`): a URL scheme that takes credentials (`postgres`, `https`, `redis`, `mongodb+srv`…),
    // one slash, `user:password@host` (not `scp user@host:/srv:data@h`, `mvn:/org:name@3.1`: a review).
    kind: 'url_credentials',
    triggers: [{ lit: ':/', after: String.raw`[^/\s"'\\:@]{1,128}:[^\s/"'\\]{1,256}@[A-Za-z0-9]` }],
    regex: /(?<=(?:^|[^A-Za-z0-9+.-])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|https?|ftps?|sftp|ssh|git|smtps?|imaps?|ldaps?|mssql|sqlserver|oracle|clickhouse|cockroachdb|nats|wss?|svn|socks5h?)(?:\+[a-z0-9]{1,20})?):\/[^/\s"'\\:@]{1,128}:(?<secret>[^\s/"'\\]{1,256}?)(?=@[A-Za-z0-9][A-Za-z0-9.-]{0,252}(?:[:/?#\s"'\\<>]|$))/y,
    valid: passwordInUrl,
    generic: true,
  },
  {
    // Passwords on command lines, written out or as JSON argument arrays, quoted or not:
    // mysql / mariadb `-pSECRET` (no space: with one, -p prompts), `sshpass -p`, `docker login
    // -p`, `redis-cli -a` / `AUTH`, mongosh / sqlcmd / az `-p`, ldap* `-w`, `openssl -k` /
    // `pass:`, `zip -P`, `ssh-keygen -N`, `htpasswd -b`, `gh secret set --body`, httpie `-a
    // user:pass` and `-A bearer -a TOKEN` (also xh), smbclient `-U user%pass`, npm `:_authToken` / `config set _auth`, yarn
    // `npmAuthToken` / `npmAuthIdent`, twine `-p`, and `echo SECRET | sudo -S` /
    // `| … --password-stdin`.
    kind: 'secret_assignment',
    triggers: ['7z ', '7z"', 'mysql', 'mariadb', 'sshpass', 'docker', { lit: 'dman', back: 2 }, { lit: 'dctl', back: 3 }, 'redis-cli', '-pass', ':_auth', 'set _auth', 'npmAuthToken', 'npmAuthIdent', 'mongo', 'sqlcmd', 'cypher-shell', 'psexec', 'PsExec', 'az ', 'az"', 'ldap', 'openssl', 'zip ', 'zip"', 'ssh-keygen', 'htpasswd', 'gh ', 'gh"', 'echo ', { lit: 'ntf', back: 3, after: '[ \\t]' }, 'http ', 'https ', 'http"', 'https"', 'xh ', 'xhs ', 'xh"', 'xhs"', 'smbclient', 'twine'],
    regex: new RegExp(
      String.raw`(?:mysql(?:dump|admin)?|mariadb(?:-dump)?)(?:[ \t]|\\{0,15}")${SAME_COMMAND}{0,200}?(?<=[ \t"'])-p(?:${QUOTED}|(?<secret>[^\s"'\x60;|&\\]{3,1024}))` +
        `|(?:docker|podman|nerdctl)${ARG}login${SAME_COMMAND}{0,200}?${FLAG('(?:-p|--password)')}` +
        String.raw`|redis-cli${SAME_COMMAND}{0,200}?(?:${FLAG('-a')}|(?<=[ \t"])AUTH${ARG}(?:[^\s"'\x60;|&\\-][^\s"'\x60;|&\\]{0,63}${ARG}(?=[^\s-]))?(?:${QUOTED}|${VALUE}))` +
        String.raw`|${WORD_START}(?:mongosh|mongo(?:dump|restore|import|export|stat|top|files)?|sqlcmd|cypher-shell|psexec(?:\.exe)?|PsExec(?:64)?(?:\.exe)?)${ARG}${SAME_COMMAND}{0,200}?${FLAG('-[pP]')}` +
        `|az${ARG}login${SAME_COMMAND}{0,200}?${FLAG('(?:-p|--password)')}|az${ARG}${SAME_COMMAND}{0,200}?${FLAG('--password')}` +
        `|ldap(?:search|add|modify|delete|passwd|whoami|compare|modrdn|exop)${ARG}${SAME_COMMAND}{0,200}?${FLAG('-w')}` +
        `|openssl${ARG}${SAME_COMMAND}{0,200}?${FLAG('-k')}` +
        `|zip${ARG}${SAME_COMMAND}{0,200}?${FLAG('-P')}` +
        String.raw`|7z${ARG}${SAME_COMMAND}{0,200}?(?<=[ \t"'])-p(?:${QUOTED}|(?<secret>[^\s"'\x60;|&\\]{3,128}))` +
        // (`-N` the new passphrase, `-P` the old one.)
        `|ssh-keygen${ARG}${SAME_COMMAND}{0,200}?${FLAG('-[NP]')}` +
        String.raw`|gh${ARG}secret${ARG}set${SAME_COMMAND}{0,200}?(?:${FLAG('(?:--body|-b)')}|(?<=[ \t"'])-b(?<secret>[^\s"'\x60;|&\\-][^\s"'\x60;|&\\]{0,1023}))` +
        `|twine${ARG}(?:upload|register)${SAME_COMMAND}{0,200}?${FLAG('(?:-p|--password)')}` +
        String.raw`|htpasswd(?:${ARG}-[ac-zA-Z]{1,4})?${ARG}-[ac-zA-Z]{0,4}b[A-Za-z]{0,4}(?:${ARG}-[A-Za-z]{1,6}){0,3}${ARG}[^\s"'-][^\s"']{0,255}${ARG}[^\s"'-][^\s"']{0,127}${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|https?${ARG}${SAME_COMMAND}{0,200}?(?<=[ \t"])(?:-a|--auth)(?:=|${ARGV_SEP}|[ \t]{1,4})\\{0,15}["']?[^\s:"'@\\[]{1,128}:(?<secret>[^\s"'@\\]{1,256})` +
        // (A bearer token: `-A bearer` before or after the `-a`.)
        String.raw`|(?:https?|xhs?)${ARG}(?=${SAME_COMMAND}{0,300}?(?<=[ \t"])(?:-A|--auth-type)(?:=|${ARGV_SEP}\\{0,15}"|[ \t]{1,4})\\{0,15}["']?bearer)${SAME_COMMAND}{0,300}?(?<=[ \t"])(?:-a|--auth)(?:=|${ARGV_SEP}|[ \t]{1,4})(?:${QUOTED}|${VALUE})` +
        String.raw`|smbclient${ARG}${SAME_COMMAND}{0,200}?(?<=[ \t"])-U(?:${ARGV_SEP}|[ \t]{1,4})\\{0,15}["']?[^\s%"'\\]{1,128}%(?<secret>[^\s"'\\]{1,256})` +
        // (Also written into a file named for a secret: SECRET_FILE_SINK.)
        // (Also piped into a token reader, `| glab auth login --stdin`, `| az devops login`, or a secret store: `| gh secret set`, `| wrangler secret put`, `| gcloud secrets …`, `| docker secret create`,
        // `| pass insert -e`, `| keyring set`, `| secret-tool store`, `| podman secret create`, `| firebase functions:secrets:set`.)
        // (`printf 'x\n'` and `echo -e 'x\n'`: the value without its line end.)
        String.raw`|(?:echo[ \t]{1,4}(?:-[neE]{1,3}[ \t]{1,4})?|printf[ \t]{1,4}(?:(?:'%s(?:\\{1,15}n)?'|\\{0,15}"%s(?:\\{1,15}n)?\\{0,15}"|%s)(?:\\n)?[ \t]{1,4})?)(?:\\{0,15}(?<nq>["'])(?<secret>[^"'\\\s]{1,1024})\\{1,15}n\\{0,15}\k<nq>|${QUOTED}|${VALUE})(?=\\{0,15}["']?[ \t]{0,4}(?:${SECRET_FILE_SINK}|\|[ \t]{0,4}(?:(?<reader>)(?:sudo[ \t][^\n|;&]{0,40}?(?:-[A-RT-Za-z]{0,3}S[A-Za-z]{0,3}|--stdin)(?![A-Za-z-])|openssl[ \t]{1,4}passwd(?:[ \t]{1,4}-[\w-]{1,8}){0,3}[ \t]{1,4}-stdin(?![\w-])|(?:sudo[ \t]{1,4}(?:-\S{1,20}[ \t]{1,4}){0,3})?(?:(?<chpasswd>)chpasswd|passwd|kinit)(?![\w.-]))|${SAME_COMMAND}{0,200}?(?=[-gwdvkpfsac])(?:--password-stdin(?<reader>)|--with-token|glab[ \t]{1,4}auth[ \t]{1,4}login${SAME_COMMAND}{0,100}?--stdin|az[ \t]{1,4}devops[ \t]{1,4}login|gh[ \t]{1,4}secret[ \t]{1,4}set|pass[ \t]{1,4}(?:insert|add)|keyring[ \t]{1,4}set|secret-tool[ \t]{1,4}store|podman[ \t]{1,4}secret[ \t]{1,4}create|firebase[ \t]{1,4}functions:secrets:set|wrangler[ \t]{1,4}(?:pages[ \t]{1,4})?secret[ \t]{1,4}put|gcloud[ \t]{1,4}secrets[ \t]{1,4}(?:create|versions[ \t]{1,4}add)|docker[ \t]{1,4}secret[ \t]{1,4}create|vercel[ \t]{1,4}env[ \t]{1,4}add|kubectl[ \t]{1,4}create[ \t]{1,4}secret|dart[ \t]{1,4}pub[ \t]{1,4}token[ \t]{1,4}add|circleci[ \t]{1,4}context[ \t]{1,4}store-secret))))` +
        String.raw`|-pass(?:in|out)?[ \t]{1,4}pass:(?<secret>[^\s"'\x60;|&\\]{1,128})` +
        String.raw`|(?::_auth(?:Token)?|(?<=[ \t"])npmAuth(?:Token|Ident)|set[ \t]{1,4}_auth)${ARG}(?<secret>[^\s"'\x60;|&\\]{8,256})` +
        String.raw`|sshpass(?:[ \t]{1,4}|${ARGV_SEP}\\{0,15}")(?:-[A-Za-oq-z][^\s"]*(?:[ \t]{1,4}|${ARGV_SEP}\\{0,15}")){0,4}-p(?:${ARGV_SEP}|[ \t]{0,4})(?:${QUOTED}|(?<secret>[^\s"'\x60;|&\\]{1,128}))`,
      'y',
    ),
    // (A command substitution or reference, `"$(openssl rand -base64 12)"`, `${PW}`, is no value. What a password
    // reader reads from the pipe, `sudo -S`, `passwd`, `chpasswd`, `kinit`, `--password-stdin`, must read as a password:
    // `echo "Please set a password" | passwd` is a message; a secret store takes any value.)
    // A value written into a file named for a secret must read as a password too (`echo ok > token.txt` is a note).
    valid: (s, m) =>
      isSecretValue(s) && !s.startsWith('-') && !/\$[({]/.test(s) && (m.groups?.reader === undefined || readsAsPasswords(s, m.groups.chpasswd !== undefined)) &&
      (m.groups?.sink === undefined || (passwordLike(s) && !/^v?\d+(?:[.-]\d+)*$/.test(s))),
    generic: true,
  },
  {
    // Tokens given to publishing and CI tools by a flag of their own: `netlify … --auth`, `vsce`/`ovsx publish -p|--pat`,
    // `java -jar jenkins-cli.jar … -auth user:TOKEN`, `dotnet nuget push … -k` / `nuget push … -ApiKey`, `nuget setapikey KEY`,
    // `drone secret add … --data VALUE`, and Sonar's
    // `-Dsonar.login=` / `-Dsonar.password=` (`-Dsonar.token=squ_…` is a vendor token). Not a reference (`$NETLIFY_AUTH_TOKEN`)
    // or a file (`-auth @creds.txt`).
    kind: 'secret_assignment',
    triggers: ['netlify', 'vsce', 'ovsx', 'jenkins-cli', 'nuget', 'drone', '-Dsonar.login=', '-Dsonar.password='],
    regex: new RegExp(
      `netlify${ARG}${SAME_COMMAND}{0,200}?${FLAG('--auth')}` +
        `|(?:vsce|ovsx)${ARG}(?:publish|unpublish|verify-pat|login|create-namespace)${SAME_COMMAND}{0,200}?${FLAG('(?:-p|--pat)')}` +
        String.raw`|jenkins-cli(?:\.jar)?${SAME_COMMAND}{0,300}?(?<=[ \t"'])-auth(?:=|${ARGV_SEP}|[ \t]{1,4})\\{0,15}["']?[^\s:"'@\\$][^\s:"'\\]{0,127}:(?<secret>[^\s"'\\]{1,256})` +
        `|nuget${ARG}push${SAME_COMMAND}{0,300}?${FLAG('(?:-k|--api-key|-ApiKey)')}` +
        // (`nuget setapikey KEY -Source …` stores a feed's key: the key is the first argument.)
        String.raw`|nuget(?:\.exe)?${ARG}setapikey${ARG}(?:${QUOTED}|${VALUE})` +
        // (Drone's `secret add|update … --data VALUE`; `--data @file` is a file.)
        `|drone${ARG}(?:org)?secret${ARG}(?:add|update)${SAME_COMMAND}{0,300}?${FLAG('--data')}` +
        String.raw`|(?<=[ \t"'])-Dsonar\.(?:login|password)=(?:${QUOTED}|${VALUE})`,
      'y',
    ),
    // (Not a reference: `$NETLIFY_AUTH_TOKEN`, PowerShell's `$env:NUGET_KEY`, `%KEY%`.)
    valid: (s) => isSecretValue(s) && !/^[-@]/.test(s) && !/\$[({]/.test(s) && !/^%\w+%$/.test(s) && !/^\$(?:env:)?\w+$/i.test(s),
    generic: true,
  },
  {
    // `AUTH [user] password` typed at a `redis-cli` prompt (`127.0.0.1:6379> AUTH default …`); `redis-cli -a` is above.
    kind: 'secret_assignment',
    triggers: ['> AUTH ', '> auth '],
    regex: new RegExp(String.raw`(?<=(?:\d{1,3}(?:\.\d{1,3}){3}|localhost|\[[0-9A-Fa-f:]{2,39}\]|[A-Za-z][\w-]{0,62}(?:\.[\w-]{1,63})+):\d{2,5}(?:\[\d{1,2}\])?)>[ \t](?:AUTH|auth)[ \t]{1,4}(?:[^\s"'\x60;|&\\]{1,64}[ \t]{1,4}(?=\S))?(?:${QUOTED}|${VALUE})`, 'y'),
    valid: (s) => isSecretValue(s) && s.length >= 4,
    generic: true,
  },
  {
    // A `user:password` literal encoded to base64 by code, as for a Basic Authorization header: `btoa('admin:…')`,
    // Python's `base64.b64encode(b"admin:…")`, Node's `Buffer.from('admin:…').toString('base64')`. The password must read
    // as one (`btoa('a:b')` and `Buffer.from('key:value')` stay).
    kind: 'basic_auth',
    triggers: ['btoa(', 'b64encode(', 'Buffer.from('],
    regex: new RegExp(
      String.raw`(?:btoa|b64encode|(?<buffer>Buffer\.from))\([ \t]{0,4}[bB]?\\{0,15}(?<aq>["'\x60])(?<user>[^\s"'\x60:\\]{1,64}):(?<secret>[^\s"'\x60\\]{4,256})\\{0,15}\k<aq>` +
        String.raw`(?=(?<b64>[ \t]{0,4}\)[ \t]{0,4}\.toString\([ \t]{0,4}\\{0,15}["']base64)?)`,
      'y',
    ),
    // (Not a URL, a data: or urn: text or a header: `btoa('https://…')`, `btoa('Content-Type:application/json')`.)
    valid: (s, m) =>
      passwordLike(s) && !s.startsWith('/') && !/^(?:https?|ftp|file|data|urn|mailto|blob|javascript|ws|wss)$/i.test(m.groups?.user ?? '') &&
      !/^[A-Za-z]+(?:-[A-Za-z]+)+$/.test(m.groups?.user ?? '') && (m.groups?.buffer === undefined || m.groups?.b64 !== undefined),
    generic: true,
  },
  {
    // Values a secret store is given as NAME=VALUE, whatever the name (`creds`, `conn`, `stripe`): `kubectl` / `oc
    // create secret … --from-literal=NAME=VALUE` (each of them), and the pairs of `vault kv put|patch PATH NAME=VALUE…`,
    // `fly secrets set`, `doppler secrets set`, `infisical secrets set`, `supabase secrets set` (below). Not a file
    // (`@file`), standard input (`-`) or a reference (`$X`, `$(…)`), and only a value that reads as a password (storedValue).
    kind: 'secret_assignment',
    triggers: ['--from-literal'],
    regex: new RegExp(
      String.raw`(?<=${WORD_START}(?:kubectl|oc)${SAME_COMMAND}{1,300}?create${ARG}secret${SAME_COMMAND}{0,800}?[ \t"'])--from-literal(?:=|${ARGV_SEP}|[ \t]{1,4})\\{0,15}["']?[^\s="'\\]{1,253}=(?:${QUOTED}|${VALUE})`,
      'y',
    ),
    valid: storedValue,
    generic: true,
  },
  ...(['ecrets set', 'kv p'] as const).map(
    (requires): SecretPattern => ({
      kind: 'secret_assignment',
      // (Each pair's value: the last character of its name and its `=` trigger it, tried only on texts naming the command.)
      triggers: [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'].map((c): Trigger => ({ lit: `${c}=`, after: String.raw`(?![=\s])` })),
      requires,
      regex: new RegExp(
        String.raw`(?<=${WORD_START}(?:${requires === 'kv p' ? `(?:vault|bao)${ARG}kv${ARG}(?:put|patch)` : `(?:fly(?:ctl)?|doppler|infisical|supabase)${ARG}secrets${ARG}set`})${SAME_COMMAND}{0,600}?[ \t"'](?:\\{0,15}["'])?(?:[A-Za-z_][\w.-]{0,126})?)[\w]=(?:${QUOTED}|${VALUE})`,
        'y',
      ),
      valid: storedValue,
      generic: true,
    }),
  ),
  {
    // `sops --set '["db"]["password"] "VALUE"' file`: the value a path in the encrypted file is set to.
    kind: 'secret_assignment',
    triggers: ['--set'],
    requires: 'sops',
    regex: new RegExp(String.raw`(?<=${WORD_START}sops${SAME_COMMAND}{0,300}?)--set(?:=|[ \t]{1,4})\\{0,15}['"](?:\[[^\]\n]{1,100}\]){1,10}[ \t]{1,4}\\{0,15}"(?<secret>[^"\\\n]{1,1024})\\{0,15}"`, 'y'),
    valid: storedValue,
    generic: true,
  },
  {
    // Secrets fed on standard input to a command that reads one there, on the same command line:
    // here-strings (`sudo [-u db] -S <<< 'x' ls`, `doas -S`, `docker login --password-stdin <<< "x"`, `wrangler secret
    // put K < <(echo x)` and other process substitutions,
    // put K <<< x`, `openssl passwd -stdin`, `passwd <<< x`) and here-documents (`--password-stdin <<EOF⏎x⏎EOF`: the first
    // line, and a copy of it on the next; every `user:pass` line for chpasswd; not after `sudo -S`, whose here-document
    // is the command's input), also a here-document `cat` pipes into one (`cat <<EOF | docker login --password-stdin`;
    // into `sudo -S` only a here-document of one line), `printf '%s\n' x | sudo -S` (above),
    // and positional passwords: `openssl passwd`, `mysqladmin … password x`, `rabbitmqctl
    // change_password|add_user user x`, an `expect` script's `send "x\r"` after it expects a password prompt (comments,
    // blank and `sleep` lines between), pexpect's `sendline('x')` after `expect('[Pp]assword:')`. Each value must read as
    // a password (see passwordLike), not a word or a reference.
    kind: 'secret_assignment',
    triggers: ['sudo', 'doas', '--password-stdin', '--with-token', 'wrangler', 'passwd', 'chpasswd', 'kinit', 'gh ', 'gh"', 'openssl', 'mysqladmin', 'rabbitmqctl', 'send ', 'exp_send', 'sendline', 'send('],
    regex: new RegExp(
      String.raw`(?:${SUDO_STDIN}|${HEREDOC_READER})${ONE_LINE}{0,200}?<<<[ \t]{0,4}(?:${QUOTED}|${VALUE})` +
        // (Process substitution: `gh secret set N < <(echo -n '…')`, `docker login --password-stdin < <(printf '%s' "…")`.)
        String.raw`|(?:${SUDO_STDIN}|${HEREDOC_READER})${ONE_LINE}{0,200}?<[ \t]{0,4}<\((?:echo[ \t]{1,4}(?:-[neE]{1,3}[ \t]{1,4})?|printf[ \t]{1,4}(?:\\{0,15}['"]%s(?:\\{1,15}n)?\\{0,15}['"][ \t]{1,4})?)(?:${QUOTED}|(?<secret>[^\s"'\x60;|&\\)]{1,1024}))` +
        `|${HEREDOC_READER}${ONE_LINE}{0,200}?${HEREDOC_WORD}${ONE_LINE.replace('<', '')}{0,200}${HEREDOC_NEXT}${HEREDOC_SECRET}` +
        // (`cat <<EOF | reader …`: the reader in the pipe's next stage, `passwd [user]` as its command; the rest of its line.
        // The lookbehind runs only where a reader's first letters are: at every trigger it would cost its 200 characters.)
        String.raw`|(?=--|wr|pa|ch|ki|gh|op|sudo|doas)(?<=${WORD_START}cat[ \t]{1,4}${HEREDOC_WORD}[ \t]{0,4}\|${ONE_LINE}{0,200}?)` +
        String.raw`(?:(?:${HEREDOC_READER}|passwd(?<=\|[ \t]{0,4}(?:(?:sudo|doas)${SUDO_OPTS}[ \t]{1,4})?passwd)(?:[ \t]{1,4}[a-z_][\w.-]{0,31})?(?![\w.-]))${CMD_REST}${HEREDOC_NEXT}${HEREDOC_SECRET}` +
        // (Into `sudo -S`: a here-document of one line, not a setting such as `Listen=8080` written through `sudo -S tee`.)
        String.raw`|${SUDO_STDIN}${CMD_REST}${HEREDOC_NEXT}(?![A-Za-z_][\w.-]{0,40}[=:])(?<secret>[^\n\r\\]{1,256})(?=${HEREDOC_NEXT}\k<dl>(?!\w)))` +
        String.raw`|openssl${ARG}passwd(?:${ARG}-(?:(?:salt|in)${ARG}(?:\\{0,15}"[^"\n\\]{1,64}\\{0,15}"|'[^'\n]{1,64}'|[^\s"'\\]{1,64})|(?!(?:salt|in|stdin)\b)[\w-]{1,8})){0,4}${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|mysqladmin${SAME_COMMAND}{0,200}?(?<=[ \t"])password${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|rabbitmqctl(?:${ARG}-{1,2}[\w-]{1,20}(?:${ARG}[^\s"'-]\S{0,60})?){0,3}${ARG}(?:change_password|add_user)${ARG}(?:'[^'\n]{1,64}'|"[^"\n]{1,64}"|[^\s"'-][^\s"']{0,127})${ARG}(?:${QUOTED}|${VALUE})` +
        // (A quoted prompt ending in password / passphrase / passcode, `"*assword*"`, `"password: "`, `"Enter passphrase for key"`,
        // as the pattern of an `expect` (`expect -re "…"`, or in an expect block: `"…" { send … }`; not a `puts`), then
        // `send` / `exp_send`, also in braces or on a later line; not `"Passwords match"`.)
        String.raw`|(?=(?:exp_)?send[ \t])(?<=(?:${EXPECT_COMMAND}${PROMPT}[ \t]{0,4}\{?|${EXPECT_BLOCK_LINE}${PROMPT}[ \t]{0,4}\{)${EXPECT_GAP})(?:exp_)?send[ \t]{1,4}(?:-[-sh][ \t]{1,4})?\\{0,15}"(?<secret>(?:[^"\\\n]|\\[$\[\]{}]){1,128})(?=\\{1,15}[rn]\\{0,15}")` +
        // (pexpect: `child.expect('[Pp]assword:')` or `.expect_exact(…)`, also in a list, then `child.sendline('x')` /
        // `.send('x\n')`.)
        String.raw`|(?=send(?:line)?\()(?<=\.expect(?:_exact)?\([ \t]{0,4}(?:${PEXPECT_BEFORE})?[rbuRBU]{0,2}${PROMPT}[^)\n]{0,80}\)${PEXPECT_GAP}[\w.]{0,60}\.)send(?:line)?\([ \t]{0,4}[rbuRBU]{0,2}\\{0,15}(?<pq>["'])(?<secret>[^"'\\\n]{1,128})(?=(?:\\{1,15}[rn]){0,2}\\{0,15}\k<pq>)`,
      'y',
    ),
    valid: (s, m) => readsAsPasswords(s, /(?<![\w/.-])chpasswd(?![\w.-])/.test(m[0])),
    generic: true,
  },
  {
    // A here-document written into a file named for a secret (SECRET_FILE): `cat > ~/.vault-token <<EOF⏎…⏎EOF`, `cat
    // <<'EOF' > /etc/wireguard/private.key`, `tee …/api_token <<EOF`: its first line, when it reads as a password.
    kind: 'secret_assignment',
    triggers: ['cat ', 'cat>', 'tee '],
    regex: new RegExp(
      String.raw`${WORD_START}(?:cat[ \t]{0,4}(?:>{1,2}[ \t]{0,4}${SECRET_FILE}\\{0,15}["']?[ \t]{1,4}${HEREDOC_WORD}|${HEREDOC_WORD}[ \t]{0,4}>{1,2}[ \t]{0,4}${SECRET_FILE})|tee(?:[ \t]{1,4}-a)?[ \t]{1,4}${SECRET_FILE}\\{0,15}["']?[ \t]{1,4}${HEREDOC_WORD})` +
        String.raw`${CMD_REST}${HEREDOC_NEXT}(?<secret>[^\n\r\\]{1,256})${HEREDOC_EOL}`,
      'y',
    ),
    valid: (s) => passwordLike(s) && !/^v?\d+(?:[.-]\d+)*$/.test(s),
    generic: true,
  },
  {
    // A new password piped into `passwd` (which reads it twice) or `chpasswd` the ways the rule above does not
    // read: inside printf's format or `echo -e '…'` (`printf 'x\nx\n' | passwd`), as both arguments of a
    // two-line format (`printf '%s\n%s\n' x x`), or repeated by `yes x`. Each copy is redacted; the value must
    // read as a password (`yes | passwd`, `printf 'changeme\n…'` stay). Only on texts naming `passwd`: `yes ` and
    // `echo ` are common.
    kind: 'secret_assignment',
    triggers: [{ lit: 'ntf', back: 3, after: '[ \\t]' }, 'echo ', { lit: 'yes', after: '[ \\t]' }],
    requires: 'passwd',
    regex: new RegExp(
      String.raw`(?:printf|echo[ \t]{1,4}-[neE]{1,3})[ \t]{1,4}\\{0,15}(?<fq>["'])(?<secret>(?<pw>[^"'\\\s%]{1,128})(?:\\{1,15}n\k<pw>)?)(?=(?:\\{1,15}n)?\\{0,15}\k<fq>${TO_PASSWD})` +
        String.raw`|printf[ \t]{1,4}\\{0,15}(?<fq>["'])%s(?:\\{1,15}n)?(?:%s(?:\\{1,15}n)?)?\\{0,15}\k<fq>[ \t]{1,4}(?<aq>\\{0,15}["']?)(?<secret>(?<pw>[^\s"'\\\x60;|&]{1,128})(?:\k<aq>[ \t]{1,4}\k<aq>\k<pw>)?)(?=\k<aq>${TO_PASSWD})` +
        String.raw`|${WORD_START}yes[ \t]{1,4}(?<aq>\\{0,15}["']?)(?<secret>[^\s"'\\\x60;|&]{1,128})(?=\k<aq>${TO_PASSWD})`,
      'y',
    ),
    valid: (s, m) => readsAsPasswords(m.groups?.pw ?? s, m.groups?.chpasswd !== undefined),
    generic: true,
  },
  {
    // More command lines that carry a secret: values of commands that store one (`az keyvault secret set
    // --value`, `aws ssm put-parameter --value`, `eas secret:create --value`), single-dash password flags
    // (keytool / jarsigner `-storepass`, `-keypass`, PuTTY `-pw`, `openssl enc -K`), xfreerdp
    // `/p:`, skopeo `--creds user:pass`, `curl -u :token`, lftp `-u user,pass`, positional passwords (poetry and
    // composer `http-basic`, `htpasswd -nb`, `mc alias set`, `nmcli … password`), nginx headers named like
    // secrets, `kubeadm … --certificate-key`, and tool configs set by command: `git config github.token …` (a token,
    // password or secret under a dotted name), Bundler's `bundle config gems.example.com user:pass`, `cargo login …`.
    kind: 'secret_assignment',
    // (Each command also as the first element of a JSON argument array: `["az","keyvault",…]`.)
    triggers: [
      'Using certificate key:',
      'az ',
      'az"',
      'aws ',
      'aws"',
      { lit: 'eas', after: `${ARG}(?:env|secret):create` },
      'openssl',
      'xfreerdp',
      'lftp',
      'htpasswd',
      'mc ',
      'mc"',
      'nmcli',
      { lit: 'xy_set_header', back: 3 },
      '--certificate-key',
      'git config',
      'git"',
      'bundle config',
      'bundle"',
      'cargo login',
      'cargo"',
    ],
    regex: new RegExp(
      `(?:az${ARG}keyvault${ARG}secret${ARG}set|aws${ARG}ssm${ARG}put-parameter|eas${ARG}(?:env|secret):create)${SAME_COMMAND}{0,300}?${FLAG('--value')}` +
        String.raw`|openssl${ARG}enc${SAME_COMMAND}{0,200}?(?<=[ \t"'])-K(?:${ARGV_SEP}|[ \t]{1,4})\\{0,15}["']?(?<secret>[0-9A-Fa-f]{32,128})` +
        String.raw`|xfreerdp${SAME_COMMAND}{0,300}?(?<=[ \t"'])/p:(?:${QUOTED}|${VALUE})` +
        String.raw`|lftp${SAME_COMMAND}{0,200}?(?<=[ \t"'])-u${ARG}["']?[^\s,"'\\]{1,128},(?<secret>[^\s"'\\]{1,256})` +
        String.raw`|htpasswd${ARG}-[ac-zA-Z]{0,4}n[A-Za-z]{0,4}b[A-Za-z]{0,4}${ARG}[^\s"'-][^\s"']{0,127}${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|htpasswd${ARG}-[ac-zA-Z]{0,4}b[A-Za-z]{0,4}n[A-Za-z]{0,4}${ARG}[^\s"'-][^\s"']{0,127}${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|mc${ARG}alias${ARG}set${ARG}[^\s"'\\]{1,64}${ARG}[a-z]{2,6}:\/\/[^\s"'\\]{1,253}${ARG}[^\s"'\\]{1,128}${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|nmcli${SAME_COMMAND}{0,300}?(?<=[ \t"'])password${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|proxy_set_header[ \t]{1,8}[\w-]{0,40}(?i:token|key|secret|auth[\w-]{0,20})[ \t]{1,8}(?:${QUOTED}|(?<secret>[^\s;"'\\]{8,1024}))` +
        String.raw`|--certificate-key(?:=|[ \t]{1,4}|${ARGV_SEP}\\{0,15}")(?<secret>[0-9a-f]{64})` +
        // kubeadm's `Using certificate key:⏎<hex>`.
        `|Using certificate key:${NL}${LINE_PREFIX}(?<secret>[0-9a-f]{64})` +
        String.raw`|git${ARG}config${SAME_COMMAND}{0,100}?(?<=[ \t"'])(?:[A-Za-z0-9_-]{1,40}\.){1,3}(?i:(?:oauth|api|access)?token|password|secret)${ARG}(?![0-9]?[<>]|\))(?:${QUOTED}|${VALUE})` +
        String.raw`|bundle${ARG}config(?:${ARG}set)?(?:${ARG}--(?:local|global))?${ARG}(?:https?:\/\/)?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}(?::\d{1,5})?\/?${ARG}\\{0,15}["']?(?<secret>[^\s:"'\\[]{1,128}:(?!\/\/)[^\s"'\\]{1,256})` +
        String.raw`|cargo${ARG}login(?:${ARG}--registry(?:=|${ARG})[^\s"'\\]{1,64})?${ARG}(?:${QUOTED}|${VALUE})`,
      'y',
    ),
    // (A registry token is a long word: `cargo login [OPTIONS] [TOKEN]` is help text.)
    valid: (s, m) => isSecretValue(s) && !s.startsWith('-') && (!m[0].startsWith('cargo') || /^[A-Za-z0-9_-]{16,}$/.test(s)) && (!m[0].startsWith('git') || s.length >= 8),
    generic: true,
  },
  {
    // Flags found from themselves, with the command behind them: every pass of keytool / jarsigner, every
    // `--creds` of skopeo, eas `--value`, PuTTY `-pw`, `curl -u :token` and cookies (`-b "sid=…"`, `--cookie`), poetry /
    // composer `http-basic`, composer's `bearer.<host>` / `github-oauth.<host>` tokens, `net use … /user:`. (A rule of
    // its own: these look-behinds are tried only at their flags, and the commands' names, common words, are no triggers.)
    kind: 'secret_assignment',
    triggers: [
      '-storepass',
      '-keypass',
      '-srcstorepass',
      '-deststorepass',
      '-srckeypass',
      '-destkeypass',
      '--creds',
      '--src-creds',
      '--dest-creds',
      { lit: 'v:create', back: 2 },
      { lit: 't:create', back: 5 },
      '-pw',
      '-u :',
      '-u=:',
      '-u ":',
      '--user :',
      '--user=:',
      { lit: 'p-basic.', back: 3 },
      '/user:',
      ...[' \\\\', '"\\\\'].map((lit): Trigger => ({ lit, back: -1 })),
      ...['-b ', '-b='].map((lit): Trigger => ({ lit, after: String.raw`\\{0,15}["']?[^\s=;"'\\]{1,128}=` })),
      '-b"',
      '-b\\',
      '--cookie',
      'bearer.',
      'github-oauth.',
      'gitlab-oauth.',
      'gitlab-token.',
    ],
    regex: new RegExp(
      `(?<=(?:keytool|jarsigner)${SAME_COMMAND}{0,400})${FLAG('-(?:src|dest)?(?:store|key)pass')}` +
        String.raw`|(?<=skopeo${SAME_COMMAND}{0,400}[ \t"'])--(?:src-|dest-)?creds(?:=|[ \t]{1,4}|${ARGV_SEP}\\{0,15}")["']?[^\s:"'\\]{1,128}:(?<secret>[^\s"'\\]{1,256})` +
        `|(?<=eas${ARG})(?:env|secret):create${SAME_COMMAND}{0,300}?${FLAG('--value')}` +
        `|(?<=(?:plink|pscp|psftp)${SAME_COMMAND}{0,300})${FLAG('-pw')}` +
        String.raw`|(?<=curl${SAME_COMMAND}{0,300}[ \t"'])(?:-u|--user)(?:[ \t]{1,4}|=)["']?:(?<secret>[^\s"'@\\]{8,256})` +
        String.raw`|(?<=(?:poetry${ARG}config|composer${ARG}config(?:${ARG}--global|${ARG}-g)?)${ARG})http-basic\.[^\s"'\\]{1,253}${ARG}[^\s"'\\-][^\s"'\\]{0,127}${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|(?<=composer${ARG}config(?:${ARG}(?:--global|-g|--auth|-a)){0,2}${ARG})(?:bearer|github-oauth|gitlab-oauth|gitlab-token)\.[^\s"'\\]{1,253}${ARG}(?:${QUOTED}|${VALUE})` +
        // (A cookie string, quoted up to its closing quote, or one `name=value` word; not a cookie jar's file name.)
        String.raw`|(?<=curl${SAME_COMMAND}{0,300}[ \t"'])(?:-b|--cookie)(?:=|[ \t]{1,4}|${ARGV_SEP})(?:\\{0,15}["'](?<secret>[^\s=;"'\\]{1,128}=[^\r\n"'\\]{4,4096})|(?<secret>[^\s=;"'\\]{1,128}=[^\s"'\\;|&]{4,4096}))` +
        String.raw`|(?<=net${ARG}use${UNC_COMMAND}{0,200}[ \t"'])/user:[^\s"']{1,128}[ \t]{1,4}(?:${QUOTED}|(?<secret>[^\s"'\x60;|&\\/*][^\s"'\x60;|&\\]{0,127}))` +
        // (The password after the share, before `/user:`: `net use Z: \\host\share PASSWORD /user:DOMAIN\name`.)
        String.raw`|(?<=net${ARG}use${ARG}(?:[A-Za-z]:${ARG})?)\\{2,30}[^\s"'\\][^\s"']{0,253}${ARG}(?:${QUOTED}|(?<secret>[^\s"'\x60;|&\\/*][^\s"'\x60;|&\\]{0,127}))(?=(?:\\{0,15}["'])?${ARG}(?:\\{0,15}["'])?/(?:user|u|savecred|persistent|p):)`,
      'y',
    ),
    valid: (s) => isSecretValue(s) && !s.startsWith('-'),
    generic: true,
  },
  {
    // SQL and Redis statements that set a password: `SET PASSWORD FOR 'u'@'%' = '…'`, `IDENTIFIED WITH plugin BY
    // '…'`, Oracle's `IDENTIFIED BY word` / `"…"`, `ACL SETUSER u on >…`; SMTP's `AUTH PLAIN <base64>`.
    kind: 'secret_assignment',
    triggers: [ci('password'), ci('identified with'), ci('identified by'), { lit: 'setuser', ci: true, back: 4 }, 'AUTH PLAIN '],
    regex: new RegExp(
      String.raw`(?<=(?i:set)[ \t]{1,4})(?i:password)(?:[ \t]{1,4}(?i:for)[ \t]{1,4}[^=;\r\n]{1,160}?)?[ \t]{0,4}=[ \t]{0,4}(?:(?i:password)\()?(?:${QUOTED})` +
        String.raw`|(?i:identified[ \t]{1,4}with)[ \t]{1,4}[\w']{1,64}[ \t]{1,4}(?i:by)[ \t]{1,4}(?:${QUOTED})` +
        String.raw`|(?i:identified[ \t]{1,4}by)[ \t]{1,4}(?:\\{0,15}"(?<secret>[^"\\\r\n]{6,256})(?=\\{0,15}")|(?<secret>[A-Za-z][A-Za-z0-9_$#]{5,127})(?=[ \t]*(?:;|\r?\n|\\n|$|[ \t]{1,4}(?i:default|account|password|quota|profile|temporary))))` +
        String.raw`|(?i:acl[ \t]{1,4}setuser)${SAME_COMMAND}{0,200}?[ \t]>(?<secret>[^\s"'\\]{1,256})` +
        String.raw`|AUTH PLAIN[ \t]{1,4}(?<secret>[A-Za-z0-9+/]{8,1024}={0,2})`,
      'y',
    ),
    valid: (s, m) => isSecretValue(s) && (!/^identified/i.test(m[0]) || /^identified[ \t]+with/i.test(m[0]) || (hasDigit(s) && /[A-Za-z]/.test(s)) || /[^\w]/.test(s) || mixedCase(s) || s.length >= 12),
    generic: true,
  },
  {
    // Environment variables set by command: Windows `setx NAME value`, csh / launchctl
    // `setenv NAME value`, fish `set -gx NAME value`, a Dockerfile's old `ENV NAME value`.
    kind: 'secret_assignment',
    triggers: [ci('setx'), 'setenv', 'SetEnv', 'set -', 'ENV ', { lit: 'v:set', back: 2 }],
    regex: new RegExp(String.raw`(?:(?i:setx)(?:[ \t]{1,4}\/[Mm])?|setenv|SetEnv|(?<=netlify[ \t]{1,4})env:set|set[ \t]{1,4}-[A-Za-z]{1,4}|ENV)[ \t]{1,4}(?<pre>[A-Za-z0-9_]{0,60}?)${KEYWORD}[ \t]{1,4}(?:${QUOTED}|${UNQUOTED})`, 'y'),
    valid: (s, m) => secretKeyName(m.groups?.pre ?? '', m.groups?.key ?? '') && keywordSuffix(m.groups?.pre ?? '', m) && isSecretValue(s) && s.length >= 4,
    generic: true,
  },
  // Go MySQL DSNs (`user:pass@tcp(host:3306)/db`, `@unix(…)`) anywhere. (Rules tried only on texts holding `@tcp(` /
  // `@unix(`: their triggers, a character and a colon, are everywhere.)
  goDsn('tcp'),
  goDsn('unix'),
  {
    // …and with any protocol (`user:pass@/db`, the default) after a DSN's name (`dsn := "…"`, `DB_DSN=…`, `"dsn": …`)
    // or as `sql.Open("mysql", "…")`'s second argument.
    kind: 'url_credentials',
    triggers: [{ lit: 'dsn', ci: true, after: String.raw`[A-Za-z0-9_]{0,30}\\{0,15}["']?[ \t]{0,4}(?::=|=|:)` }, 'mysql'],
    regex: new RegExp(
      String.raw`(?:(?i:dsn)[A-Za-z0-9_]{0,30}\\{0,15}["']?[ \t]{0,4}(?::=|=|:)[ \t]{0,4}|mysql\\{0,15}["'][ \t]{0,4},[ \t]{0,4})(?:\\{0,15}["'\x60])?[^\s"'\\\x60:@/[]{1,64}:${GO_DSN_PASSWORD}(?=${GO_DSN_AT})`,
      'y',
    ),
    valid: goDsnPassword,
    generic: true,
  },
  {
    // Oracle `user/password@host`: sqlplus and JDBC thin URLs.
    kind: 'url_credentials',
    triggers: ['sqlplus', 'jdbc:oracle:', { lit: 'pdp', back: 2 }, 'sqlldr'],
    regex: /(?:(?:sqlplus|expdp|impdp|rman(?:[ \t]{1,4}target[ \t]{0,4}=?)?|sqlldr)(?:[ \t]{1,4}-[A-Za-z]{1,10})*[ \t]{1,4}["']?|jdbc:oracle:(?:thin|oci):)[A-Za-z0-9_$#.]{1,64}\/(?<secret>[^\s@"'/]{1,128})@/y,
    valid: (s) => isSecretValue(s),
    generic: true,
  },
  {
    // ODBC / ADO connection strings: `…;Uid=sa;Pwd=…;`
    kind: 'secret_assignment',
    triggers: [';pwd', ';Pwd', ';PWD'],
    regex: /;(?:pwd|Pwd|PWD)[ \t]{0,4}=[ \t]{0,4}(?<secret>[^;\s"'\\]{1,256})/y,
    valid: (s) => isSecretValue(s),
    generic: true,
  },
  {
    // .netrc (`machine h login u password p`, one line or several), SQL `IDENTIFIED BY 'p'`,
    // cookies (`Cookie: a=b; c=d`, `Set-Cookie: …`: the whole value), and `?key=` in a URL.
    kind: 'secret_assignment',
    triggers: ['password', ci('identified by'), ci('cookie'), 'Set-Cookie', ci('set-cookie'), 'Signature=', '?key=', '&key=', '?signature=', '&signature=', '?auth=', '&auth=', '?appid=', '&appid=', '?sessionid=', '&sessionid=', ';jsessionid=', '?code=', '&code=', '?tkn=', '&tkn=', 'X-Goog-Signature=', 'x-goog-signature=', 'requirepass', 'masterauth', 'npmAuthIdent', ci('x-honeycomb-team'), 'X-Honeycomb-Team', 'add-authtoken', 'ngrok authtoken'],
    regex: new RegExp(
      // (.netrc: `machine h login u password p`, the fields in any order, on one line or several,
      // in a numbered view or a JSON string.)
      String.raw`(?<=(?:^|[\s"→:+]|\d-|\\[nrt])(?:machine${NETRC_SEP}(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}|localhost)(?::\d{1,5})?${NETRC_FIELD}{0,3}|default${NETRC_FIELD}{1,3})${NETRC_SEP})password[ \t]{1,4}(?<secret>[^\s"'\\]{1,256})` +
        String.raw`|(?i:identified[ \t]{1,4}by)[ \t]{1,4}'(?<secret>[^'\s\\]{6,256})(?=')` +
        // (`Set-Cookie`: the cookie it sets, its attributes after `;` left readable, or the whole line when it joins several
        // with `, `, as Node's `headers.get('set-cookie')` does; `Cookie`: every cookie sent.)
        String.raw`|(?<=^|[\s"'{,>:→+]|\d-|\\n)(?i:set-cookie)\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}\\{0,15}["']?(?:(?<secret>[^\s=;"'\\]{1,128}=[^\r\n"'\\]{1,1024}?,[ \t]{0,4}[^\s=;,"'\\]{1,128}=[^\r\n"'\\]{1,2048})|(?<secret>[^\s=;"'\\]{1,128}=[^\r\n"'\\;]{4,4096}))` +
        String.raw`|(?<=^|[\s"'{,>:→+]|\d-|\\n)(?i:cookie)\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}\\{0,15}["']?(?<secret>[^\s=;"'\\]{1,128}=[^\r\n"'\\]{4,4096})` +
        // (`?auth=` Firebase, `&appid=` OpenWeatherMap, session ids, OAuth codes.)
        String.raw`|(?:[?&](?:key|signature|auth|appid|sessionid|code|tkn)|;jsessionid|[Xx]-[Gg]oog-[Ss]ignature)=(?<secret>[^&\s"'#<>\\?=;]{8,1024})` +
        String.raw`|(?<=[\s,])Signature=(?<secret>[0-9a-f]{64})(?![0-9a-f])` +
        // redis.conf / CONFIG SET, and CONFIG GET's `1) "requirepass"⏎2) "…"`
        String.raw`|(?:requirepass|masterauth)(?:"?\r?\n2\)[ \t]{1,4}|[ \t]{1,4})(?:${QUOTED}|${VALUE})` +
        // .yarnrc.yml `npmAuthIdent: "user:pass"` (or its base64), Honeycomb keys in OTLP headers, `ngrok config add-authtoken …`
        // and the older `ngrok authtoken …`
        String.raw`|npmAuthIdent\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}\\{0,15}["']?(?:[^\s:"'\\[]{1,128}:(?<secret>[^\s"'\\]{1,256})|(?<secret>[A-Za-z0-9+/]{8,1024}={0,2})(?![A-Za-z0-9+/=:]))` +
        String.raw`|(?i:x-honeycomb-team)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?(?<secret>[A-Za-z0-9]{20,64})` +
        String.raw`|(?:add-authtoken|ngrok[ \t]{1,4}authtoken)[ \t]{1,4}${VALUE}`,
      'y',
    ),
    valid: (s, m) =>
      isSecretValue(s) &&
      (!/^(?:[?&](?:key|signature|auth|appid|sessionid|code|tkn)|;jsessionid|[Xx]-[Gg]oog-[Ss]ignature)=/.test(m[0]) ||
        (/^[?&]code=/.test(m[0])
          ? /^[A-Za-z0-9_%.~/-]{20,}$/.test(s) && hasDigit(s) && mixedCase(s) && !/^[\w.-]+(?:\/[\w.-]+)+$/.test(s.replace(/^\d\//, ''))
          : /^[A-Za-z0-9_%.~-]{16,}$/.test(s) && hasDigit(s) && /[A-Za-z]/.test(s))) &&
      (!/^(?:requirepass|masterauth)/.test(m[0]) || (s.length >= 6 && !/^[a-z]+$/.test(s))) &&
      // (A `Set-Cookie` that sets no session or token cookie, `theme=dark; Path=/`, stays readable, as in HAR files.)
      (!/^set-cookie/i.test(m[0]) || cookieHeaderSecret(s, true)),
    generic: true,
  },
  {
    // A secret-named field holding a one-item list, as form and header maps print: Django's QueryDict and Python's
    // parse_qs (`'password': ['…']`), Go's url.Values and http.Header (`map[password:[…] X-Api-Key:[…]]`), zap's
    // `"X-Api-Key":["…"]`, Java's MultiValueMap (`{password=[…]}`), Node's and Ruby's header arrays (`'x-api-key': [ '…' ]`,
    // `"X-Api-Key"=>["…"]`), a tuple (`('…',)`); and go-spew's `Password: (string) (len=16) "…"` (testify's diffs).
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(
      `${KEYWORD}(?:\\\\{0,15}["'])?[ \\t]{0,4}(?::|=>|=)[ \\t]{0,4}` +
        `(?:\\(string\\)[ \\t]\\(len=\\d{1,6}\\)[ \\t](?:${QUOTED})` +
        `|(?:\\[\\]string\\{|[[(])(?!REDACTED:|-)${LIST_GAP}(?:${QUOTED}|(?<secret>[^\\s"'\\[\\](){},\\\\]{1,1024}))(?=(?:\\\\{0,15}["'])?${LIST_GAP},?${LIST_GAP}[\\])}]))`,
      'y',
    ),
    // (Not what validation errors and rule lists hold: `{'password': ['This field is required.']}`, `['password_too_short']`,
    // Laravel's `'password' => ['confirmed']`, `['required|min:8']`, a translation `['Passwort']`.)
    valid: (s, m, text, start, end) =>
      !/\s/.test(s) && !s.includes('|') && !/^[a-z]+(?:_[a-z]+)+$/.test(s) && !/^[A-Za-z][a-z]+$/.test(s) && !/^[a-z_]+:[\w,.-]+$/.test(s) && assignmentName(s, m, text, start, end, '='),
    generic: true,
  },
  {
    // ioredis' ReplyError on every WRONGPASS / NOAUTH: `command: { name: 'auth', args: [ 'default', '…' ] }` (also as JSON).
    kind: 'secret_assignment',
    triggers: ["name: 'auth'", 'name: "auth"', '"name":"auth"', '\\"name\\":\\"auth\\"'],
    regex: new RegExp(String.raw`\\{0,15}"?name\\{0,15}"?:[ \t]{0,4}\\{0,15}["']auth\\{0,15}["'],${LIST_GAP}\\{0,15}"?args\\{0,15}"?:[ \t]{0,4}\[${LIST_GAP}(?:\\{0,15}["'][^"'\\\r\n]{0,64}\\{0,15}["'],${LIST_GAP})?(?:${QUOTED})(?=\\{0,15}["']?${LIST_GAP}\])`, 'y'),
    valid: (s) => isSecretValue(s) && s.length >= 4,
    generic: true,
  },
  {
    // A request's cookies under the names servers give the header: Django's `request.META['HTTP_COOKIE']`, an ASGI
    // scope's `(b'cookie', b'…')`.
    kind: 'secret_assignment',
    triggers: ['HTTP_COOKIE', "b'cookie'"],
    regex: /(?:HTTP_COOKIE\\{0,15}["']?[ \t]{0,4}(?::|=>|=)|b'cookie',)[ \t]{0,4}b?\\{0,15}["'](?<secret>[^\s=;"'\\]{1,128}=[^\r\n"'\\]{4,4096})(?=\\{0,15}["'])/y,
    valid: (s) => isSecretValue(s) && cookieHeaderSecret(s, false),
    generic: true,
  },
  {
    // A value that its neighbours say is secret: an SSM SecureString, a 1Password concealed field, an Azure Key
    // Vault secret (`"value": …`); Doppler's `--json` (`"computed"` / `"raw"` beside their visibility or note);
    // terraform state's `random_password` / `random_string` `"result"`, and `plaintext_value`.
    kind: 'secret_assignment',
    triggers: [
      // (At the key's last letters and its closing quote: `"v`, `"c`, `"r`, `"e` start too many JSON keys.)
      ...(['ue', 'UE', 'aw', 'lt'] as const).flatMap((end): Trigger[] => {
        const back = { ue: 3, UE: 3, aw: 1, lt: 4 }[end];
        return [
          { lit: `${end}"`, back, after: '[ \\t]{0,4}:' },
          { lit: `${end}\\`, back, after: String.raw`\\{0,14}"[ \t]{0,4}:` },
        ];
      }),
      { lit: 'mputed', back: 2, after: String.raw`\\{0,15}"[ \t]{0,4}:` },
      { lit: 'xt_value', back: 7, after: String.raw`\\{0,15}"[ \t]{0,4}:` },
      ...['coded"', 'coded\\'].map((lit): Trigger => ({ lit, back: 2, after: String.raw`\\{0,15}"?[ \t]{0,4}:` })),
    ],
    regex: /(?:"|(?<="))(?<key>value|Value|VALUE|computed|raw|result|plaintext_value|encoded)\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?<secret>[^"\\\r\n]{4,8192})(?=\\{0,15}")/y,
    valid: (s, m, text, start) => {
      const near = (before: number, after: number) => text.slice(Math.max(0, start - before), start + after);
      const key = m.groups?.key ?? '';
      // A browser cookie by name (HAR, Playwright's storageState): a session or token cookie's value (also PHP's,
      // Java's and ASP.NET's session ids, `laravel_session`, `appSession`, `auth`, `cf_clearance`), and a whole
      // `Cookie` or `Set-Cookie` header.
      const cookie = !/^value$/i.test(key) ? null : /"name\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?:(?<header>(?:set-)?cookie)|(?:[\w.-]{0,40}[_.-])?(?:sess(?:ion)?(?:[_-]?id)?|sid|jwt|(?:auth|access|refresh|id|csrf|xsrf)?[_-]?token|myacinfo)|(?:php|j)sess(?:ion)?id|asp\.net_sessionid|cf_clearance|wordpress_logged_in_[0-9a-f]{0,32}|(?<bare>[\w.-]{0,40}session|auth))\\{0,15}"[ \t]{0,4},[ \t]{0,4}(?:\r?\n|\\+n)?[ \t]{0,40}\\{0,15}"$/i.exec(near(120, 0).slice(0, -1) + (text[start - 1] === '"' ? '"' : ''));
      if (!isSecretValue(s) || notData(s) || (/\s/.test(s) && !cookie?.groups?.header)) return false;
      if (cookie) {
        // A `Set-Cookie` header: when it sets a session or token cookie, or a value that reads as one (not `theme=dark`).
        if (/^set-/i.test(cookie.groups?.header ?? '')) return cookieHeaderSecret(s, true);
        if (cookie.groups?.header) return s.length >= 8;
        // (Names as bare as `auth` or `appSession` name a cookie only among a cookie's fields, `"domain"`, `"path"`…;
        // elsewhere they are a package, a class, a setting.)
        if (cookie.groups?.bare && !/\\{0,15}"(?:domain|path|httpOnly|expires|sameSite|secure)\\{0,15}"[ \t]{0,4}:/.test(near(300, 300))) return false;
        return cookieTokenLike(s);
      }
      if (key === 'plaintext_value') return true;
      // A value Terraform marks sensitive (`terraform output -json`: `"sensitive": true, "type": "string", "value": "…"`).
      if (key === 'value' && /"sensitive\\{0,15}"[ \t]{0,4}:[ \t]{0,4}true[^{}]{0,200}$/.test(near(300, 0))) return true;
      // Postman's API-key auth: `"apikey": [{"key": "value", "value": "…"}, {"key": "key", "value": "X-API-Key"}]`.
      if (key === 'value' && /"apikey\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\[[^\]]{0,300}"key\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"value\\{0,15}"[ \t]{0,4},[^{}[\]]{0,80}$/.test(near(400, 0))) return true;
      if (key === 'encoded') return /"api_key\\{0,15}"/.test(near(400, 400));
      if (key === 'result') return /random_(?:password|string)\\{0,15}"/.test(near(1500, 0));
      if (key === 'computed' || key === 'raw') return /(?:computed|raw)Visibility|"note\\{0,15}"[ \t]{0,4}:/.test(near(300, 300));
      return /SecureString|CONCEALED|purpose\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"PASSWORD|\.vault\.azure\.net\/secrets\//.test(near(800, 800));
    },
    generic: true,
  },
  {
    // Credentials keyed by host: Bundler (`BUNDLE_GEMS__EXAMPLE__COM: "user:pass"`), Composer's auth.json
    // (`"github-oauth": {"github.com": "…"}`, `gitlab-token`, `bearer`), NuGet API keys (`<add key="https://…"
    // value="…" />`), and Maven's HTTP header tokens (`<name>Private-Token</name>⏎<value>…</value>`); also XML a name says is
    // secret: .NET settings (`<setting name="ApiToken" …>⏎<value>…</value>`), a password element with attributes
    // (`<wsse:Password Type="…#PasswordText">…</wsse:Password>`) and a Windows answer file's `<Password><Value>…</Value>`.
    kind: 'secret_assignment',
    triggers: [
      'BUNDLE_', 'github-oauth', 'gitlab-oauth', 'gitlab-token', '"bearer', '<add key=', '<name>', '<key>', '<setting name=',
      ...[':Password ', ':password ', '<Password ', '<password '].map((lit): Trigger => ({ lit, after: String.raw`[\w:.-]{1,40}=` })),
      { lit: 'Password>', after: String.raw`(?:[ \t\r\n+-]|\\{1,15}[nrt]|\d{1,7}→){0,60}<Value>` },
    ],
    regex: new RegExp(
      String.raw`BUNDLE_[A-Z0-9_]{1,100}__[A-Z0-9]{2,24}(?:\\{0,15}["'])?[ \t]{0,4}[:=][ \t]{0,4}\\{0,15}["']?(?<secret>[^\s"'\\]{6,512})` +
        String.raw`|(?:(?<=")(?:github-oauth|gitlab-oauth|gitlab-token)|"bearer)\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\{${JSON_SEP}\\{0,15}"[A-Za-z0-9.:-]{1,253}\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?<secret>[^"\\\s]{8,512})(?=\\{0,15}")` +
        String.raw`|<add key=\\{0,15}"https?:\/\/[^"\\\s]{1,300}\\{0,15}"[ \t]{1,4}value=\\{0,15}"(?<secret>[^"\\\s]{16,1024})(?=\\{0,15}")` +
        String.raw`|<(?<tag>name|key)>[A-Za-z0-9_-]{0,40}(?i:token|password|secret|api[_-]?key|art-api)<\/\k<tag>>${DIFF_JSON_SEP}<(?:value|string)>(?<secret>[^<\s]{4,1024})(?=<\/(?:value|string)>)` +
        String.raw`|<setting[ \t]{1,4}name=\\{0,15}"[A-Za-z0-9_.-]{0,40}(?i:token|password|passwd|pwd|secret|api[_-]?key)\\{0,15}"[^<>\r\n]{0,200}>${DIFF_JSON_SEP}<value>(?<secret>[^<\s]{4,1024})(?=<\/value>)` +
        // (The attributes' values are quoted: each character has one way to match.)
        String.raw`|(?:<|(?<=<[A-Za-z][\w-]{0,20}):)(?i:password)(?:[ \t]{1,4}[\w:.-]{1,40}=\\{0,15}"[^"\\<>\r\n]{0,300}\\{0,15}"){1,4}[ \t]{0,4}>(?<secret>[^<\s]{4,1024})(?=<\/)` +
        // (Windows answer files: `<Password>⏎<Value>…</Value>`, `<AdministratorPassword>`, `<AutoLogon>…<Password>`.)
        String.raw`|(?<=<[A-Za-z]{0,30})Password>${DIFF_JSON_SEP}<Value>(?<secret>[^<\s]{4,1024})(?=<\/Value>)`,
      'y',
    ),
    valid: (s) => isSecretValue(s) && !notData(s),
    generic: true,
  },
  {
    // Values that say by their command that they are secret: PowerShell's `ConvertTo-SecureString "…"
    // -AsPlainText`, also piped into it (`'…' | ConvertTo-SecureString -AsPlainText -Force`: the value read behind the
    // trigger, in the lookbehind), and what a GitHub Actions step masks (`::add-mask::…`).
    kind: 'secret_assignment',
    triggers: ['ConvertTo-SecureString', '::add-mask::'],
    regex: new RegExp(
      String.raw`ConvertTo-SecureString(?:[ \t]{1,4}-(?:String|AsPlainText|Force)){0,3}[ \t]{1,4}(?:${QUOTED})` +
        String.raw`|(?<=(?:^|[\s(=;])(?:'(?<secret>[^'\r\n]{1,256})'|\\{0,15}"(?<secret>[^"\\\r\n\x60$]{1,256})\\{0,15}")[ \t]{0,4}\|[ \t]{0,4})ConvertTo-SecureString(?=[^\n|;]{0,200}-AsPlainText)` +
        String.raw`|::add-mask::(?<secret>[^\s"'\\]{4,1024})`,
      'y',
    ),
    valid: (s) => isSecretValue(s),
    generic: true,
  },
  {
    // CI logging commands that set a secret: Azure Pipelines' `##vso[task.setsecret]…` and `##vso[task.setvariable
    // variable=NAME;issecret=true]…` (or under a secret's name), GitHub Actions' old `::set-output name=db_password::…`.
    kind: 'secret_assignment',
    triggers: ['##vso[task.set', '::set-output name='],
    regex: new RegExp(
      String.raw`##vso\[task\.set(?:secret|variable(?<props>[ \t]{1,4}[^\]\r\n\\]{1,300}))\](?<secret>[^\s"'\\]{4,1024})` +
        String.raw`|::set-output name=(?<name>[\w.-]{1,100})::(?<secret>[^\s"'\\]{4,1024})`,
      'y',
    ),
    valid: (s, m) => {
      if (!isSecretValue(s) || /\$[({]/.test(s)) return false;
      const props = m.groups?.props;
      const name = m.groups?.name ?? (props === undefined ? undefined : /variable=([\w.-]{1,100})/i.exec(props)?.[1]);
      return (props === undefined && name === undefined) || /(?:^|;)[ \t]*issecret=true/i.test(props ?? '') || (name !== undefined && SECRET_LAST_NAME.test(name));
    },
    generic: true,
  },
  {
    // What a first start prints once: Jenkins' `Please use the following password to proceed to installation:`, two
    // blank lines, then the password; `elasticsearch-setup-passwords auto`'s `PASSWORD elastic = …` lines.
    kind: 'secret_assignment',
    triggers: ['following password to proceed to installation:', { lit: 'PASSWORD ', after: `${ES_USERS} = ` }],
    regex: new RegExp(
      String.raw`following password to proceed to installation:(?:[ \t]|${NL}|\d{1,7}→){1,40}(?<secret>[0-9a-f]{32})(?![0-9a-f])` +
        String.raw`|(?<=(?:^|${NL})[ \t]{0,8}(?:\d{1,7}→)?)PASSWORD ${ES_USERS} = (?<secret>[^\s"'\\]{4,256})`,
      'y',
    ),
    valid: (s) => isSecretValue(s),
    generic: true,
  },
  {
    // A Jenkins job's password parameter keeps its default in the clear (`<hudson.model.PasswordParameterDefinition>` …
    // `<defaultValue>…</defaultValue>`).
    kind: 'secret_assignment',
    triggers: ['PasswordParameterDefinition>'],
    regex: /PasswordParameterDefinition>(?:[^<]|<(?!\/?[\w.]{0,60}PasswordParameterDefinition>|defaultValue>)){0,600}<defaultValue>(?<secret>[^<\s]{4,1024})(?=<\/defaultValue>)/y,
    valid: (s) => isSecretValue(s),
    generic: true,
  },
  {
    // A connection string's password in braces, the way ODBC, ADO.NET and the SQL Server JDBC driver escape `;` and
    // other symbols (`Password={Hq7v!B2x;K9m};`, `PWD={…}`; `}}` is a brace inside). Not a format string's field
    // (`password={password}`, `{self.pw}`) nor a template's (`{{ pw }}`).
    kind: 'secret_assignment',
    triggers: [{ lit: 'password={', ci: true }, { lit: 'pwd={', ci: true }],
    // (A connection string's item ends at `;`, a quote or the line's end: JSX `password={pw ?? ""} />` is code.)
    regex: /(?:password|pwd)=\{(?!\{)(?<secret>(?:[^}\r\n\\]|\}\}){1,256})\}(?!\})(?=[;"'\\\r\n]|$)/iy,
    valid: (s) => {
      // (A format string's field: `{password!r}`, `{password:>20}`.)
      const field = s.replace(/![rsa]$|:[^:]{0,20}$/, '');
      return isSecretValue(s) && s.length >= 4 && (!/^[A-Za-z_$][\w$.]*(?:\[[^\]]*\]|\([^)]*\))*$/.test(field) || generatedShort(s) || randomLetters(s)) && !/\?\?|\|\||&&|\?\./.test(s) && !/^\d{1,3}$/.test(s);
    },
    generic: true,
  },
  {
    // Weights & Biases' legacy keys (40 hex, `local-` and 40 hex on a self-hosted server) as `wandb login` takes them, also
    // after options (`--relogin`, `--host URL`) and as `wandb.login(key="…")`.
    kind: 'wandb',
    triggers: ['wandb'],
    regex: new RegExp(
      // (The key is the first word after the options, `--host URL` taking a value: not a commit id later on the line.)
      String.raw`wandb${ARG}login(?:[ \t]{1,4}--?[a-z][\w-]{0,20}(?:[ =][^\s-][^\s"'#]{0,200})?){0,4}[ \t]{1,4}(?<secret>(?:local-)?[0-9a-f]{40})(?![0-9a-z])` +
        String.raw`|wandb\.login\([^)]{0,200}?(?<![\w])key[ \t]{0,4}=[ \t]{0,4}(?:${QUOTED})`,
      'y',
    ),
    valid: (s) => isSecretValue(s) && s.length >= 20,
  },
  {
    // Supabase CLI commands given the database password by `-p` (`supabase db push -p …`, `supabase link -p …`).
    kind: 'secret_assignment',
    triggers: ['supabase'],
    regex: new RegExp(`supabase${ARG}(?:db${ARG}(?:push|pull|dump|reset|diff|lint)|link|migration${ARG}[a-z]{2,12}|inspect${ARG}db${ARG}[a-z-]{2,30})${SAME_COMMAND}{0,300}?${FLAG('-p')}`, 'y'),
    valid: (s) => isSecretValue(s) && !/^[-@]/.test(s) && !/\$[({]/.test(s),
    generic: true,
  },
  {
    // A CLI's two-column table with a label of words in capitals (auth0's `apps create` / `apps show --reveal-secrets`:
    // `  CLIENT SECRET    …`): a generated value alone after the label.
    kind: 'secret_assignment',
    triggers: ['CLIENT SECRET', 'SIGNING SECRET', 'API SECRET', 'SECRET KEY', 'ACCESS TOKEN'].map((lit): Trigger => ({ lit, after: String.raw`[ \t]{2,40}[^\s"'\\]{16}` })),
    regex: new RegExp(String.raw`(?<=(?:^|${NL}|")[ \t]{0,8}(?:\d{1,7}→)?[ \t]{0,8})(?:CLIENT SECRET|SIGNING SECRET|API SECRET|SECRET KEY|ACCESS TOKEN)[ \t]{2,40}(?<secret>[^\s"'\\]{16,512})(?=[ \t]{0,40}(?:$|${NL}|\\{0,15}"))`, 'y'),
    // (Not a path, a scope list or words joined up: `src/main/app_1.yaml`, `read:packages,write:packages_2`, `HKEY_LOCAL_MACHINE_X1`.)
    valid: (s) => isSecretValue(s) && !/[/:,]/.test(s) && (generatedShort(s) || generated(s) || (s.length >= 24 && hasDigit(s) && /[A-Za-z]/.test(s) && /[_-]/.test(s) && !/^[a-z0-9-]+$/.test(s) && !/^(?:[A-Za-z]+[_-])+[A-Za-z0-9]+$/.test(s))),
    generic: true,
  },
  {
    // A conda channel's token in its URL (`https://conda.anaconda.org/t/<token>/acme`, a private server's `…/t/<token>/…`).
    kind: 'secret_assignment',
    triggers: [{ lit: '/t/', after: String.raw`[A-Za-z0-9_-]{16,256}\/` }],
    regex: /\/t\/(?<secret>[A-Za-z0-9_-]{16,256})(?=\/)/y,
    valid: (s, _m, text, start) => /conda[\w.-]{0,60}(?::\d{1,5})?$/i.test(text.slice(Math.max(0, start - 80), start)) && (generatedShort(s) || /^[a-z]{2}-[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(s)),
    generic: true,
  },
  {
    // sbt's `Credentials("realm", "host", "user", "…")`: the password is the fourth argument.
    kind: 'secret_assignment',
    triggers: ['Credentials('],
    regex: /(?<![\w.])Credentials\((?:[ \t]{0,4}\\{0,15}"[^"\\\r\n]{0,200}\\{0,15}"[ \t]{0,4},){3}[ \t]{0,4}\\{0,15}"(?<secret>[^"\\\r\n]{4,512})(?=\\{0,15}"[ \t]{0,4}\))/y,
    valid: (s) => isSecretValue(s) && !/\$\{/.test(s),
    generic: true,
  },
  {
    // Yarn 1's `.yarnrc`: `key "value"` with a blank and no `=` (`"//registry.yarnpkg.com/:_authToken" "…"`,
    // `_auth "…"`, `"//npm.acme.io/:_password" "…"`).
    kind: 'secret_assignment',
    triggers: [
      { lit: '_auth', after: String.raw`(?:Token)?\\{0,15}"?[ \t]{1,4}\\{0,15}"` },
      { lit: '_password', after: String.raw`\\{0,15}"?[ \t]{1,4}\\{0,15}"` },
    ],
    // (The key is a word of its own, or ends its registry's path: `log_auth "Authenticating"` in a script is a call.)
    regex: /(?<![\w$])_(?:authToken|auth|password)\\{0,15}"?[ \t]{1,4}\\{0,15}"(?<secret>[^"\\\s]{8,1024})(?=\\{0,15}")/y,
    valid: (s) => isSecretValue(s) && !/\$[({]/.test(s),
    generic: true,
  },
  {
    // A Netscape cookies.txt row (`curl -c`, yt-dlp, browser exports): domain, subdomains flag, path, secure flag,
    // expiry, name, value. The trigger is the secure flag with the expiry after it.
    kind: 'secret_assignment',
    triggers: ['TRUE', 'FALSE'].map((lit): Trigger => ({ lit, after: String.raw`${TAB}\d{1,12}${TAB}` })),
    regex: new RegExp(String.raw`(?<=(?:TRUE|FALSE)${TAB}\/[^\s\\]{0,1024}${TAB})(?:TRUE|FALSE)${TAB}\d{1,12}${TAB}[^\s\\]{1,256}${TAB}(?<secret>[^\s\\]{1,4096})`, 'y'),
    valid: (s) => isSecretValue(s) && s.length >= 8,
    generic: true,
  },
  {
    // A password as a call's second argument after a user name, both quoted: Python's `auth=("admin", "…")` (requests,
    // httpx) and `HTTPBasicAuth("admin", "…")` / `HTTPDigestAuth(…)`.
    kind: 'secret_assignment',
    triggers: ['auth=(', 'auth = (', 'BasicAuth(', 'DigestAuth('],
    regex: new RegExp(String.raw`(?:${WORD_START}auth[ \t]{0,4}=[ \t]{0,4}\(|(?:Basic|Digest)Auth\()[ \t]{0,4}[rbu]?\\{0,15}["'][^"'\\\r\n]{1,128}\\{0,15}["'][ \t]{0,4},[ \t]{0,4}(?:${QUOTED})`, 'y'),
    valid: (s) => isSecretValue(s) && chosenPassword(s),
    generic: true,
  },
  {
    // A generated token as a client's `auth` option (Octokit's `new Octokit({ auth: "…" })`, `"auth": "token …"`); a
    // Docker `auth` (base64 of `user:pass`) is the Basic rule's.
    kind: 'bearer',
    triggers: [{ lit: 'auth', after: String.raw`\\{0,15}["']?[ \t]{0,4}:` }],
    regex: /(?<=["'\s{,(])auth\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}\\{0,15}["'\x60](?:(?i:token|bearer)[ \t]{1,4})?(?<secret>[A-Za-z0-9._~+/=-]{20,4096})(?=\\{0,15}["'\x60])/y,
    valid: (s) => isSecretValue(s) && (generated(s) || /^[0-9a-f]{40}$/.test(s)),
    generic: true,
  },
  {
    // A Kubernetes Secret's `data` (`kubectl get secret -o yaml|json`): every value is a secret, in base64, under
    // any name (`dsn`, `connection-string`). A value counts when it decodes to text and a `kind: Secret` is near.
    kind: 'secret_assignment',
    // (Also compact, one line of JSON as `jq -c` or an MCP tool prints it: `{"data":{"AUTH":"…"},"kind":"Secret"}`.)
    triggers: [
      { lit: ': ', after: String.raw`\\{0,15}"?[A-Za-z0-9+/]{6,}={0,2}(?:\\{0,15}"|[ \t]*(?:\r?\n|\\+[rn]|$))` },
      { lit: '":', after: String.raw`\\{0,15}"[A-Za-z0-9+/]{6,}={0,2}\\{0,15}"` },
    ],
    requires: 'Secret',
    regex: /(?:: |":)\\{0,15}"?(?<secret>[A-Za-z0-9+/]{6,8192}={0,2})(?=\\{0,15}"|[ \t]*(?:\r?\n|\\+[rn]|$))/y,
    valid: (s, _m, text, start) => {
      if (s.length < 8 || s.length % 4 !== 0 || !/^[\t\n\r\x20-\x7e]+$/.test(base64Text(s))) return false;
      // (Names that say what the value is stay readable: `username: YWRtaW4=`, a certificate's `ca.crt`.)
      const name = /([\w.-]+)\\{0,15}"?$/.exec(text.slice(Math.max(0, start - 80), start))?.[1] ?? '';
      if (/^(?:user(?:name)?|login|e-?mail|host(?:name)?|port|db|dbname|database|namespace|region|ca|[\w.-]*\.(?:crt|cert|pub))$/i.test(name)) return false;
      const near = text.slice(Math.max(0, start - 4000), start + 4000);
      return /(?:\b|(?<=\\[nrt]))kind\\{0,15}"?[ \t]{0,4}:[ \t]{0,4}\\{0,15}"?Secret\b/.test(near) && /(?:^|[\s"{,→]|\\[nrt])data\\{0,15}"?[ \t]{0,4}:/.test(text.slice(Math.max(0, start - 4000), start));
    },
    generic: true,
  },
  {
    // An env file's `UPPER_NAME=<generated value>` under any name (`JWT_SIGNING=`, `VAPID_PRIVATE=`,
    // `STRIPE_SK=`): a line of its own whose value is 24+ characters of a token's alphabet in both cases
    // with digits, switching between them like random text does.
    kind: 'secret_assignment',
    // (Triggers: the name's last character and the `=`, then a long run of token characters.)
    triggers: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].map((c): Trigger => ({ lit: `${c}=`, after: String.raw`(?:\\{0,15}["'])?[A-Za-z0-9+/=_~-]{24}` })),
    // (The name is looked for behind first, and the value taken whole: a long run of `x2=x2=…` is no work.)
    regex:
      /(?<=(?:^|[^\w.-]|\\[nrt])[A-Z_][A-Z0-9_]{0,80})[A-Z0-9]=(?:(?<q>\\{0,15}["'])(?=(?<secret>[A-Za-z0-9+/_~-]{24,1024}={0,2}))\k<secret>(?=\k<q>[ \t]*(?:\r?\n|\\+[rn"]|"|$))|(?=(?<secret>[A-Za-z0-9+/_~-]{24,1024}={0,2}))\k<secret>(?=[ \t]*(?:\r?\n|\\+[rn"]|"|$)|(?<inList>[ \]])))/y,
    // (Also in Go's print of a list, one line: `docker inspect -f '{{.Config.Env}}'` prints `[PATH=/usr/bin API_SIGNING=… X=1]`.)
    valid: (s, m, text, start) => {
      const ks = keyNameStart(text, start + 1);
      const name = text.slice(ks, start + 1);
      // (Not ids and names — `OKTA_CLIENT_ID`, `HF_MODEL_ID`, `BRANCH` — nor what a browser is given by design:
      // `NEXT_PUBLIC_*`, `VITE_*`, a CAPTCHA's site key.)
      if (NO_SECRET_NAME.test(name)) return false;
      // (A value a blank ends: in a Go list, or the environment a command line gives the command after it:
      // `API_SIGNING=… node server.js`.)
      const placed = m.groups?.inList === undefined ? atLineStart(text, ks) : inGoEnvList(text, ks) || (m.groups.inList === ' ' && commandEnvStart(text, ks));
      return UPPER_NAME.test(name) && /^[A-Z]/.test(text[ks] ?? '') && placed && !s.startsWith('-') && !NOT_A_SECRET_ID.test(s) && generated(s.replace(/=+$/, ''));
    },
    generic: true,
  },
  {
    // And in a table's row, `│ SESSION_SIGNING │ … │` (doppler, infisical, railway print their secrets so; Markdown's `|`).
    kind: 'secret_assignment',
    // (Triggers are ASCII: the box-drawn rows are read by upperNameRowHits, where the scan saw a box's bar.)
    triggers: [{ lit: '| ', after: String.raw`[ \t]{0,3}[A-Z][A-Z0-9_]{2,80}[ \t]{1,60}[│|║┃][ \t]{1,4}[A-Za-z0-9+/_~-]{24}` }],
    regex: new RegExp(UPPER_NAME_ROW.source, 'y'),
    valid: upperNameRow,
    generic: true,
  },
  {
    // The same under an UPPER_NAME in other layouts: a JSON map (`{"SESSION_SIGNING": "…"}`: `heroku config --json`, an
    // `"env": {…}` block of settings) and `NAME:<blanks>value` on a line of its own (`heroku config`).
    kind: 'secret_assignment',
    triggers: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].flatMap((c): Trigger[] => [
      ...['"', "'"].flatMap((q): Trigger[] => [
        { lit: `${c}${q}:`, after: String.raw`[ \t]{0,4}${q}[A-Za-z0-9+/_~-]{24}` },
        { lit: `${c}${q} :`, after: String.raw`[ \t]{0,4}${q}[A-Za-z0-9+/_~-]{24}` },
      ]),
      { lit: `${c}\\":`, after: String.raw`[ \t]{0,4}\\{1,15}"[A-Za-z0-9+/_~-]{24}` },
      { lit: `${c}:`, after: String.raw`[ \t]{2,40}[A-Za-z0-9+/_~-]{24}` },
    ]),
    regex:
      /(?<=(?:^|[^\w.-]|\\[nrt])[A-Z_][A-Z0-9_]{0,80})[A-Z0-9](?:(?<q>\\{0,15})(?<qc>["'])[ \t]{0,4}:[ \t]{0,4}\k<q>\k<qc>(?=(?<secret>[A-Za-z0-9+/_~-]{24,1024}={0,2})\k<q>\k<qc>)\k<secret>|:[ \t]{2,40}(?=(?<secret>[A-Za-z0-9+/_~-]{24,1024}={0,2})[ \t]*(?:\r?\n|\\+[rn]|$))\k<secret>)/y,
    valid: (s, m, text, start) => {
      const ks = keyNameStart(text, start + 1);
      const name = text.slice(ks, start + 1);
      if (!UPPER_NAME.test(name) || !/^[A-Z]/.test(name) || NO_SECRET_NAME.test(name) || NOT_A_SECRET_ID.test(s) || !generated(s.replace(/=+$/, ''))) return false;
      return m.groups?.qc !== undefined ? text[ks - 1] === m.groups.qc : atLineStart(text, ks);
    },
    generic: true,
  },
  {
    // Keys and tokens named by the tools that print them: Vault's unseal and recovery keys (`vault operator init`),
    // a Consul / Nomad ACL token's secret id (a UUID, but the token itself), Azure Functions keys, and the
    // access key of an Azure Communication Services connection string.
    kind: 'secret_assignment',
    triggers: [
      'Unseal Key ',
      { lit: 'Key ', back: 9, after: String.raw`\d{1,2}:` },
      { lit: 'l_keys_', back: 5 },
      { lit: 'y_keys_', back: 7 },
      'SecretID',
      'Secret ID',
      { lit: 'nKeys', back: 7 },
      { lit: 'mKeys', back: 5 },
      ';accesskey=',
      ';AccessKey=',
    ],
    regex: new RegExp(
      String.raw`(?:Unseal|Recovery) Key \d{1,2}:[ \t]{1,8}(?<secret>[A-Za-z0-9+/=]{20,200})` +
        String.raw`|(?:unseal|recovery)_keys_(?:b64|hex)\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\[(?<secret>[^\]]{10,8192})(?=\])` +
        String.raw`|Secret ?ID\\{0,15}"?[ \t]{0,20}[:=][ \t]{0,20}\\{0,15}"?(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})` +
        String.raw`|(?:function|system)Keys\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\{${JSON_SEP}\\{0,15}"[\w.-]{1,100}\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?<secret>[A-Za-z0-9_=/+-]{20,200})` +
        '|;(?:accesskey|AccessKey)=(?<secret>[A-Za-z0-9+/]{30,200}={0,2})',
      'y',
    ),
    valid: (s) => isSecretValue(s),
    generic: true,
  },
  {
    // A bare `key` holding a generated value (kaggle.json's `"key": …`, rclone's `key = …`, an Azure Search key
    // list): its own rule, so the assignment rules are not tried at every `key` of ordinary JSON and code.
    kind: 'secret_assignment',
    // (Triggers at `ey` and what follows: every `key` of code would be a candidate.)
    triggers: [
      ...['ey"', "ey'", 'ey '].map((lit): Trigger => ({ lit, back: 1, after: String.raw`[ \t]{0,4}[:=][ \t]{0,4}\\{0,15}["']?[A-Za-z0-9+/=_~-]{24}` })),
      { lit: 'ey\\', back: 1, after: String.raw`\\{0,14}["'][ \t]{0,4}[:=][ \t]{0,4}\\{0,15}["']?[A-Za-z0-9+/=_~-]{24}` },
      ...['ey:', 'ey='].map((lit): Trigger => ({ lit, back: 1, after: String.raw`[ \t]{0,4}\\{0,15}["']?[A-Za-z0-9+/=_~-]{24}` })),
    ],
    // (24+ characters: shorter random ids under `key` are everywhere in data: nanoid, Firebase push ids, GPG key ids.)
    regex: /key\\{0,15}["']?[ \t]{0,4}[:=][ \t]{0,4}\\{0,15}["']?(?<secret>[A-Za-z0-9+/=_~-]{24,1024})(?![A-Za-z0-9+/=_~-])/y,
    valid: (s, _m, text, start) => {
      const ks = keyNameStart(text, start);
      if (ks !== start && KEY_DENY.has(lastWord(text.slice(ks, start)))) return false;
      // (kaggle.json: `{"username": "…", "key": "<32 hex digits>"}`, lower case: not mixed like a generated value.)
      const kaggle = ks === start && /^[0-9a-f]{32}$/.test(s) && /(?:\\{0,15}["'])?username(?:\\{0,15}["'])?\s*:/.test(text.slice(Math.max(0, start - 200), start + 260));
      return isSecretValue(s) && (kaggle || generated(s.replace(/=+$/, '')));
    },
    generic: true,
  },
  {
    // …and a bare `key: |` block scalar holding a generated value over several lines (multiLineValue).
    kind: 'secret_assignment',
    triggers: [{ lit: 'ey:', back: 1, after: String.raw`[ \t]{0,4}[|>]` }],
    regex: new RegExp(`(?<key>[kK]ey)${BLOCK_VALUE}`, 'y'),
    valid: multiLineValue,
    generic: true,
  },
  {
    // fish's `set --show`: `$DB_PASSWORD[1]: |value|`.
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(String.raw`${KEYWORD}\[\d{1,4}\]:[ \t]\|(?<secret>[^|\r\n]{1,1024})\|`, 'y'),
    valid: (s, _m, text, start) => text[keyNameStart(text, start) - 1] === '$' && isSecretValue(s),
    generic: true,
  },
  {
    // terraform plan's `~ "API_KEY" = "old" -> "new"`: the new value of a secret-named attribute.
    kind: 'secret_assignment',
    triggers: ['-> "'],
    // (The lookahead takes the whole run at once: no backtracking through it when no quote ends it.)
    regex: /-> "(?=(?<secret>[^"\\\r\n]{4,8192}))\k<secret>(?=")/y,
    valid: (s, _m, text, start) => {
      const near = text.slice(Math.max(0, start - 300), start);
      const line = near.slice(near.lastIndexOf('\n') + 1);
      return isSecretValue(s) && /(?:pass(?:word|wd)?|secret|token|_key|api_?key)"?[ \t]*=[ \t]*(?:"|\[REDACTED)/i.test(line);
    },
    generic: true,
  },
  {
    // --password hunter2, --api-key=…, --client-secret "…"
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(String.raw`(?<=--[A-Za-z0-9-]{0,40})${KEYWORD}(?:=|[ \t]{1,4}|${ARGV_SEP})(?:${QUOTED}|${UNQUOTED_BRACKETS})`, 'y'),
    valid: cliValue,
    generic: true,
  },
  {
    // Values over several lines under a secret's name: a YAML block scalar (`password: |`, `client_secret: >-`, a bare
    // `key: |` holding a generated value) with all its lines, also where the block ends an `Edit`'s text; and a `.env`'s
    // double-quoted value over several lines (`PRIVATE_KEY="…⏎…"`; not a PEM block, the private_key rule's).
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(`${KEYWORD}(?:${BLOCK_VALUE}|${MULTILINE_DQ})`, 'y'),
    valid: multiLineValue,
    generic: true,
  },
  {
    // Values the main rule stops short of, on a line of their own: an env file's `UPPER_NAME=value` whose value
    // holds `;`, `,`, `|`, `&` or brackets (a generated password) — under a lower-case name (YAML, .properties)
    // only letters and digits that are not code (`hash(pw)`, `a[0]`) — and a YAML value on the line after its
    // key (`password:⏎  …`, `api_key: |⏎  …`, `client_secret: >-⏎  …`, also in numbered and diff views).
    // One regex for both: the key name is matched once.
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(`${KEYWORD}(?:(?:=|:[ \t]{1,40})${UNQUOTED_ENV}|${YAML_NEXT})`, 'y'),
    valid: (secret, m, text, start, end) =>
      m.groups?.indent !== undefined
        ? nextLineValue(secret, m, text, start, end)
        : /[;,|&()[\]{}<>]/.test(secret) &&
          (UPPER_NAME.test(text.slice(keyNameStart(text, start), start) + fullKey(m)) || (hasDigit(secret) && /[A-Za-z]/.test(secret) && !codeLike(secret))) &&
          atLineStart(text, keyNameStart(text, start)) &&
          atLineEnd(text, end) &&
          assignmentName(secret, m, text, start, end),
    generic: true,
  },
  {
    // .pgpass (`host:port:database:user:password`): a whole line (`cat ~/.pgpass`), or echoed into the file.
    // The trigger is the port's last character and its colon (`2:` of `5432:app`), rarer than `:` + digit; a
    // database name starts with a letter, so a time of day (`10:23:45`, in every transcript line) fails at once.
    kind: 'secret_assignment',
    triggers: [...'0123456789*'].map((c): Trigger => ({ lit: `${c}:`, after: `(?:\\*|[A-Za-z_$][A-Za-z0-9_$.@-]{0,62}):${PGPASS_FIELD}:` })),
    regex: new RegExp(
      String.raw`(?<=(?:(?:^|[\r\n"]|\\n)${LINE_PREFIX}|echo[ \t]{1,4}(?:-[neE]{1,3}[ \t]{1,4})?\\{0,15}["']?)${PGPASS_HOST}:(?:\d{0,4}(?=\d)|(?=\*)))[\d*]` +
        String.raw`:(?<db>${PGPASS_FIELD}):(?<user>${PGPASS_FIELD}):(?<secret>(?:[^:\\\s"'\x60]|\\[:\\]){1,256})` +
        String.raw`(?=[ \t]*(?:\r?\n|\\{1,15}[rn"]|"|$)|\\{0,15}["']?[ \t]{0,4}>{1,2}[ \t]{0,4}[^\s;|&]{0,200}pgpass)`,
      'y',
    ),
    valid: pgpassLine,
    generic: true,
  },
  {
    // A value the main rule stops short of, to its line's end, where a line of config gives it whole: a password holding a
    // blank, a quote, `,` or `}` (`password: Ab"cd…`, `DB_PASSWORD=ab cd…`, `password = "Ab"cd…"`), or opening with a
    // symbol (`SECRET=&Ab3…`). The key starts its line (`=`, ` = `, `: `); not code, prose or a command after an env prefix.
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(String.raw`${KEYWORD}(?<op>(?:\\{0,15}["'])?[ \t]{0,4}:[ \t]{1,8}|=|[ \t]{1,8}=[ \t]{1,8})(?:${LINE_VALUE})`, 'y'),
    // (The key starts its line, as wholeLineValue asks: checked first, the regex reads to the line's end, 14 % of the
    // redactor's time on secret-free text when run at every keyword.)
    before: (text, start) => atLineStart(text, keyNameStart(text, start)),
    valid: wholeLineValue,
    generic: true,
  },
  {
    // PASSWORD=hunter2, export API_KEY="…", *_TOKEN: … (YAML), "api_key": "…",
    // \"client_secret\":\"…\", password: '…', token := `…`, ?access_token=… (URL query)
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(`${KEYWORD}${ASSIGN}(?:${QUOTED}|(?<=<[\\w.:-]{1,80}>)(?<secret>[^<\\s]{1,1024})(?=<\\/)|${UNQUOTED})`, 'y'),
    valid: assignmentName,
    generic: true,
  },
  {
    // Secrets told in words: `the staging password is …`, `my API key was changed to …`, `set the token to …`,
    // `root password -> …`, a program's `Password for user 'admin': …` (Airflow 3's first login). Only a value that reads
    // as a chosen or generated secret (`the token is expired`, `the password is stored in vault`, `the key is build-2024-v3` stay).
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(`${KEYWORD}(?:\\\\{0,15}["'\x60])?(?:${FOR_WHOM}?${PROSE_JOIN}|${FOR_WHOM}(?<forColon>[ \\t]{0,2}:)[ \\t]{1,4})(?:${QUOTED}|(?<secret>[^\\s"'\x60]{5,255}[^\\s"'\x60.,;:!?()\\]]))`, 'y'),
    // (`Password for user 'admin': …`, a program's line: a value that switches between cases and digits as generated ones
    // do, not a word and a year: `Reset password for user alice: Success2024`.)
    valid: (secret, m, text, start) => toldSecret(secret, m, text, start) && (m.groups?.forColon === undefined || (hasDigit(secret) && classSwitches(secret) >= 6)),
    generic: true,
  },
  {
    // A literal standing in for a secret-named setting (one expression for three forms, tried where every key name is):
    // - a default in a shell or Compose expansion (`${POSTGRES_PASSWORD:-…}`, `${DB_PASSWORD:=…}`), Spring's
    //   `${DB_PASSWORD:…}` and `@Value("${jwt.secret:…}")`;
    // - a fallback in code: `process.env.DB_PASSWORD || '…'`, `?? "…"`, `os.environ.get("API_TOKEN") or "…"`, Ruby's
    //   block `ENV.fetch("DB_PASSWORD") { "…" }`,
    //   `env("SECRET_KEY", default="…")`, `add_argument("--api-key", default="…")`, Rust's `env::var("API_KEY").unwrap_or("…")`
    //   and `.unwrap_or_else(|_| "…")`, Gradle's `keystoreProperties["storePassword"] as String? ?: "…"`;
    // - a typed field or constant: pydantic `jwt_secret: str = "…"`, `db_password: Optional[str] = "…"`,
    //   `api_key: str = Field(default="…")`, Kotlin `const val DB_PASS: String = "…"`, TypeScript `apiKey: string = '…'`,
    //   Go `var Password string = "…"`.
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(
      `${KEYWORD}(?:(?<expansion>:(?:[-=]|(?![?+])))(?<secret>[^\\s{}$"'\x60\\\\]{4,1024})(?=\\})` +
        `|(?<fallback>(?:\\\\{0,15}["'\x60])?[)\\]]?(?:[ \\t]{1,4}as[ \\t]{1,4}[A-Za-z_][\\w.]{0,40}\\??|\\?\\.toString\\(\\))?[ \\t]{0,4}(?:(?:${NL}(?:[ \\t]{0,8}\\d{1,7}→)?[ \\t]{0,40})?(?<or>\\|\\||\\?\\?|\\?:|or(?=[ \\t])|(?<=\\)[ \\t]{0,4})\\{(?:[ \\t]{0,4}\\|[\\w, ]{0,20}\\|)?)|,[ \\t]{0,4}default[ \\t]{0,4}=|\\.unwrap_or(?:_else)?\\([ \\t]{0,4}(?:\\|_\\|)?)[ \\t]{0,4})(?:${QUOTED})` +
        `|(?<typed>[ \\t]{0,4}(?::[ \\t]{1,4}(?:&(?:'static[ \\t]{1,4})?)?[A-Za-z_][\\w.]{0,40}(?:\\[[\\w., |[\\]]{0,60}\\])?(?:[ \\t]{0,4}\\|[ \\t]{0,4}[A-Za-z_][\\w.]{0,40})*\\??|[ \\t]{1,4}string)[ \\t]{0,4}=[ \\t]{0,4}(?:(?:Field|SecretStr)\\([ \\t]{0,4}(?:default[ \\t]{0,4}=[ \\t]{0,4})?)?)(?:${QUOTED}))`,
      'y',
    ),
    valid: (secret, m, text, start, end) => {
      // A typed field is an assignment (`SESSION_KEY: str = "sessionId"` names a key as `SESSION_KEY = "sessionId"` does).
      if (m.groups?.typed !== undefined) return assignmentName(secret, m, text, start, end, '=');
      if (!literalForName(secret, m, text, start)) return false;
      const ks = keyNameStart(text, start);
      // (`${…:-…}`: after the name's own `${`.)
      if (m.groups?.fallback === undefined) return text.slice(Math.max(0, ks - 2), ks) === '${';
      // A fallback reads as a value, not a name (`'expiresAt' not in token`, `err.token || 'InvalidToken'`); after
      // `||`, `??`, `?:` or `or` only where the name is read from the environment (`for \`password\` or \`salt\`` is prose).
      if (!(passwordLike(secret) || generatedShort(secret)) || camelName(secret)) return false;
      return m.groups?.or === undefined || ENV_READ.test(text.slice(Math.max(0, ks - 40), start));
    },
    generic: true,
  },
  {
    // A password typed into a browser field by a test or an agent: Playwright MCP's `browser_type`
    // (`{"element": "Password textbox", "ref": "e23", "text": "…"}`).
    kind: 'secret_assignment',
    triggers: [{ lit: 'element', after: String.raw`\\{0,15}"[ \t]{0,4}:` }],
    regex:
      /element\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?<label>[^"\\]{0,120})\\{0,15}"(?:[ \t]{0,4},[ \t]{0,4}\\{0,15}"(?:ref|selector|target|submit|slowly)\\{0,15}"[ \t]{0,4}:[ \t]{0,4}(?:\\{0,15}"[^"\\]{0,200}\\{0,15}"|true|false)){0,6}[ \t]{0,4},[ \t]{0,4}\\{0,15}"(?:text|value)\\{0,15}"[ \t]{0,4}:[ \t]{0,4}\\{0,15}"(?<secret>[^"\\]{1,512})/y,
    valid: (secret, m) => passwordField(m.groups?.label ?? '') && typedValue(secret),
    generic: true,
  },
  {
    // The same in code: Playwright / Puppeteer `.fill(…)` / `.type(…)` / `.pressSequentially(…)`, Cypress
    // `.type(…)`, Selenium `.send_keys(…)` / `.sendKeys(…)`, WebdriverIO `.setValue(…)`, after a locator of a
    // password field on the same line (`getByLabel('Password')`, `'#password'`, `By.ID, "password"`), or with the
    // field as the first argument (`page.fill('#password', '…')`).
    kind: 'secret_assignment',
    triggers: ['.fill(', '.type(', '.send_keys(', '.sendKeys(', '.setValue(', '.pressSequentially('],
    regex: new RegExp(
      `\\.(?:fill|type|send_keys|sendKeys|setValue|pressSequentially)\\([ \\t]{0,4}(?:\\\\{0,15}["'\x60](?<field>[^"'\x60\\\\\\r\\n]{1,160})\\\\{0,15}["'\x60][ \\t]{0,4},[ \\t]{0,4})?(?:${QUOTED})`,
      'y',
    ),
    valid: (secret, m, text, start) => typedValue(secret) && passwordField(m.groups?.field ?? locatorBefore(text, start)),
    generic: true,
  },
  {
    // Setters and builders in code: `ds.setPassword("…")`, `client.setApiKey("…")`, `SetPassword("…")`,
    // `Client.builder().apiKey("…")`, `.clientSecret("…")` (Java, Kotlin, C#, Go, JS SDKs): a value of one word, not a
    // prompt (`read.password('Password:')`). Under a bare `token` or `secret`, a generated value only (`.token("IDENT")`
    // in a lexer).
    kind: 'secret_assignment',
    triggers: [
      ...['Password', 'Passwd', 'ApiKey', 'Secret', 'ClientSecret', 'AccessToken', 'SecretKey', 'AuthToken', 'PrivateKey', 'Token', 'AccessKeySecret'].flatMap((n) => [`set${n}(`, `Set${n}(`]),
      ...['password', 'apiKey', 'clientSecret', 'accessToken', 'secretKey', 'authToken', 'secret', 'token'].map((n) => `.${n}(`),
    ],
    regex: new RegExp(
      `\\.?(?<name>[sS]et(?:Password|Passwd|ApiKey|Secret|ClientSecret|AccessToken|SecretKey|AuthToken|PrivateKey|Token|AccessKeySecret)|password|apiKey|clientSecret|accessToken|secretKey|authToken|secret|token)\\([ \\t]{0,4}(?:${QUOTED})`,
      'y',
    ),
    valid: (secret, m) =>
      /^[sS]et|^(?:password|apiKey|clientSecret|accessToken|secretKey|authToken)$/.test(m.groups?.name ?? '') && !/^[sS]et(?:Token|Secret)$/.test(m.groups?.name ?? '')
        ? typedValue(secret) && !/[:?][ \t]*$|\s/.test(secret)
        : generatedShort(secret) || randomLetters(secret),
    generic: true,
  },
  {
    // `printf 'DB_PASS=%s\n' 'VALUE' >> .env`, `printf '{"apiKey":"%s"}' "VALUE"`: the first argument, where the format
    // names a secret right before its first `%s`.
    kind: 'secret_assignment',
    triggers: ['printf '],
    regex: new RegExp(
      `printf[ \\t]{1,4}(?:'(?<fmt>[^'\\n]{0,300})'|"(?<fmt>(?:[^"\\\\\\n]|\\\\.){0,300})")[ \\t]{1,4}(?:${QUOTED}|${VALUE})`,
      'y',
    ),
    valid: (secret, m) => {
      const fmt = m.groups?.fmt ?? '';
      const at = fmt.indexOf('%s');
      const name = at < 0 ? undefined : /([A-Za-z_][\w.-]{0,64})\\?["']?[ \t]{0,4}[=:][ \t]{0,4}\\?["']?$/.exec(fmt.slice(0, at))?.[1];
      return name !== undefined && (PASSWORD_FIELD.test(name) || /pass$|passwd$|(?:secret|private|access|signing|encryption|master)[_.-]?key$/i.test(name)) && typedValue(secret);
    },
    generic: true,
  },
  {
    // `pulumi config set [--secret] NAME VALUE`: the value, when `--secret` says it is one or the name does
    // (`--secret` takes no value: the name after it is not one).
    kind: 'secret_assignment',
    triggers: ['pulumi config set'],
    regex: new RegExp(
      `pulumi[ \\t]{1,4}config[ \\t]{1,4}set(?<flags>(?:[ \\t]{1,4}(?:--(?:secret|plaintext|path|non-interactive|yes)|(?:-s|--stack|--cwd|-C|--config-file)(?:[ \\t]{1,4}|=)[^\\s"']{1,200}))*)[ \\t]{1,4}(?<name>[A-Za-z_][\\w.:-]{0,120})[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60-][^\\s"'\x60]{0,1023}))`,
      'y',
    ),
    valid: (secret, m, text, _start, end) =>
      (/--secret\b/.test(m.groups?.flags ?? '') || /^[ \t]{0,4}\S{0,2}[ \t]{1,4}--secret\b/.test(text.slice(end, end + 20)) || PASSWORD_FIELD.test(m.groups?.name ?? '')) && isSecretValue(secret),
    generic: true,
  },
  {
    // Secrets passed to a command as a positional argument or a flag it alone reads:
    // - `ansible-vault encrypt_string '…' --name 'db_password'` (the string it encrypts);
    // - `dotnet user-secrets set "Smtp:Password" "…"` (a secret-named key);
    // - `security add-generic-password … -w "…"` (the macOS keychain), `caddy hash-password --plaintext '…'`;
    // - `mc admin user add ALIAS USER SECRET`, `net user NAME PASSWORD /add`;
    // - `<cli> set|add NAME "…"` for an UPPER_CASE secret name (`glab variable set CLOUDFLARE_API_TOKEN "…"`,
    //   `doppler secrets set SENDGRID_API_KEY "…"`), quoted (a bare value there is caught as `NAME value`);
    // - `-u USER -p PASSWORD` on any command line (`oc login`, `cqlsh`, `rabbitmqadmin`, `xcrun altool`), a value that
    //   reads as a password (not a port mapping: `docker run -u 1000 -p 8080:80`; not `mysql -u root -p`, which prompts).
    kind: 'secret_assignment',
    triggers: ['encrypt_string', 'user-secrets', 'add-generic-password', 'add-internet-password', 'hash-password', 'mc admin user add', 'net user ', ' set ', ' add ', '-u '],
    regex: new RegExp(
      `(?<=ansible-vault[ \\t]{1,4})encrypt_string(?:[ \\t]{1,4}(?:--(?:vault-id|vault-password-file|name|encrypt-vault-id|output|stdin-name)|-n)(?:[ \\t]{1,4}|=)(?:'[^'\\r\\n]*'|\\\\{0,15}"[^"\\\\\\r\\n]*\\\\{0,15}"|[^\\s'"\\\\]\\S*)|[ \\t]{1,4}--?(?![-\\s])(?!(?:vault-id|vault-password-file|name|encrypt-vault-id|output|stdin-name|n)\\b)[\\w-]+)*[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60-]\\S{0,1023}))` +
        `|user-secrets[ \\t]{1,4}set[ \\t]{1,4}(?<ukey>\\\\{0,15}"[^"\\\\\\r\\n]{1,200}\\\\{0,15}"|'[^'\\r\\n]{1,200}'|[^\\s"']{1,200})[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60-]\\S{0,1023}))` +
        `|add-(?:generic|internet)-password(?:[ \\t]{1,4}-(?!w\\b)\\w+(?:[ \\t]{1,4}(?:\\\\{0,15}"[^"\\\\\\r\\n]*\\\\{0,15}"|'[^'\\r\\n]*'|[^\\s"'-]\\S*))?){0,12}[ \\t]{1,4}-w[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60-]\\S{0,1023}))` +
        // (caddy's: grpcurl's `--plaintext` is a switch.)
        `|hash-password(?:[ \\t]{1,4}--?(?!plaintext\\b)[\\w-]+(?:[ \\t]{1,4}[^\\s-]\\S{0,200})?){0,4}[ \\t]{1,4}--?plaintext(?:[ \\t]{1,4}|=)(?:${QUOTED}|(?<secret>[^\\s"'\x60-]\\S{0,1023}))` +
        `|mc[ \\t]{1,4}admin[ \\t]{1,4}user[ \\t]{1,4}add[ \\t]{1,4}\\S{1,200}[ \\t]{1,4}\\S{1,200}[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60-]\\S{0,1023}))` +
        `|net[ \\t]{1,4}user[ \\t]{1,4}(?:\\\\{0,15}"[^"\\\\\\r\\n]{1,100}\\\\{0,15}"|[^\\s"/]{1,100})[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60/*][^\\s"'\x60]{0,255}))(?=[ \\t]{1,4}\\/(?i:add|active|domain|expires|passwordchg))` +
        `| (?:set|add)[ \\t]{1,4}(?<sname>[A-Z][A-Z0-9_]{0,60}(?:TOKEN|KEY|SECRET|PASSWORD|PASS|PWD|CREDENTIALS?)(?:_?\\d{1,3})?)[ \\t]{1,4}(?:(?:--value|--body|-b)(?:[ \\t]{1,4}|=)?)?(?:(?=\\\\{0,15}["'])(?:${QUOTED})|(?<=--value[ \\t=]|--body[ \\t=])(?<secret>[^\\s"'\x60-][^\\s"'\x60]{0,1023}))` +
        `|-u[ \\t]{1,4}(?:\\\\{0,15}"[^"\\\\\\r\\n]{1,128}\\\\{0,15}"|'[^'\\r\\n]{1,128}'|[^\\s"'-][^\\s"']{0,127})[ \\t]{1,4}-p[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60-][^\\s"'\x60]{0,255}))`,
      'y',
    ),
    valid: (secret, m, text, start) => {
      if (!isSecretValue(secret) || secret.length < 4) return false;
      const form = m[0];
      // (The key's last part names a secret: `Smtp:Password`, `Jwt:SigningKey`; not `Jwt:TokenEndpoint`, `SecretManager:Region`.)
      if (form.startsWith('user-secrets')) return SECRET_WORD_LAST.test((m.groups?.ukey ?? '').replace(/^\\{0,15}["']|\\{0,15}["']$/g, '').split(':').at(-1) ?? '');
      // (A value that reads as one: `gh variable set GPG_KEY "3AA5C34371567BD2"` hex aside, not a name, path or header.)
      if (form.startsWith(' ')) return !/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(secret) && !notData(secret) && (passwordLike(secret) || generatedShort(secret) || generated(secret)) && !/^[~.]?\//.test(secret);
      if (form.startsWith('-u')) {
        // Not a pid file, a port range, a list of pids, a plugin, a URL or a keychain reference (`gunicorn.pid`,
        // `8080-8081:8080-8081`, `123,456`, `no:cacheprovider`, `@keychain:AC_PASSWORD`), nor after mysql (its `-p` prompts).
        if (/^[\d.,:[\]a-f/-]+(?:\/(?:tcp|udp))?$/i.test(secret) || /\.[a-z]{1,5}$/i.test(secret) || /^@|^[a-z]+:/i.test(secret)) return false;
        return passwordLike(secret) && !/\b(?:mysql|mariadb|mysqldump|mysqladmin)\b/.test(lineBefore(text, start, 300));
      }
      return true;
    },
    generic: true,
  },
  {
    // CloudFormation parameters under a secret's name: `ParameterKey=DBPassword,ParameterValue=…` and a parameters file
    // (`[{"ParameterKey": "DBPassword", "ParameterValue": "…"}]`).
    kind: 'secret_assignment',
    triggers: ['ParameterKey'],
    regex: new RegExp(
      `ParameterKey(?:=|\\\\{0,15}"${DIFF_JSON_SEP}:${DIFF_JSON_SEP}\\\\{0,15}")(?<pname>[A-Za-z0-9_.-]{1,128})(?:\\\\{0,15}")?${DIFF_JSON_SEP},${DIFF_JSON_SEP}(?:\\\\{0,15}")?ParameterValue(?:=|\\\\{0,15}"${DIFF_JSON_SEP}:${DIFF_JSON_SEP}(?=\\\\{0,15}"))(?:${QUOTED}|(?<secret>[^\\s,"'\\\\]{1,1024}))`,
      'y',
    ),
    valid: (secret, m) => SECRET_WORD_LAST.test(m.groups?.pname ?? '') && isSecretValue(secret) && secret.length >= 4,
    generic: true,
  },
  {
    // A 1Password CLI session (`eval $(op signin)` prints `export OP_SESSION_acme="…"`), a Bitwarden session key
    // (`bw … --session "…"`, a generated value).
    kind: 'secret_assignment',
    triggers: ['OP_SESSION_', '--session'],
    regex: new RegExp(`OP_SESSION_\\w{1,64}=(?:${QUOTED}|(?<secret>[^\\s"'\x60;]{8,1024}))|--session(?:[ \\t]{1,4}|=)(?:${QUOTED}|(?<secret>[^\\s"'\x60;]{24,1024}))`, 'y'),
    // (Bitwarden's `--session`: other tools' are ids, `agent-browser --session a1B2…`.)
    valid: (secret, m, text, start) => isSecretValue(secret) && (m[0].startsWith('OP_') || (generated(secret) && /(?:^|[\s"'→])bw[\s"']/.test(lineBefore(text, start, 300)))),
    generic: true,
  },
  {
    // A Convex deploy key (`CONVEX_DEPLOY_KEY=prod:happy-animal-123|eyJ2MiI6…`): the key after the deployment's name.
    kind: 'convex',
    triggers: ['|eyJ'],
    regex: /\|(?<secret>eyJ[A-Za-z0-9+/=_-]{20,4096})/y,
    valid: (_secret, _m, text, start) => /(?:^|[^\w-])(?:prod|dev|preview|project):[a-z0-9-]{1,64}$/.test(text.slice(Math.max(0, start - 80), start)),
  },
  {
    // Inngest signing keys (`signkey-prod-<64 hex>`).
    kind: 'inngest',
    triggers: ['signkey-'],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])signkey-(?:prod|test|branch)-[0-9a-f]{64}(?![0-9a-f])/y,
  },
  {
    // Config forms of a seventh leak hunt:
    // - GitLab CI's long form of a variable (`DEPLOY_TOKEN:⏎  value: "…"⏎  description: …`);
    // - a Gmail app password written unquoted, four groups of four letters (`spring.mail.password=abcd efgh ijkl mnop`);
    // - Ruby's `set :session_secret, '…'` (Sinatra, Capistrano's `set :password, '…'`);
    // - RabbitMQ's Erlang cookie (`RABBITMQ_ERLANG_COOKIE=…`, Bitnami's Helm `auth.erlangCookie: …`), which lets its
    //   holder take the cluster over.
    kind: 'secret_assignment',
    triggers: [...KEYWORD_TRIGGERS, 'set :', 'ERLANG_COOKIE', 'erlangCookie', '-setcookie'],
    regex: new RegExp(
      `${KEYWORD}\\\\{0,15}["']?[ \\t]{0,4}:[ \\t]{0,4}${NL}(?:${LINE_PREFIX}[ \\t]{1,40}(?:description|expand|options|raw)[ \\t]{0,4}:[^\\r\\n]{0,200}${NL}){0,3}${LINE_PREFIX}[ \\t]{1,40}value[ \\t]{0,4}:[ \\t]{1,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60#][^\\s"'\x60]{0,1023}))` +
        `|${KEYWORD}(?:\\\\{0,15}["'])?[ \\t]{0,4}[:=][ \\t]{0,4}(?<secret>[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4})(?=[ \\t]*(?:\\r?\\n|\\\\{1,15}[rn]|$|\\\\{0,15}["',;]))` +
        `|set[ \\t]{1,4}:(?<rname>(?:\\w{0,40}_)?(?:secret|password|passwd|token|api_key|secret_key|private_key|access_key|signing_key|master_key|encryption_key|key_base))[ \\t]{0,4},[ \\t]{0,4}(?:${QUOTED})` +
        `|(?:(?:ERLANG_COOKIE|erlangCookie)\\\\{0,15}["']?[ \\t]{0,4}[:=]|-setcookie(?=[ \\t]))[ \\t]{0,4}(?:${QUOTED}|(?<secret>[^\\s"'\x60;]{8,1024}))`,
      'y',
    ),
    valid: (secret, m, text, start, end) => {
      if (!isSecretValue(secret) || secret.length < 4) return false;
      // (A cookie is often upper-case letters alone; a Ruby setting's value must read as a secret: `set :deploy_key, "deploy"` names one.)
      if (m[0].startsWith('ERLANG') || m[0].startsWith('erlangCookie') || m[0].startsWith('-setcookie')) return secret.length >= 8;
      if (m[0].startsWith('set')) return !IDENTIFIER_LIKE(secret) && (passwordLike(secret) || generatedShort(secret) || generated(secret));
      // (The app password: under a password's or a secret's name.)
      if (/^[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}$/.test(secret)) {
        // (Random letters, as Google makes them: `password: must have more than` is prose.)
        if (!randomLetters(secret.replaceAll(' ', ''))) return false;
        const prefix = text.slice(keyNameStart(text, start), start);
        return /^[_.-]?(?:pass(?:word|wd)?|pwd|secret)/i.test(m.groups?.key ?? '') && secretKeyName(prefix, m.groups?.key ?? '') && keywordSuffix(prefix, m);
      }
      return assignmentName(secret, m, text, start, end, ':');
    },
    generic: true,
  },
  {
    // Postfix's `sasl_passwd` (`[smtp.gmail.com]:587 me@gmail.com:…`) and a Kafka JAAS file's user passwords
    // (`user_alice="…"` under a `PlainLoginModule`).
    kind: 'secret_assignment',
    triggers: [']:587', ']:465', ']:25 ', ']:2525', 'user_'],
    regex: /\]:\d{2,4}[ \t]{1,4}[^\s:]{1,128}:(?<secret>[^\s"'\\]{1,256})|user_\w{1,64}=(?<jq>\\{0,15})"(?<secret>[^"\\\r\n]{1,256})\k<jq>"/y,
    valid: (secret, m, text, start) =>
      isSecretValue(secret) &&
      (m[0].startsWith(']')
        ? /(?:^|\n|\\n|")[ \t]{0,8}(?:\d{1,7}→)?\[[\w.-]{1,253}$/.test(text.slice(Math.max(0, start - 260), start)) && (m[0].includes('@') || passwordLike(secret))
        : /LoginModule/.test(text.slice(Math.max(0, start - 2000), start))),
    generic: true,
  },
  {
    // OpenShift access tokens (`oc whoami -t`, `oc login --token=…`).
    kind: 'openshift',
    triggers: ['sha256~'],
    regex: /(?<!(?<!\\|%[0-9A-Fa-f]|\\x[0-9A-Fa-f]|\\u[0-9A-Fa-f]{3}|\\[0-7]{2})[A-Za-z0-9_-])sha256~[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/y,
  },
  {
    // A Terraform variable's default under a secret's name: `variable "db_password" {⏎ type = string⏎ default = "…"`.
    kind: 'secret_assignment',
    triggers: ['variable "', 'variable \\"'],
    regex:
      /variable[ \t]{1,4}\\{0,15}"(?<name>[\w-]{1,80})\\{0,15}"[ \t]{0,4}\{(?:[^{}"\\]|\\{1,15}[nrt"]|"[^"\\]{0,200}"|\{[^{}]{0,200}\}){0,600}?\bdefault[ \t]{0,40}=[ \t]{0,4}(?<q>\\{0,15})"(?<secret>[^"\\\r\n]{1,1024})\k<q>"/y,
    valid: (secret, m) => SECRET_VARIABLE.test(m.groups?.name ?? '') && literalValue(secret),
    generic: true,
  },
  {
    // A secret right after its name in a sentence, no joining word: `use token Xk9fP2mQ7vLr8sTn3WbY for auth`,
    // `new password S3cure!Pass2024 for root`. Only a value that can be nothing but generated or chosen as a
    // secret: 10+ characters, letters and digits switching often (`auth token v2-migration`, `password hash
    // sha256sum`, `token (CVE-2019-13117)`, `reset-password creds-name-1` stay).
    kind: 'secret_assignment',
    triggers: KEYWORD_TRIGGERS,
    regex: new RegExp(`${KEYWORD}[ \t]{1,4}(?<secret>(?![(\\[{<&$%#])[^\\s"'\x60\\\\]{9,255}[^\\s"'\x60\\\\.,;:!?)\\]])(?=[\\s"'\x60.,;:!?)\\]]|$)`, 'y'),
    valid: (secret, m, text, start) => strongValue(secret) && toldSecret(secret, m, text, start),
    generic: true,
  },
  {
    // Mail and cache protocols as a session shows them (`openssl s_client`, `swaks`, `telnet`, `redis-cli MONITOR`):
    // IMAP `a001 LOGIN user password`; SMTP's `AUTH LOGIN`, the base64 password on the line after the server's
    // `334 UGFzc3dvcmQ6` ("Password:"), and `AUTH PLAIN` / `AUTHENTICATE PLAIN` with its base64 on the next line (the
    // server's `334` / `+` between); LDIF's `userPassword:: <base64>`; MONITOR's `"AUTH" "…"`.
    kind: 'secret_assignment',
    triggers: ['LOGIN ', 'UGFzc3dvcmQ6', 'PLAIN', ci('userPassword::'), '"AUTH" "', '\\"AUTH\\" \\"'],
    regex: new RegExp(
      String.raw`(?<=(?:^|[\r\n"]|\\n)(?:[ \t]{0,8}\d{1,7}→)?(?:[CS]:[ \t]|[ \t]{0,8}(?:->|>)[ \t]{0,2})?(?:[A-Za-z]{0,8}\d[A-Za-z0-9]{0,8}|\.)[ \t])LOGIN[ \t]{1,4}(?=\\{0,15}"?[^\s"\\]{0,128}[A-Za-z])(?:\\{0,15}"[^"\r\n\\]{1,128}\\{0,15}"|[^\s"\\]{1,128})[ \t]{1,4}(?:\\{0,15}"(?<secret>[^"\r\n\\]{1,128})\\{0,15}"|(?<secret>[^\s"\\]{1,128}))(?=[ \t]*(?:\r?\n|\\[rn]|\\{0,15}"|$))` +
        String.raw`|UGFzc3dvcmQ6[ \t]{0,4}${NL}(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:C:[ \t]|(?:->|>)[ \t]{0,2})?(?<secret>[A-Za-z0-9+/]{4,400}={0,2})(?=[ \t]*(?:\r?\n|\\[rn]|\\{0,15}"|$))` +
        String.raw`|(?<=AUTH(?:ENTICATE)?[ \t])PLAIN[ \t]{0,4}${NL}(?:(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:S:[ \t]|<-[ \t]{0,2})?(?:\+|334)[ \t]{0,4}${NL})?(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:C:[ \t]|(?:->|>)[ \t]{0,2})?(?<secret>[A-Za-z0-9+/]{8,400}={0,2})(?=[ \t]*(?:\r?\n|\\[rn]|\\{0,15}"|$))` +
        String.raw`|(?i:userPassword)::[ \t]{0,4}(?<secret>[A-Za-z0-9+/]{4,400}={0,2})` +
        String.raw`|(?<q>\\{0,15})"AUTH\k<q>"[ \t]\k<q>"(?:[^"\\\r\n]{1,64}\k<q>"[ \t]\k<q>")?(?<secret>[^"\\\r\n]{1,256})(?=\k<q>")`,
      'y',
    ),
    // (The base64 after `AUTH PLAIN` has base64's shape: `Examples` on the next line is a word; IMAP's `LOGIN` is not SQL's
    // `ALTER LOGIN sa ENABLE`.)
    valid: (secret, m) =>
      isSecretValue(secret) &&
      secret.length >= 4 &&
      (!m[0].startsWith('PLAIN') || (secret.length % 4 === 0 && /[\d+/=]/.test(secret))) &&
      (!m[0].startsWith('LOGIN') || !/^(?:ENABLE|DISABLE|WITH|FROM|TO|ON);?$/i.test(secret)),
  },
  {
    // Passwords more commands take as options (an eighth and a ninth leak hunt): macOS `security unlock-keychain` /
    // `create-keychain` / `set-keychain-password -p`, `security import -P`, `schtasks /rp`, `winrs -p:`, `cmdkey /pass x`,
    // SQL Server `bcp -P`, Perforce `p4 -P`, `db2 connect … using x`, `unrar -px`, `ipmitool -P`, `mosquitto_pub|sub -P`,
    // Hive `beeline -p`, `consul kv put …/db_password …`.
    kind: 'secret_assignment',
    triggers: ['security', 'schtasks', 'winrs', 'cmdkey', 'bcp ', 'p4 ', 'db2 ', 'unrar', 'ipmitool', 'mosquitto_', 'beeline', 'consul'],
    regex: new RegExp(
      `security${ARG}(?:unlock-keychain|create-keychain|set-keychain-password)${SAME_COMMAND}{0,200}?${FLAG('-p')}` +
        `|security${ARG}import${SAME_COMMAND}{0,200}?${FLAG('-P')}` +
        `|schtasks${SAME_COMMAND}{0,200}?${FLAG('/[Rr][Pp]')}` +
        String.raw`|winrs${SAME_COMMAND}{0,200}?(?<=[ \t"'])-p(?:assword)?:(?:${QUOTED}|${VALUE})` +
        String.raw`|cmdkey${UNC_COMMAND}{0,200}?(?<=[ \t"'])/pass(?::|[ \t]{1,4})(?:${QUOTED}|${VALUE})` +
        `|${WORD_START}(?:bcp|p4|ipmitool|mosquitto_(?:pub|sub))${ARG}${SAME_COMMAND}{0,200}?${FLAG('-P')}` +
        String.raw`|db2${ARG}connect${ARG}to${SAME_COMMAND}{0,200}?(?<=[ \t])using${ARG}(?:${QUOTED}|${VALUE})` +
        String.raw`|unrar${ARG}${SAME_COMMAND}{0,200}?(?<=[ \t"'])-p(?:${QUOTED}|(?<secret>[^\s"'\x60;|&\\-][^\s"'\x60;|&\\]{2,127}))` +
        `|beeline${ARG}${SAME_COMMAND}{0,200}?${FLAG('-p')}` +
        // (Consul's key/value store: a key whose last part names a secret, `consul kv put config/app/db_password …`.)
        String.raw`|consul${ARG}kv${ARG}put${ARG}(?:-[\w-]{1,30}(?:=\S{0,60})?${ARG}){0,4}[^\s"']{0,200}?(?i:pass(?:word|wd)?|secret|token|api[_-]?key|private[_-]?key|credentials?)(?![\w/.-])${ARG}(?:${QUOTED}|${VALUE})`,
      'y',
    ),
    valid: (s) => isSecretValue(s) && !s.startsWith('-') && s.length >= 4 && windowsValue(s),
    generic: true,
  },
  {
    // Windows settings under a secret's name: PowerShell's environment drive (`Set-Item -Path Env:API_TOKEN -Value "…"`,
    // `New-Item Env:\X -Value …`), registry values (`Set-ItemProperty … -Name DefaultPassword -Value '…'`, `reg add … /v
    // DefaultPassword /t REG_SZ /d …`, and `reg query`'s `DefaultPassword    REG_SZ    …`); a Wi-Fi key netsh shows.
    kind: 'secret_assignment',
    triggers: ['Env:', '-Name ', '/v ', 'REG_SZ', 'REG_EXPAND_SZ', 'Key Content'],
    regex: new RegExp(
      String.raw`Env:\\{0,2}(?<name>[A-Za-z_]\w{0,80})[ \t]{1,4}-Value[ \t]{1,4}(?:${QUOTED}|${VALUE})` +
        String.raw`|-Name[ \t]{1,4}["']?(?<name>[A-Za-z_]\w{0,80})["']?[ \t]{1,4}-Value[ \t]{1,4}(?:${QUOTED}|${VALUE})` +
        String.raw`|\/v[ \t]{1,4}["']?(?<name>[A-Za-z_]\w{0,80})["']?(?:[ \t]{1,4}\/t[ \t]{1,4}REG_\w{1,20})?[ \t]{1,4}\/d[ \t]{1,4}(?:${QUOTED}|${VALUE})` +
        // (And `netsh wlan show profile … key=clear`'s `Key Content            : …`, a Wi-Fi passphrase.)
        String.raw`|Key Content[ \t]{0,24}:[ \t]{1,4}(?<name>)(?<secret>[^\s\\][^\r\n\\]{3,127}?)(?=[ \t]*(?:\r?\n|\\[rn]|\\{0,15}"|$))` +
        String.raw`|(?<=(?:^|[\r\n"]|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?<name>[A-Za-z_]\w{0,80})[ \t]{2,8})REG_(?:EXPAND_)?SZ[ \t]{2,8}(?<secret>\S{4,256}?)(?=[ \t]*(?:\r?\n|\\[rn]|\\{0,15}"|$))`,
      'y',
    ),
    valid: (secret, m) => (m[0].startsWith('Key Content') || SECRET_LAST_NAME.test(m.groups?.name ?? '')) && isSecretValue(secret) && secret.length >= 4 && windowsValue(secret),
  },
  {
    // A secret's value in a Terraform / HCL here-document (`password = <<EOT` ⏎ `…` ⏎ `EOT`, also `<<-EOT`): its one line.
    // MongoDB's `db.changeUserPassword("user", "…")`; Terraform's `plaintext_value = "…"`.
    kind: 'secret_assignment',
    triggers: ['= <<', '=<<', 'changeUserPassword(', 'plaintext_value'],
    regex: new RegExp(
      String.raw`(?<=(?i:pass(?:word|wd)?|secret|token|api_?key|private_key|[_-]key|credentials?)["']?[ \t]{0,8})=[ \t]{0,4}<<-?[ \t]{0,4}(?<dl>[A-Za-z_]\w{0,31})[ \t]{0,4}${NL}${LINE_PREFIX}[ \t]{0,12}(?<secret>(?:[^\s\\]|\\(?![nrt])){4,1024})(?=[ \t]{0,4}${NL}${LINE_PREFIX}[ \t]{0,12}\k<dl>(?!\w))` +
        // (Terraform's `github_actions_secret` / `github_actions_environment_secret` take the secret as `plaintext_value`.)
        String.raw`|plaintext_value[ \t]{0,20}=[ \t]{0,4}\\{0,15}"(?<secret>[^"\\\r\n]{4,8192})(?=\\{0,15}")` +
        String.raw`|changeUserPassword\([ \t]{0,4}\\{0,15}["'][^"'\\\r\n]{1,64}\\{0,15}["'][ \t]{0,4},[ \t]{0,4}\\{0,15}["'](?<secret>[^"'\\\r\n]{1,256})(?=\\{0,15}["'])`,
      'y',
    ),
    valid: (secret) => isSecretValue(secret) && secret.length >= 6 && !IDENTIFIER_LIKE(secret) && (hasDigit(secret) || /[^A-Za-z_-]/.test(secret) || randomLetters(secret)),
  },
  {
    // A REPL's or debugger's answer to an expression that reads a secret, on the line after it: Python
    // (`>>> os.environ["API_TOKEN"]` ⏎ `'…'`), IPython / Jupyter (`Out[3]: '…'`), irb and pry (`=> "…"`), pdb /
    // ipdb, gdb (`$1 = "…"`), lldb, Node's REPL (`> process.env.X`) and debugger, redis-cli (`> GET api_token`).
    // Only a generated value (letters and digits) after an expression naming a secret.
    kind: 'secret_assignment',
    triggers: ['>>> ', 'In [', 'irb(', 'pry(', '(Pdb) ', 'ipdb> ', '(gdb) ', '(lldb) ', 'debug> ', { lit: '> process.env', back: 0 }, '> GET ', '> get '],
    regex: new RegExp(
      String.raw`(?:(?<=(?:^|[\r\n"]|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8})(?:>>>|In \[\d{1,5}\]:|irb\([^)\s]{1,40}\):\d{1,5}(?::\d{1,3})?[>*]|\(Pdb\)|ipdb>|\(gdb\)|\(lldb\)|debug>)|(?<=(?:^|[\r\n"]|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}\[\d{1,5}\] )pry\([^)\s]{1,40}\)>|(?<=(?:^|[\r\n"]|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:[\w.-]{1,60}:\d{2,5})?)>(?=[ \t](?:process\.env|GET|get)[ \t.]))` +
        String.raw`[ \t]{1,4}(?<expr>[^\r\n]{1,200}?)[ \t]{0,4}(?:\r?\n|(?:\\r)?\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:Out\[\d{1,5}\]:[ \t]{0,4}|=>[ \t]{0,4}|\$\d{1,5} = |\([^)\r\n\\]{1,60}\) \$\d{1,5} = )?` +
        String.raw`\\{0,15}(?<q>["'])(?<secret>[^"'\r\n\\]{8,512})(?=\\{0,15}\k<q>[ \t]{0,4}(?:\r?\n|\\[rn]|\\{0,15}"|$))`,
      'y',
    ),
    valid: (secret, m) => SECRET_LAST_NAME.test(lastName(m.groups?.expr ?? '')) && hasDigit(secret) && /[A-Za-z]/.test(secret) && !/\s/.test(secret),
  },
  {
    // A secret scanner's finding, which prints the secret it found: trufflehog's `Raw result: …` (and `"Raw"` /
    // `"RawV2"` in its JSON), eslint-plugin-no-secrets' `Found a string with entropy 4.5 : "…"`.
    kind: 'secret_assignment',
    triggers: ['Raw result:', 'Raw":', 'RawV2":', 'Raw\\":', 'RawV2\\":', 'with entropy'],
    regex: new RegExp(
      String.raw`Raw result:[ \t]{1,4}(?<secret>[^\s"\\]{4,1024})` +
        String.raw`|(?<=")Raw(?:V2)?\\{0,15}":[ \t]{0,4}\\{0,15}"(?<secret>[^"\\\r\n]{4,4096})` +
        String.raw`|with entropy [\d.]{1,8} : \\{0,15}"(?<secret>[^"\\\r\n]{4,1024})`,
      'y',
    ),
    // (A `"Raw"` key is trufflehog's only beside its detector's name.)
    valid: (secret, m, text) => isSecretValue(secret) && (!m[0].startsWith('Raw') || m[0].startsWith('Raw result') || /Detector(?:Name|Type)/.test(text)),
  },
];
// (Built without `(?i:…)` groups: case-fold.ts says why. The triggers' `after` checks are built in redact.ts.)
for (const p of SECRET_PATTERNS) p.regex = withoutCaseModifiersRegex(p.regex);

// ---- Validators: keep ordinary code, prose, slugs and placeholders readable. ----

export function hasDigit(s: string): boolean {
  return /\d/.test(s);
}
export function mixedCase(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s);
}
const MEMBER_PATH_SHAPE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
/** A member access (`config.db.password`, `self.api_key`, `rust_openssl.x25519.X25519PrivateKey`: a lower-case
 * name among its parts), not a generated value that holds a dot (`Kx7lrBOz.QmFLi0QPZ`: digits and both cases
 * switching like random text). */
const MEMBER_PATH = {
  test: (v: string): boolean => MEMBER_PATH_SHAPE.test(v) && (/(?:^|\.)[a-z_]{3,}(?:\.|$)/.test(v) || !(hasDigit(v) && classSwitches(v) >= 10)),
};
const UPPER_NAME = /^[A-Z0-9_.-]*[A-Z][A-Z0-9_.-]*$/;

/**
 * Letters that no one would write as words: few vowels (a fifth of random letters are vowels, about
 * a third of words), 12+ in mixed case that are not camel-case words (`EohksTylnvRnNVoGNfQp`),
 * or 16+ lower-case letters (a Gmail app password).
 */
export function randomLetters(v: string): boolean {
  if (!/^[A-Za-z]+$/.test(v) || v.replace(/[^aeiouAEIOU]/g, '').length / v.length >= 0.3) return false;
  if (/^[a-z]+$/.test(v)) return v.length >= 16;
  const upper = v.replace(/[^A-Z]/g, '').length;
  return v.length >= 12 && upper >= 3 && v.length - upper >= 3 && !/^[a-z]*(?:[A-Z][a-z]+)+$/.test(v);
}

/** A generated value: 24+ characters without blanks, digits and both cases, switching between them
 * often (random text does about every other character; `userProfileCache2024Version` five times). */
export function generated(v: string): boolean {
  if (v.length < 24 || !/^[A-Za-z0-9+/=_~-]+$/.test(v) || !hasDigit(v) || !mixedCase(v) || classSwitches(v) < 10) return false;
  // Not words joined up (`meta-llama/Meta-Llama-3-8B-Instruct`, `feature/JIRA-1234-add-API-keys-v2`, a cache key
  // `setup-go-Linux-x64-…`), a path (`blobs/…`), a digest (`sha256-…`) or a file in base64 (PNG, JPEG, GIF, PDF).
  if ((v.match(/(?:^|[-/_.:])[A-Za-z][a-z]{3,}(?=$|[-/_.:])/g)?.length ?? 0) >= 2) return false;
  return !/^(?:[a-z]{3,}\/|(?:sha(?:1|256|384|512)|md5)[-_:]|iVBORw0KGgo|\/9j\/|R0lGOD|JVBERi|UklGR)/.test(v);
}

/** A shorter generated value (16–23 characters): digits and both cases, switching at least every third
 * character, and not words run together (`DeK23VLDYsfwcx1WYU`, not `getUser2FaToken1`). */
export function generatedShort(v: string): boolean {
  if (v.length >= 24) return generated(v);
  if (v.length < 16 || !/^[A-Za-z0-9+/=_~-]+$/.test(v) || !hasDigit(v) || !mixedCase(v) || classSwitches(v) < Math.ceil(v.length * 0.35)) return false;
  // Not words run together (`myCacheKey2024v1`): at most one capitalised or lower-case run of 3+ letters with a vowel.
  return (v.match(/[A-Z]?[a-z]+/g) ?? []).filter((w) => w.length >= 3 && /[aeiouy]/i.test(w)).length < 2;
}

/** How often `v` switches between lower case, upper case, digits and other characters. */
export function classSwitches(v: string): number {
  const classes = v.replace(/[a-z]/g, 'a').replace(/[A-Z]/g, 'A').replace(/\d/g, '0').replace(/[^aA0]/g, '.');
  let switches = 0;
  for (let i = 1; i < classes.length; i++) if (classes[i] !== classes[i - 1]) switches++;
  return switches;
}

/**
 * A type or class name (`_EllipticCurvePrivateKey`, `crypto.PrivateKey`, `V1SecretVolumeSource`): capitalised
 * words, short numbers between them, ending in a word. A word and a number (`Summer2024`,
 * `Password123`, `Abc12Def34`) is how people make passwords, not how they name types.
 */
export function looksLikeTypeName(v: string): boolean {
  // (A digit group is one or two digits and no more: `(?!\d)` leaves a run of digits one way to split.)
  return /^(?:[a-z]+\.)?_?(?:[A-Z][a-z]{2,}|[A-Z]?\d{1,2}(?!\d))(?:[A-Z][a-z]{2,}|\d{1,2}(?!\d))*[A-Z][a-z]{2,}$/.test(v);
}

/** A session or token cookie's name (`PHPSESSID`, `connect.sid`, `session`, `auth_token`, `laravel_session`). */
/** A cookie value that reads as a token: 16+ characters with digits and letters, not words joined by dashes. */
const cookieTokenLike = (v: string): boolean => v.length >= 16 && hasDigit(v) && /[A-Za-z]/.test(v) && !/^[a-z]+(?:[-_][a-z0-9]+)+$/.test(v);

/** Whether a cookie header's value holds a secret: a session or token cookie by its name, or a value that reads as a token.
 * `Set-Cookie` sets one cookie (its attributes after it); `Cookie` sends several. */
function cookieHeaderSecret(s: string, set: boolean): boolean {
  // (Several `Set-Cookie` values joined by `, `: the first pair of each.)
  const pairs = set ? s.split(/,[ \t]*(?=[^;,=\s]+=)/).map((c) => c.split(';', 1)[0]!) : s.split(';');
  return pairs.some((pair) => {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    return SESSION_COOKIE.test(name.trim()) || cookieTokenLike(value.trim());
  });
}

const SESSION_COOKIE = /^(?:[\w.-]{0,40}[_.-])?(?:sess(?:ion)?(?:[_-]?id)?|sid|jwt|(?:auth|access|refresh|id|csrf|xsrf)?[_-]?token)$|^(?:php|j)sess(?:ion)?id$|^asp\.net_sessionid$|session$|^auth$|^cf_clearance$|^wordpress_logged_in_|^remember(?:[_-](?:me|token|user[_-]token|web_\w+))?$/i;

/** Two-letter words a camel-case name is made of (`sessionId`, `expiresAt`, `changeMe`, `dbUrl`). */
/** Words of code without a vowel (`XMLHttpRequest`, `parseHtml`, `SqlClient`). */
const VOWELLESS_WORDS = new Set('http https html xml sql css ssh tcp udp jwt pdf svg png dns grpc npm cdn smtp ftp sftp xhr rpc'.split(' '));
const SHORT_WORDS = new Set('id at me of to in on by is up ok db no or an as do go if it my so us we be io os ui ux js ts qa'.split(' '));

/**
 * A name in camel or Pascal case (`InvalidToken`, `changeMe`, `devJWTSecret`, `notASecret`, `sessionId2`): words
 * of three letters or more with a vowel, known two-letter words, one acronym, digits only at its end. Random
 * letters and digits seldom are (0.4 % of them; 1.9 % of letters only): `Px1D2yR5pdL4g` and `oLpSz6bVPvzZOQIZ7H5s`
 * read as names to the test this replaced (any run of capitals each followed by lower case or digits), a third
 * of random values did (a leak hunt, 2026-11-27).
 */
export function camelName(v: string): boolean {
  const m = /^([A-Za-z]+?)\d{0,4}$/.exec(v);
  if (!m) return false;
  const humps = m[1]!.match(/[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]/g) ?? [];
  if (humps.length < 2) return false;
  let acronyms = 0;
  return humps.every((h, i) => {
    if (/^[A-Z]{2,5}$/.test(h)) return ++acronyms <= 1;
    if (h.length === 1) return (i === 0 && h >= 'a') || i === humps.length - 1 || h === 'A' || h === 'I';
    if (h.length === 2) return SHORT_WORDS.has(h.toLowerCase());
    return /[aeiou]/i.test(h) || (h.length === 3 && /y/i.test(h)) || VOWELLESS_WORDS.has(h.toLowerCase());
  });
}

/** Values that are types, literals or words rather than secrets. */
const NOT_SECRETS = new Set(
  ('true false null none nil undefined string str number int integer bool boolean object any unknown void ' +
    'bytes required optional secret secrets password passwd token key value redacted masked hidden placeholder ' +
    'example empty default env include omit same-origin use-credentials anonymous changeme change-me change_me replaceme replace-me ' +
    'removed deprecated compat')
    .split(' '),
);
/** Words after `--password` / `--token` in prose and help text. */
const FLAG_WORDS = new Set(
  'flag option options argument arg is to and or the with for in of a an from file stdin prompt when if as only on via environment variable here this that it must should can will your you not'.split(
    ' ',
  ),
);
/** `*_KEY` names that hold keys of maps, caches and tables, not secrets (UPPER_CASE names). */
const KEY_DENY = new Set(
  ('cache primary foreign sort partition public pub object idempotency dedup unique composite lookup map hash ' +
    'group index row range bucket file field column table i18n translation message label element item list node ' +
    'route query search shortcut hot keyboard event state store storage local cursor page next prev sequence order ' +
    'match dict config env id name type value data host ssh gpg pgp dedupe upload image img blob idempotent site publishable')
    .split(' '),
);
/** `*Key` / `*_key` names that hold secrets (lower or camel case names). */
const KEY_ALLOW = new Set(
  ('api access secret private signing sign encryption encrypt master client account auth app session service ' +
    'webhook consumer license admin deploy shared hmac jwt crypto cipher subscription openai anthropic claude stripe ' +
    'sendgrid google gemini maps mapbox twilio mailgun algolia firebase supabase pusher github gitlab aws azure gcp ' +
    'slack resend groq mistral cohere deepseek openrouter together fireworks replicate perplexity xai voyage pinecone ' +
    'datadog dd sentry newrelic honeycomb posthog segment amplitude mixpanel cloudflare vercel netlify heroku linear ' +
    'notion airtable elevenlabs deepgram tavily serp serpapi exa brave bing root user preshared routing integration ' +
    'ingest sdk write validation decryption')
    .split(' '),
);
/** `*_token` names that are not credentials (pagination, tokenizer special tokens, counters). */
const TOKEN_DENY = new Set(
  ('next page pagination continuation cancellation cancel sync max min bos eos pad unk sep cls mask special stop ' +
    'prompt input output total count num per first last start end forward backward client idempotency request public csrf key')
    .split(' '),
);

/** Words after a keyword that name something about the secret rather than a variant of it
 * (`PASSWORD_MIN_LENGTH`, `API_KEY_FILE`, `TOKEN_URL`, `SECRET_KEY_ID`). */
const SUFFIX_DENY = new Set(
  ('file path dir folder url uri endpoint host port header headers name names id ids type kind env var vars field param ' +
    'length len min max minimum maximum ttl expiry expires expire expiration lifetime age timeout limit count size ' +
    'prefix suffix format algorithm alg algo encoding location ref arn regex pattern label message msg hint ' +
    'user username email login scope scopes audience issuer mode enabled enable disabled disable required policy ' +
    'version command cmd prompt provider source store storage cache schema column table index class method strategy ' +
    'helper handler manager rotation rounds iterations strength reset change changed hash hashed digest ' +
    'chars characters digits special symbols history attempts retries retry lockout flag flags option options config ' +
    'setting settings placeholder example sample mask masked hidden visible display show set get fetch load read validation')
    .split(' '),
);

/** The keyword with what follows it in the name (`API_KEY` + `_2`). */
function fullKey(m: RegExpExecArray): string {
  return (m.groups?.key ?? '') + (m.groups?.suffix ?? '');
}

/** Whether the name's suffix after its keyword names a variant of the secret (`_2`, `_RO`, `_PROD`,
 * `_GITHUB`, `_v4`): words after the keyword only in an UPPER_CASE name, and none that says what the
 * value is about instead (`_MIN_LENGTH`, `_FILE`, `_URL`). */
function keywordSuffix(prefix: string, m: RegExpExecArray): boolean {
  const suffix = m.groups?.suffix ?? '';
  if (suffix === '' || /^[_-]?v?\d{1,3}$/.test(suffix)) return true;
  // (`secretValue`, `token_value`, `secretData`: the value of what the name says, when it is one generated word.)
  if (/^(?:[_-]?[Vv]alue|Data|_data)$/.test(suffix)) {
    const v = m.groups?.secret ?? '';
    return !/\s/.test(v) && v.length >= 8 && hasDigit(v) && /[A-Za-z]/.test(v);
  }
  return UPPER_NAME.test(prefix + fullKey(m)) && !suffix.split('_').some((w) => SUFFIX_DENY.has(w.toLowerCase()));
}

/** Start of the key name that ends at `at` (letters, digits, `_`, `-`, `.`). */
function keyNameStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && at - i < 64 && /[\w.-]/.test(text[i - 1]!) && text[i - 2] !== '\\') i--;
  return i;
}

/** Last word of a key prefix: `OPENAI_API_` → `api`, `myPrivate` → `private`. */
function lastWord(prefix: string): string {
  const m = /(?:[A-Z]?[a-z0-9]+|[A-Z0-9]+)[_.-]*$/.exec(prefix);
  return m ? m[0].replace(/[_.-]+$/, '').toLowerCase() : '';
}

function secretKeyName(prefix: string, keyword: string): boolean {
  const k = keyword.toLowerCase().replace(/^[_.-]/, '');
  // Short words that end other words (`bypass`, `compass`): only as a name of their own. A signed
  // URL's `X-Amz-Credential` / `X-Goog-Credential` names an account, not a secret.
  if (k.startsWith('credential') && /x-(?:amz|goog)-$/i.test(prefix)) return false;
  if (k === 'pass' || k === 'pwd' || k === 'pw' || k.startsWith('credential')) {
    // (`SSHPASS`, which `sshpass -e` reads; redis's `requirepass`.)
    // (Glued to a word that names what it opens: offlineimap's `remotepass`, `smtppass`, `dbpwd`.)
    return prefix === '' || /^(?:--)?require$/i.test(prefix) || prefix + keyword === 'SSHPASS' || /[_.-]$/.test(prefix) || keyword.startsWith('_') || keyword.startsWith('-') || (/[a-z0-9]$/.test(prefix) && /^[A-Z]/.test(keyword)) ||
      (k !== 'pw' && !k.startsWith('credential') && /(?:^|[_.-])(?:remote|local|smtp|imap|pop3?|mail|db|sql|mysql|pg|ftp|sftp|ldap|admin|root|user|proxy|vnc|rpc|bind|master|ssh|store|server|client|redis|mongo|rabbit|amqp|sasl|wifi|wpa)$/i.test(prefix));
  }
  if (k !== 'key' && k !== 'token') return true;
  const word = lastWord(prefix);
  if (k === 'token') return !TOKEN_DENY.has(word);
  if (word === '') return false;
  return UPPER_NAME.test(prefix + keyword) ? !KEY_DENY.has(word) : KEY_ALLOW.has(word);
}

/** Placeholders, references, masks and type names are not secrets (and a PEM block is left
 * whole to the private_key rule). */
export function isSecretValue(v: string): boolean {
  // \$VAR, \${…}, \$(…), %(name)s, <your-token>, {{ … }}, #{…}: references, not values (a bcrypt \$2b\$… is a value).
  // (A `$` before a name in one case, or a lower-case one with digits at its end, is a reference; a
  // value may start with `$` too: `$Tr0ngPass99`, `$dMoZhq3DIloNLKV7YQ2gldaMeC6Wms0`.)
  if (/^(?:\[REDACTED|\$(?=[{(]|[A-Z_][A-Z0-9_]*$|[a-z_][A-Za-z_]*\d*$)|%\(|<[^<>]*>$|\{\{|#\{|-----BEGIN)/.test(v)) return false;
  if (v.includes('${') || v.includes('{{')) return false;
  // ASP.NET's `<machineKey validationKey="AutoGenerate,IsolateApps">`: a key generated per machine, not a value.
  if (v.startsWith('AutoGenerate')) return false;
  if (/^(.)\1*$/.test(v) || /^[*xX•._-]+$/.test(v)) return false;
  // Escapes alone (`b"\x02"`, `"\u0000"`, `"\n"`) are bytes or characters, not a value someone chose.
  if (/^(?:\\{1,16}(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{1,3}|[abfnrtv]))+$/.test(v)) return false;
  // A version or range (`^9.0.2`, `~1.0.2`), a mask (`sk-••••3f9a`, `gho_****`, `sk-proj-...4f2a`), a word for a
  // hidden value (`[redacted]`, `(hidden)`, `<REDACTED>`), a reference to a secret store (`env:API_KEY`,
  // `secretref:api-token`, `@Microsoft.KeyVault(…)`), an SSH public key, an ARN or a flag (`--iam-account=…`).
  // (A value cut short for display, `Xk9fP2mQ7vLr8sTn3WbYq1Zc…`, shows the secret's first characters: its head is read
  // as the value when it is long and random; a mask shows four or so, `sk-proj-...4f2a`, `ghp_…`.)
  // (A vendor's token cut short, `npm_Q7vL…`, is its own rule's.)
  const cut = /^([^\s.…•*]{16,})(?:\.{3}|…)$/.exec(v);
  // (Nor a JWT's header, `eyJhbGciOiJIUzI1NiIs…`: the same in every token.)
  if (cut && !/^[A-Za-z]{2,12}[_-]/.test(cut[1]!)) return !cut[1]!.startsWith('eyJ') && generatedShort(cut[1]!) && isSecretValue(cut[1]!);
  if (/^[~^<>=]{1,2}v?\d+(?:\.\d+){0,3}(?:[-+][\w.]+)?$/.test(v) || /•|\*{4}|\.{3}|…/.test(v)) return false;
  if (/^[[(<{]?(?:redacted|hidden|masked|removed|omitted|secret|sensitive|not set|unset|none)[\])>}]?[/|#]?$/i.test(v)) return false;
  if (/^(?:env|secretref|secret|vault|op|ssm|keyring|file|keychain):[\w./#-]+$/i.test(v) || v.startsWith('@Microsoft.KeyVault(')) return false;
  if (/^(?:process\.env|import\.meta\.env|os\.environ|Deno\.env)\b/.test(v) || /^\$\w+\//.test(v) || /^(?:kms:)?alias\/[\w/-]+$/.test(v)) return false;
  if (/^(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp\d{3}|sk-ssh-ed25519@openssh\.com)[ \t]/.test(v) || /^arn:aws[\w-]*:/.test(v) || /^--[a-z]/.test(v)) return false;
  // Placeholders: `TODO`, `dummy`, `fake-api-key-for-tests`, a zero UUID.
  if (/^(?:todo|tbd|fixme|dummy|test|testing|fake|sample|final)$/i.test(v) || /^(?:fake|dummy|sample|example|placeholder)(?:[-_][a-z]+)+$/.test(v) || /^[0_-]+$/.test(v)) return false;
  // A vendor prefix and an ellipsis (`sk_test_...`, `ghp_…`) shows the shape, not a value.
  if (/^[A-Za-z]{1,8}[_-](?:[A-Za-z]{1,8}[_-])?(?:\.{3}|…)$/.test(v)) return false;
  // `.env.example`: `your-openai-api-key`, `your_token_here`.
  if (/^(?:your|my)[-_ ][a-z0-9_ -]*$/i.test(v)) return false;
  // Masks (`:****`), colours (`#cccccc`), format strings (`%s:%s`, `{0}:{1}`) and regular expressions (`\d+`,
  // `[\w.-]`; a lone `\s` may be a password's backslash and an s).
  if (!/[A-Za-z0-9]/.test(v) || /^#[0-9a-fA-F]{3,8}$/.test(v) || /^\d+(?::\d+)+$/.test(v) || /^(?:%[sdr]|\{[\w.]*\}|[:@/ ,;-])+$/.test(v)) return false;
  if (/\(\?[:=!<]|\[\^?[A-Za-z0-9]-[A-Za-z0-9]|\\[dwsS][+*?{]|\[[^\]]{0,40}\\[dws]/.test(v)) return false;
  // (`subjectToken: Required.` in generated API docs: a word and a full stop.)
  return !NOT_SECRETS.has(v.toLowerCase().replace(/\.$/, ''));
}

/** Whether the key name at `ks` is part of an ARN (`arn:aws:secretsmanager:…:secret:prod/db`). */
function inArn(text: string, ks: number): boolean {
  if (!text.slice(Math.max(0, ks - 200), ks).includes('arn:')) return false;
  let i = ks;
  while (i > 0 && ks - i < 200 && !/[\s"'`,=]/.test(text[i - 1]!)) i--;
  return text.startsWith('arn:', i);
}

/** Whether `i` (start of a key name) begins a line — YAML, .env, shell; real or `\n`-escaped
 * newlines; the start of the text or of a JSON string also count. */
function atLineStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  // (`export`, as many as there are: a loop, not a call per word.)
  while (j >= 5 && text.slice(j - 5, j + 1) === 'export') {
    j -= 6;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  }
  // bash's `export -p` / `declare -p` (`declare -x NAME="…"`, `declare -rx`), zsh's `typeset -x`.
  if (j >= 9 && text[j] === 'x' && text[j - 1] !== ' ') {
    const m = /(?:declare|typeset)[ \t]{1,4}-[a-wyzA-Z]{0,4}x$/.exec(text.slice(Math.max(0, j - 24), j + 1));
    if (m) {
      j -= m[0].length;
      while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    }
  }
  if (afterGrepPrefix(text, j)) return true;
  if (j >= 0 && (text[j] === '-' || text[j] === '+' || text[j] === '>')) j--; // YAML list item, diff line, quote
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  // A numbered file view (`    12→`, `cat -n`'s `    12⇥`).
  const numbered = j >= 0 && ((text[j] === '→' && /\d/.test(text[j - 1] ?? '')) || (/\d/.test(text[j]!) && text[j + 1] === '\t'));
  if (numbered) {
    if (text[j] === '→') j--;
    while (j >= 0 && /\d/.test(text[j]!)) j--;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  }
  if (afterGrepPrefix(text, j)) return true;
  const c = text[j];
  return c === undefined || c === '\n' || c === '\r' || c === '"' || (text[j - 1] === '\\' && (c === 'n' || c === 'r'));
}

/** Whether `j` ends grep's `path:12:` (a match) or `path-12-` (a line of context) at a line start. */
function afterGrepPrefix(text: string, j: number): boolean {
  if (text[j] !== ':' && text[j] !== '-') return false;
  const m = /(?:^|[\r\n"→]|\\[nr])[^\s:"\\→]{1,300}([:-])\d{1,7}$/.exec(text.slice(Math.max(0, j - 320), j));
  return m !== null && m[1] === text[j];
}

/** Whether the value ending at `end` ends its line (or its JSON string). */
function atLineEnd(text: string, end: number): boolean {
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  const c = text[j];
  if (c !== '\\') return c === undefined || c === '\n' || c === '\r' || c === '"' || c === '#';
  // An escaped line break or quote, at any depth (`\n`, `\\n`).
  while (text[j] === '\\' && j - end < 40) j++;
  return /[nr"]/.test(text[j] ?? '');
}

/** Base64 that happens to start with `/` (1 key in 64 does), not a path: a run of 16+ characters
 * between slashes in mixed case with digits, or a `+`. */
function base64Like(v: string): boolean {
  return v.includes('+') || v.split('/').some((part) => part.length >= 16 && mixedCase(part) && hasDigit(part));
}

/** snake_case / kebab-case names and flags (`gs_oauth2_refresh_token`, `scram-sha-256`, `--hostname=…`). */
const IDENTIFIER_LIKE = (v: string): boolean => v.startsWith('-') || /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$/.test(v);
/** A URL without credentials, a file path, a port mapping, a signing scope, a host name, an e-mail
 * address or a `name=` fragment: never a secret. */
function notData(v: string, password = false): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(v) ||
    (/^(?:~|\.{1,2})?\/[\w.~@%+-]+(?:\/[\w.~@%+-]*)*$/.test(v) && !base64Like(v)) ||
    /^\d+(?::\d+)+$/.test(v) ||
    /\/(?:aws4|goog4)_request$/.test(v) ||
    /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d{1,5})?$/.test(v) ||
    // (An address needs a dotted domain or a lower-case word: `from@abc`, not `P@ssw0rd3553`; under a password's
    // name, with a lower-case word after it, a lower-case name before it too: `Zx9Kq2Lm@prod`, `Ch@ngeme` are how
    // passwords put `@` for `a`.)
    (password ? /^[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$|^[a-z][a-z0-9._+-]*@[a-z]+$|^[A-Za-z][A-Za-z._+-]{2,}@[a-z]+$/ : /^[\w.+-]+@(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|[a-z]+)$/).test(v) ||
    /^[A-Za-z_]+=$/.test(v)
  );
}

/** Key = value in env, YAML, JSON, shell and code. Quoted values are literals, so they count;
 * unquoted ones must look like data, not an identifier, call or member access. */
function assignmentName(secret: string, m: RegExpExecArray, text: string, start: number, end: number, joiner?: string): boolean {
  const keyword = m.groups?.key ?? '';
  // (Positions after the name count its suffix: `API_KEY_2=`.)
  const fullName = fullKey(m);
  const ks = keyNameStart(text, start);
  const prefix = text.slice(ks, start);
  if (!keywordSuffix(prefix, m)) return false;
  const inQuery = (text[ks - 1] === '?' || text[ks - 1] === '&') && text[start + fullName.length] === '=';
  // A label of words: `Secret Key:`, `S3 Secret Key:`, `API Key:`.
  const label = prefix === '' && keyword === 'Key' ? (/([A-Za-z0-9]+) $/.exec(text.slice(Math.max(0, ks - 40), ks))?.[1] ?? '') : '';
  const named =
    secretKeyName(label || prefix, keyword) ||
    // (`?key=` as the query rule judges it: 16+ letters and digits.)
    (inQuery && prefix === '' && keyword.toLowerCase() === 'key' && /^[A-Za-z0-9_%.~-]{16,}$/.test(secret) && hasDigit(secret) && /[A-Za-z]/.test(secret)) ||
    // Any other `*_key` / `*Key` holding a generated value (`server_key`, `streamKey`, `cookie_key`), but
    // not the keys of maps, caches and tables (a storage account's key is a secret).
    // A bare `key` too (kaggle.json, .NET `"Jwt": {"Key": …}`, rclone `key = …`).
    (/^[_.-]?key$/i.test(keyword) && (!KEY_DENY.has(lastWord(prefix)) || /^(?:storage|primary)$/.test(lastWord(prefix))) && generated(secret));
  if (!named || !isSecretValue(secret) || inArn(text, ks) || notData(secret, /^[_.-]?(?:pass(?:word|wd|phrase|code)?|pwd|pw)$/i.test(keyword))) return false;
  // A Kubernetes manifest names a Secret object (`existingSecret: redis-auth`, `imagePullSecret: regcred`).
  if (/^secret/i.test(keyword.replace(/^[_.-]/, '')) && /(?:existing|pull|tls|ref)$/i.test(prefix) && /^[a-z0-9][a-z0-9.-]*$/.test(secret)) return false;
  // `${DB_PASSWORD:?required}`, `${TOKEN:-}`: a shell parameter expansion names a variable.
  if (text[ks - 1] === '{' && text[ks - 2] === '$') return false;
  // A name with a variant after its keyword (`DB_PASSWORD_RO`) holds a generated value, not a word: C headers
  // document such names (`@GNUTLS_HANDSHAKE_KEY_UPDATE: TLS1.3 key update`).
  // (Nor constants: `TLS1_TXT_PSK_WITH_NULL_SHA256 "PSK-NULL-SHA256"`.)
  if ((m.groups?.suffix ?? '') !== '' && /^[A-Z0-9]+(?:[-_.][A-Z0-9]+)+$/.test(secret)) return false;
  if ((m.groups?.suffix ?? '') !== '' && !(secret.length >= 8 && ((hasDigit(secret) && /[A-Za-z]/.test(secret)) || (/[^\w\s.-]/.test(secret) && !/\s/.test(secret)))) && !randomLetters(secret)) return false;
  // A constant's name (`TEST_DATA_KEY: TEST_DATA_BASE64`, `'KEYPASSWD', 'KRB4LEVEL'`), or the key's
  // own name in another case (`('OAUTH2_CLIENT_SECRET', 'oauth2ClientSecret')`).
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(secret) || /^[A-Z]+\d+[A-Z]+$/.test(secret)) return false;
  const norm = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (norm(prefix + keyword).endsWith(norm(secret))) return false;
  const before = text[end - secret.length - 1];
  const quoted = before === '"' || before === "'" || before === '`';
  // What joins the name to the value: one of the forms ASSIGN lists.
  const op = joiner ?? text.slice(start + fullName.length, end - secret.length);
  if (!/value/i.test(op)) {
    // `("NAME", "value")`: a call's two arguments; the value must look like data, not a word or
    // another name (`['_auth', '_authToken']`).
    // (A WordPress salt holds blanks among its symbols: `define( 'AUTH_KEY', '@)@f}/ap%^/6%%2~i 1}_{3T…' )`.)
    const salt = secret.length >= 32 && (secret.match(/[^\w\s]/g)?.length ?? 0) >= 8 && (secret.match(/\s/g)?.length ?? 0) <= 4;
    // A two-column CSV row (`DB_PASSWORD,…`): the name first on its line, a generated value last.
    if (op === ',') return atLineStart(text, ks) && atLineEnd(text, end) && (UPPER_NAME.test(prefix + fullName) || /^[a-z0-9_.-]+$/.test(prefix + fullName)) && secret.length >= 8 && hasDigit(secret) && /[A-Za-z]/.test(secret) && !/\s/.test(secret) && !TYPE_OR_NUMBER.test(secret);
    if (op.includes(',')) return /["']/.test(text[ks - 1] ?? '') && secret.length >= 6 && (!/\s/.test(secret) || salt) && (/[^A-Za-z_-]/.test(secret) || (randomLetters(secret) && !/^[A-Z]{3,}|^[A-Z]{2,}[a-z]+(?:[A-Z][a-z]+)*$/.test(secret))) && !MEMBER_PATH.test(secret) && !IDENTIFIER_LIKE(secret);
    // `| NAME | value |`: a table cell holding one word-like value.
    if (/[|│║]/.test(op)) {
      // The row's first bar: only blanks (and a label word) between it and the name, and a line start before it.
      const lead = /[|│║](?:[ \t]*[A-Za-z0-9]+)?[ \t]*(?:\*{1,3}|_{1,3})?$/.exec(text.slice(Math.max(0, ks - 60), ks));
      const bar = lead ? ks - lead[0].length : -1;
      // Numbers, prices and versions in a cell are data about the row, not secrets.
      if (/^[$€£]?\d[\d.,]*%?$/.test(secret) || /^v?\d+(?:[.-][\w]+)+$/.test(secret) || IDENTIFIER_LIKE(secret)) return false;
      if (bar >= 0) return atLineStart(text, bar) && secret.length >= 6 && /^["'\x60]?[ \t]*[|│║]/.test(text.slice(end, end + 41)) && !MEMBER_PATH.test(secret) && ((hasDigit(secret) && /[A-Za-z]/.test(secret)) || /[^\w.$-]/.test(secret));
      // Two columns with no outer bars, the value ending its line: psql's expanded rows (`\x`: `api_key | …`),
      // `column -t -s '|'`. A generated value only.
      return /^[ \t]*[|│║][ \t]*$/.test(op) && atLineStart(text, ks) && atLineEnd(text, end) && secret.length >= 8 && !MEMBER_PATH.test(secret) && hasDigit(secret) && /[A-Za-z]/.test(secret) && !/\s/.test(secret) && !TYPE_OR_NUMBER.test(secret);
    }
    // `<password>value</password>`
    if (/^(?:\\{0,15}["'])?>(?:<!\[CDATA\[)?$/.test(op)) {
      // (Or a namespaced one, `<wsse:Password>`, or a config element named by its `name` / `key` attribute: Android's
      // `<string name="api_key">…</string>`, `<property name="hibernate.connection.password">`, `<entry key="db.password">`.)
      const element =
        op === '>' || op === '><![CDATA['
          ? text[ks - 1] === '<' || /<[A-Za-z][\w-]{0,20}:$/.test(text.slice(Math.max(0, ks - 24), ks))
          : /<(?:string|property|prop|entry|param|parameter|setting|item|add|var|variable|env|arg|attribute|constant|define)[ \t]{1,4}(?:name|key)=\\{0,15}["']$/.test(text.slice(Math.max(0, ks - 40), ks));
      return element && secret.length >= 6 && !IDENTIFIER_LIKE(secret);
    }
    // Two columns, `NAME<blanks>value` on a line of its own (`vault read`, PowerShell `Env:`).
    // The name is UPPER_CASE or lower_case (a Go struct's `Token  *oauth2.Token` is code), a name of its
    // own (`kpasswd  464/tcp` is a service), and the value not a pointer, reference or port.
    if (/^(?:[ \t]{2,}|\t)$/.test(op) && !quoted) {
      const name = prefix + keyword;
      // (A camelCase name with a generated value: Pulumi's `dbPassword    …` rows, also after the project's `acme:`; a Go
      // struct's field holds a type, no random text.)
      const camel = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/.test(name) && generatedShort(secret);
      if (camel) {
        const project = /(?:^|[^\w:.-])([A-Za-z][\w-]{0,40}:)$/.exec(text.slice(Math.max(0, ks - 42), ks))?.[1] ?? '';
        return atLineStart(text, ks - project.length) && /^[ \t]*(?:\r?\n|\\+[nr]|\\{0,15}"|$)/.test(text.slice(end, end + 200));
      }
      if (!(UPPER_NAME.test(name) || /^[a-z0-9_.-]+$/.test(name)) || (prefix !== '' && !/[_.-]$/.test(prefix))) return false;
      if (/^[*&[]/.test(secret) || /^\d+\/(?:tcp|udp)$/.test(secret) || IDENTIFIER_LIKE(secret) || (/^\.{0,2}[\w.-]*(?:\/[\w.:-]+)+$/.test(secret) && !slashedBase64(secret))) return false;
      if (/^(?:pass|pwd|credentials?)$/i.test(keyword.replace(/^[_.-]/, '')) && !(hasDigit(secret) && /[A-Za-z]/.test(secret))) return false;
      return atLineStart(text, ks) && /^[ \t]*(?:[|│][^\n]*)?(?:\r?\n|\\+[nr]|\\{0,15}"|$)/.test(text.slice(end, end + 200)) && secret.length >= 6 && (hasDigit(secret) || /[^A-Za-z0-9_]/.test(secret));
    }
    // fish's `set` lists `NAME value`, one blank between: an UPPER_CASE name alone with a generated value on its line.
    // (Also isync / mbsync's `Pass …` line.)
    if (op === ' ' && !quoted) {
      const mbsync = prefix === '' && fullName === 'Pass' && /(?:^|\n|\\n|")(?:[ \t]{0,8}\d{1,7}→)?(?:IMAPAccount|IMAPStore|User|Host)[ \t]/.test(text.slice(Math.max(0, ks - 400), ks)) && !/[/]|^[\w-]+\.[a-z]{1,5}$|\d\.\d/.test(secret);
      return (UPPER_NAME.test(prefix + fullName) || mbsync) && atLineStart(text, ks) && atLineEnd(text, end) && secret.length >= 12 && hasDigit(secret) && /[A-Za-z]/.test(secret) && !/[^\w+/=.-]/.test(secret);
    }
    // Clojure / EDN: a keyword before a quoted value (`{:api-key "…"}`), `(def api-key "…")`.
    if (/^[ \t]{1,4}\\{0,15}["']$/.test(op) && quoted && (text[ks - 1] === ':' || /\(def[ \t]{1,4}$/.test(text.slice(Math.max(0, ks - 8), ks))))
      return secret.length >= 8 && !/\s/.test(secret) && (hasDigit(secret) || randomLetters(secret)) && !IDENTIFIER_LIKE(secret);
    // `password 'value'`, SQL `PASSWORD 'value'` (no operator): a quoted word after a word that says password.
    if (!/[=:]/.test(op)) {
      if (before === '`' || !/^(?:pass(?:word|wd|phrase)|secret|psk)$/i.test(keyword) || secret.length < 6 || /\s/.test(secret) || IDENTIFIER_LIKE(secret)) return false;
      return (hasDigit(secret) && /[A-Za-z]/.test(secret)) || /[^\w./-]/.test(secret);
    }
  }
  // (An element named like a secret holds its value in a `value` attribute: `<password value="…"/>`.)
  const valueAttribute = text[ks - 1] === '<' && /^[ \t]{1,4}value=\\{0,15}["']$/.test(op);
  if (/value/i.test(op) && !op.includes('{') && !valueAttribute && !/(?:name|key)\\{0,15}["']?[ \t]{0,4}[:=][ \t]{0,4}\\{0,15}["']?[\w/.-]{0,80}$/i.test(text.slice(Math.max(0, ks - 120), ks))) return false;
  // `PASS` on its own is a test result (`--- PASS: TestParse2`), unless assigned (`PASS=…`).
  // (With a generated value, `{"PASS": "…"}` or `PASS: …` is assigned too.)
  if (keyword === 'PASS' && prefix === '' && !op.includes('=') && !generatedShort(secret)) return false;
  const k = keyword.toLowerCase().replace(/^[_.-]/, '');
  // Version numbers, OIDs, addresses (`OID_…_KEY = '1.2.840.113549.1.9.4'`).
  if (/^\d+(?:\.\d+)+$/.test(secret)) return false;
  // The key's own name in another case (`CLIENT_AUTH: "clientAuth"`), or a type name in quotes
  // (`private_key: "_EllipticCurvePrivateKey"`, `key: "rsa.RSAPublicKey"`).
  if (op.includes(':') && !UPPER_NAME.test(prefix + keyword) && looksLikeTypeName(secret)) return false;
  // `*_PAT` is a personal access token (`GITHUB_PAT`) or a pattern (`IPV4_PAT = r"…"`).
  if (k === 'pat' && !/^[A-Za-z0-9_-]{20,}$/.test(secret)) return false;
  // A computed key (`{ [ANNOTATION_KEY]: annotations }`) names a variable, and so does what a subscript is set to
  // (`data["password"] = sa_creds`; not a list's first `KEY=value` string: `["DB_PASSWORD=WinterPurple8364", …]`).
  // (PHP's print_r shows `[password] => value`: letters and digits there are one.)
  if (text[ks - 1] === '[' && text[start + fullName.length] === ']' && /^[A-Za-z_$][\w$]*$/.test(secret) && !(op.includes('=>') && secret.length >= 8 && hasDigit(secret) && /[A-Za-z]/.test(secret))) return false;
  if (
    !quoted &&
    /["']/.test(text[ks - 1] ?? '') &&
    /\[\\{0,15}$/.test(text.slice(Math.max(0, ks - 18), ks - 1)) &&
    /^\\{0,15}["']\]/.test(text.slice(start + fullName.length, start + fullName.length + 18)) &&
    /^[A-Za-z_$][\w$]*$/.test(secret)
  )
    return false;
  // Generated keys and tokens have digits or symbols; a word is a map key, a token type or a name
  // (`ERROR_KEY = 'error'`, `{token: 'linkified'}`, `token = element`).
  if ((k === 'key' || k === 'token') && ((!/[^A-Za-z_-]/.test(secret) && !(secret.length >= 24 && mixedCase(secret))) || (/^_[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(secret) && quoted))) return false;
  // What a `*_KEY` constant names in code: a storage or message key of words (`'sess:user'`, `'todo-app/items@1'`,
  // `'validation.password.too_short'`).
  if (k === 'key' && (secret.match(/(?:^|[/:._@-])[a-z]{3,}(?=$|[/:._@-])/g)?.length ?? 0) >= 2 && !generated(secret)) return false;
  // `PWD=/home/dev/app` is the working directory (`MYSQL_PWD=…` is a password).
  // (But `pwd: Qw7rT9zXk2LmP4vB` in a message, a value no directory is named like, is a password.)
  if (k === 'pwd' && ((!quoted && !inQuery && prefix === '' && !keyword.startsWith('_') && !(strongValue(secret) && !secret.includes('/'))) || /^[~/.]/.test(secret))) return false;
  // Short names (`pass`, `pwd`, `pw`, `credentials`) name many things in code and test output
  // (`ok ? 'PASS' : 'FAIL'`, `--- PASS: TestFoo/case_1`, `credentials: Optional.`): the value must look generated.
  // Playwright's debug names (`DEBUG=pw:browser*`, `debug("pw:adb:runCommand")`) are no passwords.
  if (k === 'pw' && /[:*]/.test(secret) && /^[a-z][A-Za-z-]*(?::[A-Za-z-]+)*(?::?\*)?$/.test(secret)) return false;
  const short = k === 'pass' || k === 'pwd' || (k === 'pw' && !/^[_-]/.test(keyword)) || k.startsWith('credential');
  // (A quoted run of 12+ letters counts: Gmail app passwords are 16 lower-case letters.)
  if (short && /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+\.?$/.test(secret)) return false;
  if (
    short &&
    !inQuery &&
    !(secret.length >= 6 && hasDigit(secret) && /[A-Za-z]/.test(secret) && !/^[\w.-]+(?:\/[\w.-]+)+$/.test(secret)) &&
    !(secret.length >= 8 && /[^\w\s./-]/.test(secret) && !/\s/.test(secret)) &&
    !(quoted && secret.length >= 12 && /^[A-Za-z]+$/.test(secret)) &&
    // (A Gmail app password as Google shows it: four groups of four letters.)
    !(quoted && /^[a-z]{4}(?: [a-z]{4}){3}$/.test(secret)) &&
    !randomLetters(secret)
  ) {
    return false;
  }
  // A quoted command or expression (`"export API_KEY=…"`) is no value: the scan goes on inside it.
  // (A value may open with `,` `;` `)` when a generated one follows: `"password": ",Ab3…"`; not one that runs into a JSON
  // text's next element, `password=';","src"],…`: a Codex call's arguments.)
  if (quoted)
    return secret.length >= 4 && !/^\[[A-Z_]+\]$/.test(secret) && !(/^[\s,;)]/.test(secret) && !(/^[,;)]{1,3}(?=[^\s]{8,}$)(?=.*\d)(?=.*[A-Za-z])/.test(secret) && !/["'`]\s*[,\]}:]/.test(secret))) && !(/\s/.test(secret) && /[=:]/.test(secret));
  const next = text[end];
  // A documentation tag (`@NL80211_ATTR_AUTH_DATA: Fields and …`, `@param password: the …`) describes a name.
  if (text[ks - 1] === '@' && op.includes(':')) return false;
  // (Apache HttpClient's wire log ends a header with `[\r][\n]`: no subscript.)
  // (A call or a subscript, `password=getPass(…)`, `token=tokens[0]`, names no random text: a generated value glued to
  // one is a value and a remark, `password: Xk9f…(rotated)`, `DB_PASSWORD=Xk9f…[…]`.)
  const callOrSubscript = (next === '(' || (next === '[' && !/^\[\\{1,15}[rn]\]/.test(text.slice(end, end + 20)))) && !generatedShort(secret);
  if (callOrSubscript || (next === '>' && secret.endsWith('-')) || secret.length < 3 || (!inQuery && MEMBER_PATH.test(secret))) return false;
  // Type annotations: `password: SecretStr`, `token: JwtPayload`, GraphQL `password: String!`.
  if (!UPPER_NAME.test(prefix + keyword) && op.includes(':') && /^[A-Z][a-z]+(?:[A-Z][a-z]*)*[!?]?$/.test(secret) && atLineEnd(text, end + (/[!?]$/.test(secret) ? 0 : 0))) return false;
  // `self.api_key = api_key`, `password = password`: a variable named after the key.
  // (`Password2024`, `SuperPassword99` and a random value that happens to hold `key` are values; so is
  // the key's word with a letter written as a digit, which names no variable: `Passw0rd`,
  // `Sup3rS3cretPassw0rdXYZ`; `auth0token`, `s3secret` hold the word as it is.)
  const word = k.replace(/[_-]/g, '');
  const bare = secret.toLowerCase().replace(/[_-]/g, '');
  if (
    !UPPER_NAME.test(prefix + keyword) &&
    /^[A-Za-z_$][\w$]*$/.test(secret) &&
    bare.includes(word.slice(0, 5)) &&
    !/\d{2}/.test(secret) &&
    !(word.length >= 4 && !bare.includes(word) && bare.replace(/0/g, 'o').replace(/3/g, 'e').replace(/1/g, 'i').includes(word)) &&
    !generated(secret)
  ) {
    return false;
  }
  if (/^\d+$/.test(secret)) return secret.length >= 6;
  // Hex literals, regex literals and absolute paths (`AUTH_TOKEN=/run/secrets/token`).
  if ((/^0[xob][0-9a-fA-F_]+$/.test(secret) && !/^0x[0-9a-fA-F]{64}$/.test(secret)) || secret.startsWith('/^') || (/^(?:\/[\w.-]+){2,}\/?$/.test(secret) && !base64Like(secret))) return false;
  if (inQuery && secret.length >= 4) return true;
  if (UPPER_NAME.test(prefix + keyword)) return true;
  if (secret.length >= 6 && hasDigit(secret) && /[A-Za-z]/.test(secret)) return true;
  if (secret.length >= 8 && /[@#%^&*!~+/=;,|]/.test(secret)) return true;
  // Random letters (`user=app password=KMRHFItYGSYcbtZTKWkM sslmode=require`, a libpq connection string); not a name of
  // words (`XMLHttpRequest`, `HTTPSConnection`).
  if (randomLetters(secret) && !camelName(secret)) return true;
  return secret.length >= 6 && atLineStart(text, ks) && atLineEnd(text, end);
}

/** A YAML value on the line after its key: more indented than the key, alone on its line, not another key
 * (`type: string`) or a list item; unquoted, it must look generated (letters and digits, or symbols, 8+). Then
 * it is judged as an assignment, the block scalar's `|` / `>` aside. */
function nextLineValue(secret: string, m: RegExpExecArray, text: string, start: number, end: number): boolean {
  const ks = keyNameStart(text, start);
  const indent = m.groups?.indent ?? '';
  // At the name's own indentation: a label or `NAME=` (a line continued after `=\` too) above its value.
  if (indent === '') return labelAboveValue(secret, m, text, start, end, ks);
  if (!atLineStart(text, ks)) return false;
  let i = ks;
  while (i > 0 && ks - i < 40 && /[ \t-]/.test(text[i - 1]!)) i--;
  if (indent.length <= ks - i) return false;
  if (!/["'\x60]/.test(text[end - secret.length - 1] ?? '')) {
    const first = secret.split(/\r?\n|\\+[rn]/, 1)[0]!;
    if (!atLineEnd(text, end) || first.endsWith(':') || first.length < 8) return false;
    if (!((hasDigit(first) && /[A-Za-z]/.test(first)) || /[^\w./-]/.test(first))) return false;
  }
  return assignmentName(secret, m, text, start, end, text.slice(start + fullKey(m).length, end - secret.length).replace(/[|>][1-9+-]{0,2}/, ''));
}

/** A plain word of prose, maybe in brackets or quotes or with a stop (`for`, `(see`, `vault).`). */
const PROSE_WORD = /^[(["'<]*[A-Za-z]+[)\]"'>.,:;!?]*$/;
/** Code around a value: a call (`input("x")`), an operator (`or`, `||`, `??`, `=>`, ` + `), or a line that goes on
 * (`,`, `;`, `{`, `(`, `[`, `\`, `:` at its end). */
const CODE_IN_VALUE = /(?:^|\s)(?:or|and|if|else|not|in|is|for|then|fi)(?:\s|$)|\|\||&&|\?\?|=>|[!=]==?|\s[+*/%-]\s|[,;{([\\:]$/;

/** A call in a value (`input("x")`, `os.getenv(…)`): a name of two lower-case letters in a row just before a `(`. Read
 * back from each `(`: the regex that did this backtracked cubically on a long word with no `(` (0.35 s a 1 KB line, a
 * review of rules .66). */
function callInValue(v: string): boolean {
  for (let at = v.indexOf('('); at >= 0; at = v.indexOf('(', at + 1)) {
    let i = at;
    while (i > 0 && /[\w$.]/.test(v[i - 1]!)) i--;
    // (As `[A-Za-z_$][\w$.]*[a-z]{2}[\w$]*\(` read it: the two letters after the name's last dot, a letter, `_` or `$` before them.)
    const name = v.slice(i, at);
    const first = name.search(/[A-Za-z_$]/);
    if (first < 0) continue;
    for (let k = Math.max(name.lastIndexOf('.') + 1, first + 1); k + 1 < name.length; k++) {
      if (/[a-z]/.test(name[k]!) && /[a-z]/.test(name[k + 1]!)) return true;
    }
  }
  return false;
}

/** Code around a value (CODE_IN_VALUE, or a call). */
const codeInValue = (v: string): boolean => callInValue(v) || CODE_IN_VALUE.test(v);

/** A word after a value that is no part of it: a date, a time, a number (with a unit), a lower-case `snake_name`. */
const TRAILING_NOTE = /^(?:\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|\d{1,2}:\d{2}(?::\d{2})?|\d+(?:\.\d+)?(?:ms|[smhdwy]|mo|min|sec|days?|[KMG]i?B?|[kmg]b|%)?|[a-z]+(?:[_-][a-z0-9]+)+)[.,;]?$/;

/** The words of a value with blanks, read as one secret: each holds a letter or a digit; after the first, none is a
 * word of prose, a flag or a bracketed note, a path or a file, a `name=` pair or a command's name (`PASSWORD=x npm
 * test`, `password: x (rotated)`, `password=x user=app`); at most one word of letters, and only first (`ab cd9X…`). */
function oneSecretWords(v: string): boolean {
  const tokens = v.split(/[ \t]+/).filter((t) => t !== '');
  if (tokens.length <= 1) return true;
  let words = 0;
  for (const [i, t] of tokens.entries()) {
    if (!/[A-Za-z0-9]/.test(t)) return false;
    if (PROSE_WORD.test(t) && !randomLetters(t.replace(/[^A-Za-z]/g, ''))) {
      if (i > 0 || ++words > 1) return false;
      continue;
    }
    if (i > 0 && (/^[(\-$~]|^\.{0,2}\/|^[\w.-]+=|^[\w-]+\.[a-z]{1,5}$|^[a-z]+\d{0,2}(?:\.\d+)?$/.test(t) || t.endsWith(')'))) return false;
    // (Nor a date, a time, a number or a duration, a lower-case name after it: `Xk9… 2026-01-05`, `… 3600s`, `… user_01`;
    // nor a list: `P@ssw0rd, P@ssw0rd1`.)
    if (i > 0 && (TRAILING_NOTE.test(t) || tokens[i - 1]!.endsWith(','))) return false;
  }
  return true;
}

/** Public data under a key's name: a public key (an X.509 SubjectPublicKeyInfo in base64: RSA, EC, Ed25519), a key's
 * fingerprint in groups of hex (`3AA5 C343 …`), a byte table (`0x1F 0x2A …`), a URL or path. */
function publicData(v: string): boolean {
  const flat = v.replace(/\s/g, '');
  return (
    /^MI[IG][A-Za-z0-9+/]{1,3}(?:ANBgkqhkiG9w0BAQEFAAO|MA0GCSqGSIb3DQEBAQUAA4)|^MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE|^MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE|^MCowBQYDK2Vw/.test(flat) ||
    /^[0-9A-Fa-f]{4}(?:[ \t]{1,2}[0-9A-Fa-f]{4}){4,15}$/.test(v.trim()) ||
    /(?:^|\s)0x[0-9A-Fa-f]{1,16},?\s+0x[0-9A-Fa-f]{1,16}(?:,|\s|$)/.test(v) ||
    /(?:^|\s)(?:[a-z][a-z0-9+.-]{1,15}:\/\/|\.{0,2}\/[\w.-])/i.test(v)
  );
}

/** Letters and digits enough for a secret (or random letters), the blanks and quotes aside. */
function secretChars(v: string): boolean {
  const vv = v.replace(/[\s"'`]/g, '');
  return vv.length >= 8 && ((hasDigit(vv) && /[A-Za-z]/.test(vv)) || randomLetters(vv.replace(/[^A-Za-z]/g, '')));
}

/** Whether the key name at `ks` starts a line of plain text (not a JSON string's or an escaped line's). */
function plainLineStart(text: string, ks: number): boolean {
  // (The name's own opening quote aside: `"password": "Ab"cd…",` on a line of its own.)
  const line = text.slice(text.lastIndexOf('\n', ks - 1) + 1, ks).replace(/"$/, '');
  return !line.includes('"') && !/\\n/.test(line);
}

/** A value to its line's end (LINE_VALUE), which the main rule would cut at a blank, a quote, `,`, `}` or a symbol it
 * opens with: a config line's key (`NAME=`, `name = `, `name: `) at the line's start, a value that is one secret
 * (oneSecretWords), not code, a reference or a path. */
function wholeLineValue(secret: string, m: RegExpExecArray, text: string, start: number): boolean {
  const esc = m.groups?.esc !== undefined;
  const oq = m.groups?.oq;
  const op = (m.groups?.op ?? '').replace(/^\\*["']/, '');
  const ks = keyNameStart(text, start);
  const prefix = text.slice(ks, start);
  const keyword = m.groups?.key ?? '';
  if (!atLineStart(text, ks) || (!esc && !plainLineStart(text, ks)) || !secretKeyName(prefix, keyword) || !keywordSuffix(prefix, m)) return false;
  // (A quoted name is JSON's, whose value is quoted: `"password": Ab cd` is no config line.)
  if (op !== (m.groups?.op ?? '') && oq === undefined) return false;
  const v = esc ? secret.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))).replace(/\\(.)/g, '$1') : secret;
  // Only what the other rules stop short of: a value they take whole is theirs, and a plain quoted one too.
  if (oq !== undefined ? !v.includes(oq) : /^[^\s"'`;,(){}[\]<>\\|&]+$/.test(v) || /^["'`]/.test(v)) return false;
  // (An UPPER_CASE name's value with `;`, `,`, `|`, `&` or brackets and no blank or quote is the rule before the main one's.)
  if (oq === undefined && UPPER_NAME.test(prefix + fullKey(m)) && /^[A-Za-z0-9]/.test(v) && !/[\s"'`]/.test(v)) return false;
  const colon = op.includes(':');
  const lead = /^[^A-Za-z0-9]+/.exec(v)?.[0] ?? '';
  if (lead !== '') {
    // (After `: ` a YAML anchor, alias, tag, block, flow or directive: `password: &pw …`, `*pw`, `!vault |`, `[a, b]`.)
    if (oq !== undefined || /\s/.test(v) || (colon ? /^[&*!|>%@`[{#?~/-]/ : /^[#$([{<~/-]/).test(lead)) return false;
    const rest = v.slice(lead.length);
    if (!(rest.length >= 8 && hasDigit(rest) && /[A-Za-z]/.test(rest) && classSwitches(rest) >= 3)) return false;
  }
  // (A string literal with a prefix, `r"…"`, `b'…'`, is code; a `*_PAT` is a token of one word or a pattern.)
  if (!isSecretValue(v) || notData(v, true) || codeInValue(v) || codeLike(v) || /^[~/]|\$[({]|\$[A-Za-z_]|^[bBrRuUfF]{1,2}["']/.test(v) || /pat$/i.test(keyword)) return false;
  // (Nor a query string's next parameter: `oauth_token_secret=…&oauth_token=…`.)
  if (!oneSecretWords(v) || !secretChars(v) || /&[A-Za-z_][\w.-]{0,40}=/.test(v) || publicData(v)) return false;
  // A bare `key` or `token` (a map's, a lexer's) holds a generated value only.
  if (/^[_.-]?(?:key|token)$/i.test(keyword) && !UPPER_NAME.test(prefix + keyword) && classSwitches(v.replace(/[\s"'`]/g, '')) < 8) return false;
  return true;
}

/** A value over several lines under a secret's name (BLOCK_VALUE, MULTILINE_DQ): the key starts its line (an `.env`'s
 * UPPER_CASE name for a quoted value); no reference, template, PEM block (the private_key rule's), embedded config
 * (`aws_secret_access_key = …` lines, each caught by its own rules) or prose; under a bare `key` or `token`, a generated
 * value. */
function multiLineValue(secret: string, m: RegExpExecArray, text: string, start: number): boolean {
  const ks = keyNameStart(text, start);
  const prefix = text.slice(ks, start);
  const keyword = m.groups?.key ?? '';
  const bareKey = /^[_.-]?key$/i.test(keyword) && !KEY_DENY.has(lastWord(prefix));
  if (!atLineStart(text, ks) || !(secretKeyName(prefix, keyword) || bareKey) || !keywordSuffix(prefix, m)) return false;
  const esc = m.groups?.esc !== undefined;
  const block = m.groups?.indent !== undefined;
  const lines = (esc ? secret.replace(/\\\\/g, '\0').split(/\\[nr]/).map((l) => l.replace(/\\(.)/g, '$1').replace(/\0/g, '\\')) : secret.split(/\r?\n/))
    .map((l) => l.replace(/^[ \t]{0,8}\d{1,7}(?:→|\t)/, '').replace(/^[+-]/, '').trim())
    .filter((l) => l !== '');
  if (block) {
    // (Deeper than the key: `password: |` at the end of a mapping, the next key at its own indentation, holds nothing.)
    let i = ks;
    while (i > 0 && ks - i < 40 && /[ \t-]/.test(text[i - 1]!)) i--;
    if ((m.groups?.indent ?? '').length <= ks - i) return false;
  } else {
    if (!UPPER_NAME.test(prefix + fullKey(m)) || lines.length < 2) return false;
  }
  const joined = lines.join(' ');
  if (lines.length === 0 || !isSecretValue(lines[0]!) || /-----BEGIN|\$[({]|\{\{|\$\{|`/.test(joined)) return false;
  // (A line of base64 ending in its padding, `…Vl5==`, is no `name=` setting.)
  if (lines.some((l) => /^[\w.-]{1,64}[ \t]{0,4}(?:=|:(?:[ \t]|$))/.test(l) && !/^[A-Za-z0-9+/]{8,}={1,2}[ \t]*$/.test(l))) return false;
  // (Public data, or a list of settings: `min_length 12`, `require_digit`.)
  if (publicData(joined) || lines.some((l) => /^[a-z]+(?:_[a-z0-9]+)+(?:[ \t]|$)/.test(l))) return false;
  // (A single line with no blank is the rule after this one's: YAML_NEXT takes it.)
  if (block && lines.length === 1 && !/\s/.test(lines[0]!)) return false;
  // (Base64 padding, `…Vl5==`, is no `==` operator.)
  if (!secretChars(joined) || codeInValue(joined.replace(/(?<=[A-Za-z0-9+/])={1,2}(?=\s|$)/g, '')) || lines.filter((l) => !oneSecretWords(l)).length > 0) return false;
  const words = joined.split(/\s+/).filter((t) => PROSE_WORD.test(t) && !randomLetters(t.replace(/[^A-Za-z]/g, ''))).length;
  if (words > 1) return false;
  if (/^[_.-]?(?:key|token)$/i.test(keyword) && !UPPER_NAME.test(prefix + keyword) && !generated(joined.replace(/\s/g, ''))) return false;
  return true;
}

/**
 * A label on a line of its own and the value alone on the next, at the same indentation: what a
 * CLI or a console prints (`Password:⏎Xk9…`, `Your API key:⏎sk9…`, `Enter token:⏎…`). In YAML such
 * a line would be no value, so only a label of up to four words, and a value that looks generated.
 */
function labelAboveValue(secret: string, m: RegExpExecArray, text: string, start: number, end: number, ks: number): boolean {
  const before = text.slice(Math.max(0, ks - 48), ks);
  // (A list item's marker and emphasis may open the line: `- **Password:**⏎…`.)
  const line = /(?:^|\r?\n|\\n|")(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:[-*+][ \t]{1,4})?(?:\*{1,3}|_{1,3}|<(?:b|strong)>)?((?:[A-Za-z]+ ){0,4})$/.exec(before);
  if (!line || (line.index === 0 && ks > 48)) return false;
  // What follows the name on its line: `:`, `=`, or `=\` (a continued line; JSON-escaped `=\\`).
  const rest = text.slice(start + fullKey(m).length);
  if (!/^(?:\*{1,3}|_{1,3}|<\/(?:b|strong)>)?[ \t]{0,4}(?::(?:\*{1,3}|_{1,3}|<\/(?:b|strong)>)?|=[ \t]*(?:\\\\|\\(?=\r?\n))?)[ \t]*(?:\r?\n|\\+[nr])/.test(rest)) return false;
  if (/[\s"'`]/.test(secret) || secret.length < 8 || secret.endsWith(':') || !atLineEnd(text, end) || codeLike(secret) || !isSecretValue(secret)) return false;
  if (!((hasDigit(secret) && /[A-Za-z]/.test(secret)) || randomLetters(secret))) return false;
  // (`API key:`: the label's last word names the key.)
  const word = /([A-Za-z]+) $/.exec(line[1]!)?.[1];
  return secretKeyName(text.slice(ks, start) || (word ? `${word}_` : ''), m.groups?.key ?? '');
}

/** A .pgpass line: five fields, a port (or `*`), names for host, database and user (not the hex groups of an
 * IPv6 or MAC address, not numbers). A plain word as host on an uncommon port (`user:1000:cart:item:sku`, a
 * cache key) needs a generated-looking password. */
function pgpassLine(secret: string, m: RegExpExecArray, text: string, start: number): boolean {
  const { db = '', user = '' } = m.groups ?? {};
  // The match starts at the port's last character: the port and the host go back from there.
  let p = start;
  while (p > 0 && start - p < 5 && /[\d*]/.test(text[p - 1]!)) p--;
  const port = text.slice(p, start + 1);
  let h = p - 1;
  while (h > 0 && p - h < 260 && /[A-Za-z0-9._*-]/.test(text[h - 1]!)) h--;
  const host = text.slice(h, p - 1);
  const named = (f: string) => f === '*' || /[A-Za-z]/.test(f);
  if (!named(db) || !named(user) || !(named(host) || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) || !isSecretValue(secret)) return false;
  if ([host, port, db, user, secret].every((f) => /^[0-9a-fA-F]{1,4}$/.test(f))) return false;
  const usual = host === '*' || host === 'localhost' || host.includes('.') || port === '*' || /^(?:543\d|6432)$/.test(port);
  return usual || (secret.length >= 6 && hasDigit(secret) && /[A-Za-z]/.test(secret));
}

/** A secret told in a sentence: its name is a secret's (as `assignmentName` judges one) and its value reads
 * as a chosen or generated secret, not a word, a reference, a path, a version, a name or code. */
function toldSecret(secret: string, m: RegExpExecArray, text: string, start: number): boolean {
  const prefix = text.slice(keyNameStart(text, start), start);
  const keyword = m.groups?.key ?? '';
  // (`the key is …` names no secret; `the aws_secret_access_key is …` does.)
  // (`pass`, `pw`, `psk` in a sentence are other words: `a flag to pass to foo()`.)
  if (!/^[_.-]?(?:pass(?:word|wd|[_-]?phrase|code)|token|api[_ -]?key|secret|credential|key)/i.test(keyword) || /^key$/i.test(keyword)) return false;
  if (!secretKeyName(prefix, keyword) || !keywordSuffix(prefix, m)) return false;
  if (!passwordLike(secret) || notData(secret) || IDENTIFIER_LIKE(secret) || MEMBER_PATH.test(secret) || codeLike(secret) || looksLikeTypeName(secret)) return false;
  // (A URL, an address, a version, a file name, an UPPER_CASE name: `v2.3.4-beta1`, `token2.txt`, `GITHUB_TOKEN2`.)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(secret) || /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(secret) || /^v?\d+(?:\.\d+)+/.test(secret)) return false;
  if (/^[\w-]+\.[a-z]{1,5}$/.test(secret) || /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(secret)) return false;
  // (troff's and TeX's markup around a word in a manual: `\fIpassword\fR`.)
  if (secret.startsWith('\\')) return false;
  const letter = /[A-Za-z]/.test(secret);
  return (secret.length >= 8 && letter && hasDigit(secret)) || generatedShort(secret) || randomLetters(secret) || (secret.length >= 10 && letter && /[^\w]/.test(secret) && mixedCase(secret));
}

/** A name whose last word is a secret's: `DBPassword`, `Smtp:Password`, `SigningKey`, `api_token` (not `SecretName`, `TokenExpiry`). */
/** The name an expression reads last (`os.environ["API_TOKEN"]` → `API_TOKEN`, `cfg.db.password` → `password`,
 * `tokenizer.decode([1])` → none): a comment after it left out. */
const lastName = (expr: string): string => /([A-Za-z_][\w-]*)[^\w\s]*$/.exec(expr.replace(/\s#.*$/, '').trim())?.[1] ?? '';
/** A name that says secret: `password`, `db_password`, `API_TOKEN`, `apiToken`, `secret_key_base` (not `tokenizer_class`, `tokens`). */
const SECRET_LAST_NAME = /(?:^|[_-])(?:pass(?:word|wd|phrase)?|secret(?:_?key(?:_?base)?)?|token|api_?key|apikey|credentials?|pwd|private_?key|access_?key)$|[a-z0-9](?:Password|Passwd|Passphrase|Secret|SecretKey|SecretKeyBase|Token|ApiKey|Credentials?|PrivateKey|AccessKey)$/i;
/** A value a Windows command or setting holds as typed, not a reference (`%PW%`, `!TOKEN!`, `$env:PW`, `$pw`), a
 * subexpression (`(Get-Secret …)`), a label (`option:`), a URL, a GUID, a version or a word for no value. */
const windowsValue = (v: string): boolean =>
  !/^["']?(?:%\w+%|!\w+!|\$(?:env|ENV|Env):\w+|\$(?:[A-Z_][A-Z0-9_]*|[a-z_][A-Za-z_]*\d*)|\$[({].*|\(.*\)?|\{.*\}|[\w-]+:)["']?$/.test(v) && !v.includes('://') && !/^\{?[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}\}?$/.test(v) &&
  !/^\d+(?:\.\d+)+$/.test(v) && !/^(?:none|null|true|false|yes|no|n\/a)$/i.test(v);

/** A generated base64 value holding `/` (half of AWS secret keys: `vault read aws/creds/…`), not a path: base64 characters only,
 * generated-looking without its slashes (a path's parts are words: `packages/core2/src/UserProfileCard` switches case too seldom). */
const slashedBase64 = (s: string): boolean => {
  const v = s.replace(/[/=]/g, '');
  // (`openssl rand -base64 18`: 24 characters; shorter ones switch between cases and digits as often as random text does.)
  return /^[A-Za-z0-9+/]{16,}={0,2}$/.test(s) && (generated(v) || (v.length >= 15 && hasDigit(v) && mixedCase(v) && classSwitches(v) >= 7));
};

function upperNameRow(s: string, m: RegExpExecArray): boolean {
  const name = m.groups?.name ?? '';
  return UPPER_NAME.test(name) && !NO_SECRET_NAME.test(name) && !NOT_A_SECRET_ID.test(s) && generated(s.replace(/=+$/, ''));
}
const UPPER_NAME_ROWS = new RegExp(UPPER_NAME_ROW.source, 'g');
/** The generated values of box-drawn rows under an UPPER_NAME (see UPPER_NAME_ROW), as hits. */
export function upperNameRowHits(text: string): { start: number; end: number; kind: 'secret_assignment' }[] {
  const hits: { start: number; end: number; kind: 'secret_assignment' }[] = [];
  UPPER_NAME_ROWS.lastIndex = 0;
  for (let m = UPPER_NAME_ROWS.exec(text); m !== null; m = UPPER_NAME_ROWS.exec(text)) {
    const secret = m.groups!.secret!;
    if (!upperNameRow(secret, m)) continue;
    const start = m.index + m[0].length - secret.length;
    hits.push({ start, end: start + secret.length, kind: 'secret_assignment' });
    UPPER_NAME_ROWS.lastIndex = start;
  }
  return hits;
}

/** UPPER_NAMEs of no secret, whatever value they hold: ids and names (`OKTA_CLIENT_ID`, `HF_MODEL_ID`, `BRANCH`), and what a
 * browser is given by design (`NEXT_PUBLIC_*`, `VITE_*`, a CAPTCHA's site key). */
export const NO_SECRET_NAME =
  /(?:^|_)(?:IDS?|NAME|MODEL|BRANCH|HASH|SHA\d*|MD5|SRI|INTEGRITY|PRICE|PLAN|PRODUCT|SKU|THUMBNAIL|AVATAR|DIGEST|CHECKSUM|URL|URI|PATH|DIR|FILE|REGION|VERSION|REVISION|REV|TAG|IMAGE|HOST|DOMAIN|ICON|LOGO|CHANNEL|ORG|PROJECT|USER|EMAIL|ACCOUNT|TENANT|BUILD|SITE_KEY|PUBLISHABLE_KEY)$|^(?:NEXT_PUBLIC|VITE|REACT_APP|EXPO_PUBLIC|PUBLIC|NUXT_PUBLIC|GATSBY)_/;

/** Ids and keys given out in the open, whatever they are written under: a Cognito pool (`us-east-1_Q3ySbqL3V`), Stripe's
 * objects (`price_…`, `prod_…`, `cus_…`: its keys are `sk_`, `rk_`, `whsec_`) and publishable keys (`pk_live_…`, Clerk's
 * `pk_test_…`), Vercel's team, project and deployment ids, PostHog's project key, Turnstile's site key, an Ethereum address,
 * an SSH public key's body, a certificate or public key in base64, a JWT's header (the token itself has its rule), an IAM
 * role's or user's id (`AROA…`, `AIDA…`). */
export const NOT_A_SECRET_ID =
  /^(?:[a-z]{2}(?:-[a-z]+){1,2}-\d_|(?:price|prod|plan|cus|sub|si|pi|pm|ch|in|ii|txn|evt|acct|cs|seti|po|tr|re|src|card|ba|file|link|promo|coupon|prctbl|bpc|team|prj|dpl|phc)_|pk_(?:live|test)_|deployment-|0x4AAAA|Iv1\.|Iv23li|0x[0-9a-fA-F]{40}$|AAAA[BC]3NzaC|LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS|LS0tLS1CRUdJTiBQVUJMSUMgS0VZ|eyJ|(?:AROA|AIDA|ANPA|ANVA|AGPA|AIPA|ASCA|APKA)[A-Z0-9]{12,})/;

/** Whether the name at `ks` opens the environment a shell command is given (`NAME=… node app.js`): at a line's start,
 * after another command (`cd app && NAME=…`, `;`, `|`, `(`, `$(`, a backtick, `{`), after `env`, `sudo`, `nohup`, `exec`
 * or `time`, or after other assignments of that environment (`PORT=3000 NAME=…`; at most eight). */
function commandEnvStart(text: string, ks: number): boolean {
  let j = ks;
  for (let n = 0; n <= 8; n++) {
    if (atLineStart(text, j)) return true;
    let k = j - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    if (k < 0) return false;
    const c = text[k]!;
    if (c === ';' || c === '|' || c === '(' || c === '`' || c === '{' || (c === '&' && text[k - 1] === '&')) return true;
    if (c === '!' && (k === 0 || /\s/.test(text[k - 1]!))) return true;
    if (k === j - 1) return false;
    // (Another assignment, an option of the command before (`sudo -E`, `sudo -u app`, `env -u HOME`), or that command.)
    const word = /(?:^|[^\w.=/-])([A-Za-z_][\w]{0,80}=[^\s'"`]{0,200}|--?[A-Za-z][\w-]{0,30}(?:[ \t]+[\w.@-]{1,64}(?=[ \t]*$))?|env|sudo|nohup|exec|time|then|do|else|xargs|doas)$/.exec(
      text.slice(Math.max(0, k - 300), k + 1),
    );
    if (!word) return false;
    if (!word[1]!.includes('=') && !word[1]!.startsWith('-')) return true;
    j = k + 1 - word[1]!.length;
  }
  return false;
}

/** Whether the name at `ks` stands in a line of Go's `[A=1 B=2 …]`: an environment as `{{.Config.Env}}` prints it (its
 * line opens with `[NAME=` and no `]` comes before the name; a value may hold blanks, `JAVA_OPTS=-Xmx1g -Dx=y`). */
function inGoEnvList(text: string, ks: number): boolean {
  const from = Math.max(0, ks - 16384);
  const nl = text.lastIndexOf('\n', ks - 1);
  const esc = text.lastIndexOf('\\n', ks - 1);
  const start = Math.max(from, nl + 1, esc >= 0 ? esc + 2 : 0);
  return /^[ \t"]{0,8}\[(?:[A-Za-z_][A-Za-z0-9_]{0,80}=[^\]]*)?$/.test(text.slice(start, ks));
}

/** A column type or a number in a table's or CSV's second column (`string64`, `varchar255`, `0x1f2e3d4c`). */
const TYPE_OR_NUMBER = /^(?:u?int|float|double|string|varchar|nvarchar|char|text|bytes?|bool|decimal|numeric|serial|bigint|smallint|blob|json|uuid)\(?\d*\)?$|^0x[0-9a-f]+$/i;
const SECRET_WORD_LAST = /(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|key|credentials?|connectionstring)$/i;
/** A literal standing in for a secret-named setting (a default, a typed field's value): the name is a
 * secret's, the value data, not a reference, a path or a name. */
function literalForName(secret: string, m: RegExpExecArray, text: string, start: number): boolean {
  const prefix = text.slice(keyNameStart(text, start), start);
  return secretKeyName(prefix, m.groups?.key ?? '') && keywordSuffix(prefix, m) && literalValue(secret);
}
const literalValue = (v: string): boolean => v.length >= 4 && !/\s/.test(v) && isSecretValue(v) && !notData(v) && !IDENTIFIER_LIKE(v) && !UPPER_NAME.test(v);
/** What reads a setting from the environment, right before its name: `process.env.`, `process.env['`,
 * `import.meta.env.`, `os.environ.get("`, `os.getenv("`, `System.getenv("`, `Deno.env.get("`, `ENV["`, `env("`; or from
 * a build's properties (Gradle's `keystoreProperties["storePassword"]`, `findProperty("…")`, `getProperty("…")`). */
const ENV_READ = /(?:process\.env|import\.meta\.env|environ|getenv|Deno\.env\.get|\bENV|\benv|env::var|[Pp]roperties|getProperty|findProperty)(?:\.|\[|\(|::)?(?:get\(|fetch\()?\\{0,15}["'\x60]?[\w.-]*$/;
/** A field a password, a token or a key is typed into, as a locator or a label names it. */
const PASSWORD_FIELD = /pass(?:word|wd|phrase|code)|\bpwd\b|secret|api[ _-]?key|\btoken\b/i;
/** Not an input for one: a link, a button, a toggle, a strength meter, a name or a search box (`Forgot password link`,
 * `Show password`, `Token name`, `Search secrets`). */
const NOT_A_FIELD = /\b(?:link|button|checkbox|toggle|show|hide|forgot|reset|strength|requirements?|hint|policy|names?(?![ \t]{0,4}[:=])|search|label|heading|title|description|menu|tab|dialog)\b/i;
const passwordField = (locator: string): boolean => PASSWORD_FIELD.test(locator) && !NOT_A_FIELD.test(locator);
/** The locator chain a `.fill(` is called on: its line back to the statement's start (`;`, `await`, `=>`),
 * and the lines before it when they continue the chain (`await page⏎  .getByLabel('Password')⏎  .fill(…)`). */
function locatorBefore(text: string, at: number): string {
  let chain = '';
  let end = at;
  for (let i = 0; i < 4 && end > 0; i++) {
    const line = lineBefore(text, end, 200);
    chain = line + chain;
    // A line that starts with `.` (or only indents the call) continues the one before it.
    if (!/^(?:[ \t]{0,8}\d{1,7}→)?[ \t]*(?:\.|$)/.test(line) || line.length >= 200) break;
    end -= line.length;
    end -= text.startsWith('\\n', end - 2) ? 2 : text[end - 1] === '\n' ? 1 : 0;
    if (text[end - 1] === '\r') end--;
  }
  const cut = Math.max(chain.lastIndexOf(';'), chain.lastIndexOf('await '), chain.lastIndexOf('=>'));
  return cut < 0 ? chain : chain.slice(cut);
}
/** Typed text that is a value, not a key press (Cypress `{enter}`) or a reference. */
const typedValue = (v: string): boolean => v.length >= 4 && !/^\{[\w+-]+\}$/.test(v) && isSecretValue(v);
/** A Terraform variable named like a secret (`db_password`, `api_token`, `client_secret`, `private_key`, `dbPassword`): the
 * word ends the name (`api_key_header`, `db_password_secret_name` name something else). */
const SECRET_VARIABLE =
  /(?:^|[_-])(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credentials?)$|[a-z0-9](?:Password|Passwd|Passphrase|Secret|Token|ApiKey|PrivateKey|AccessKey|Credentials?)$/i;
/** The text before `at` on its line (real or escaped line breaks), at most `max` characters. */
function lineBefore(text: string, at: number, max: number): string {
  const from = Math.max(0, at - max);
  const seg = text.slice(from, at);
  const raw = seg.lastIndexOf('\n');
  const escaped = seg.lastIndexOf('\\n');
  return raw < 0 && escaped < 0 ? seg : raw > escaped ? seg.slice(raw + 1) : seg.slice(escaped + 2);
}

/** A value with no context to say it is one (`token <value>`): random letters, or letters and digits
 * switching four times or more, not words joined up (`x86_64-linux-gnu`, `utf8-base64-encoded`). */
function strongValue(v: string): boolean {
  if (v.length < 10) return false;
  // (Not a date or a time, nor a name holding a word: `2024-01-01T12:00:00Z`, `1Password8-beta2`.)
  // (Nor a hex literal or a lexer's token name: `0x1f2e3d4c5b6a7980`, `T_STRING2a`, `IDENT_3a_4b`.)
  if (/^\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}/.test(v) || /[A-Z]?[a-z]{5,}/.test(v) || /^0x[0-9a-f]+$/i.test(v) || /^[A-Z][A-Z0-9]*_/.test(v)) return false;
  if ((v.match(/(?:^|[^A-Za-z0-9])[A-Za-z][a-z]{2,}(?=$|[^A-Za-z0-9])/g)?.length ?? 0) >= 2) return false;
  return randomLetters(v) || (/[A-Za-z]/.test(v) && hasDigit(v) && classSwitches(v) >= 4);
}

/** `--password VALUE`: anything but another flag, a placeholder or a word of prose. */
/** A call, an index, a generic type or a chain (`hash(pw)`, `os.environ[K]`, `Array<string>`, `a(b).c`): code, not a value. */
function codeLike(v: string): boolean {
  return /^[A-Za-z_$][\w$.]*(?:\(.*\)|\[.*\]|<.*>)$|\)\.|=>/.test(v);
}

function cliValue(secret: string, m: RegExpExecArray, text: string, start: number): boolean {
  const prefix = text.slice(keyNameStart(text, start), start);
  // A value on the next line is a YAML list's next item only when the flag is an item too (`- --requirepass⏎- …`; not
  // `Authenticate with --token⏎- Requires admin rights`, nor a diff's `-` line after `run --token`).
  const join = text.slice(start, text.indexOf(secret, start));
  if (/\n/.test(join.replace(/\\n/g, '\n')) && !join.includes(',') && !/^(?:[ \t]{0,8}\d{1,7}(?:→|\t))?[+-]?[ \t]{0,40}-[ \t]{1,4}/.test(lineBefore(text, start, 200))) return false;
  // `pulumi config set --secret NAME VALUE`: a flag without a value.
  if (/^secret$/i.test(m.groups?.key ?? '') && /pulumi[ \t]{1,4}config[ \t]{1,4}set\b[^\n]{0,200}$/.test(lineBefore(text, start, 400))) return false;
  if (!secretKeyName(prefix, m.groups?.key ?? '') || !keywordSuffix(prefix, m) || !isSecretValue(secret) || notData(secret) || (/[()[\]{}]/.test(secret) && codeLike(secret))) return false;
  if (secret.startsWith('-') || secret.length < 3 || FLAG_WORDS.has(secret.toLowerCase())) return false;
  // Help text: the flag's own name as its placeholder (`--api-key apikey`, `--token tok`), or a word of prose
  // (`--token takes precedence`, `set --password later.`).
  const flag = (prefix + (m.groups?.key ?? '')).toLowerCase().replace(/[^a-z0-9]/g, '');
  const word = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (word.length >= 3 && (flag.includes(word) || word.includes(flag))) return false;
  if (/^[a-z]{2,12}[.,;:]?$/.test(secret)) return false;
  return !/^[A-Z_]+$/.test(secret);
}

/** Bearer / Authorization values: opaque tokens, not words or expressions. */
function opaqueToken(secret: string): boolean {
  // `Authorization: AWS4-HMAC-SHA256 Credential=…, Signature=…` names an algorithm; its signature is caught apart.
  return isSecretValue(secret) && !/^[a-z_]+$/.test(secret) && !MEMBER_PATH.test(secret) && !/^(?:AWS4|GOOG4)-[A-Z0-9-]+$/.test(secret);
}

/** A DSN's password, not a format verb (`%s:%v@tcp(%s)/%s`, Go's indexed `%[2]s`), a Windows variable
 * (`%MYSQL_PWD%`) or a log's mask (`[FILTERED]`). */
function goDsnPassword(secret: string): boolean {
  return isSecretValue(secret) && !/^(?:%(?:\[\d{1,2}\])?[-+# 0-9.*]{0,4}[a-zA-Z])+$|^%\w{1,64}%$|^\[[A-Z_ -]{1,32}\]$/.test(secret);
}

/** `Basic` credentials: base64 (padded or not) of `user:password` in printable ASCII, not a word after the word. */
function basicCredentials(secret: string): boolean {
  const b64 = secret.replace(/=+$/, '');
  if (b64.length % 4 === 1) return false;
  return /^[\x21-\x39\x3b-\x7e][\x20-\x39\x3b-\x7e]{0,255}:[\x20-\x7e]{1,256}$/.test(base64Text(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
}

/** A password someone chose rather than a placeholder word (`"pass"`, `"admin"`): letters and digits, symbols, or random letters. */
function chosenPassword(s: string): boolean {
  return (s.length >= 6 && hasDigit(s) && /[A-Za-z]/.test(s)) || (s.length >= 8 && /[^\w\s./-]/.test(s) && !/\s/.test(s)) || randomLetters(s);
}

function passwordInUrl(secret: string): boolean {
  if (!isSecretValue(secret) || /^\d{0,5}[/?#]/.test(secret)) return false;
  if (!/[<>]|\\u003/i.test(secret)) return true;
  // `<` or `>` beside punctuation ends one text and starts another (`<http://host:3000>,<dev@example.com>`), and an
  // HTML tag is markup between a port and an address (`http://localhost:3000<br>admin@example.com`).
  const plain = secret.replace(/\\u003c/gi, '<').replace(/\\u003e/gi, '>');
  return !/>[^\w\\]|[^\w]</.test(plain) && !/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/.test(plain);
}

/** Keys are random (and project keys mixed-case); `sk-learn-tutorial-for-beginners` and
 * `…ask-building-tools-for-the-agent-sdk-64ccc895` URL slugs are lower-case words. */
function notSlug(secret: string): boolean {
  const parts = secret.slice(3).split(/[-_]/);
  if (/[A-Z]/.test(secret) || parts.length < 2 || parts.some((p) => p.length > 16)) return true;
  return parts.filter((p) => /^[a-z]{2,}$/.test(p)).length * 2 < parts.length;
}

/** A base64url value without padding as text. */
function base64UrlText(v: string): string {
  const b64 = v.replace(/-/g, '+').replace(/_/g, '/');
  return base64Text(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

/** A base64 value as text ('' when it is not base64). */
function base64Text(b64: string): string {
  try {
    return atob(b64);
  } catch {
    return '';
  }
}

/** A bare `-----BEGIN … PRIVATE KEY-----` mention (in code or docs) carries no key material. */
/** Where a tool cut out the middle of a long output: Codex's `…N tokens truncated…`, `[... omitted N of M lines ...]`. */
const CUT_MARKER = /…\d{1,9} tokens truncated…|\[\.\.\. omitted \d{1,9} of \d{1,9} lines \.\.\.\]/g;
function notEmptyPem(secret: string): boolean {
  if (!secret.startsWith('-----BEGIN')) return secret.length >= 32;
  const end = secret.indexOf('-----END');
  // (A marker where Codex cut the middle of a long output out is no ellipsis of the key's own: `…1843 tokens truncated…`.)
  const body = secret.slice(secret.indexOf('-----', 10) + 5, end < 0 ? undefined : end).replace(CUT_MARKER, '');
  // (`…\n...\n…`, `XXXX`, `YOUR_PRIVATE_KEY`, `<REDACTED>`, `MIIEpAIBAAKCAQEA...` in docs hold no key.)
  const chars = body.replace(/\\[rnt]|[^A-Za-z0-9+/]/g, '');
  if (chars.length < 16 || /^(?:[xX]+|YOUR\w*|REDACTED\w*)$/.test(chars)) return false;
  // (A key cut short for display, a whole line of it or more before the ellipsis, is a key: `…⏎MIIE…(64)⏎tvGb…⏎c3sh...`.)
  const ellipsis = body.search(/\.\.\.|…/);
  return ellipsis < 0 || /[A-Za-z0-9+/]{64}/.test(body.slice(0, ellipsis));
}
