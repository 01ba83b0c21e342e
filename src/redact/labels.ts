// Passwords under a label in another language than English (`Passwort: …`, `пароль: …`, `密码：…`, `mot de passe = …`,
// `パスワードは…です`), as a user writes them in a prompt or a tool prints them. Read where the scan saw a label's first
// letters (redact.ts, SIGN_NATIVE_LABEL). The value is printable ASCII up to a blank (a length hint such as `8-stellig` or
// `6-20位`, a placeholder, a reference or a call is no value): letters with digits.
import { isSecretValue } from './patterns.ts';
import type { SecretHit } from './redact.ts';

const LATIN = String.raw`(?:(?<![\p{L}\p{N}_/.-])|(?<=\\[nrt]))(?:passw[oö]rt(?:er)?|kennwort|mot de passe|contrase[ñn]a|senha|wachtwoord|has[łl]o|heslo|jelsz[óo]|l[öo]senord|adgangskode|salasana|[şs]ifre|пароль|κωδικός(?: πρόσβασης)?)`;
const CJK = '(?:密码|密碼|パスワード|비밀번호)';
const JOINER = String.raw`(?:[ \t]{0,4}(?:\*\*|__))?[ \t]{0,4}(?:[:=：]|—|(?:ist|est|es|é|is|lautet|это)(?![\p{L}\p{N}])|是|为|為|は|는|은)`;
const LABEL = new RegExp(String.raw`(?:${LATIN}|${CJK})${JOINER}[ \t]{0,4}(?:\*\*|__|\x60)?[ \t]{0,4}["'«“\x60]?(?<value>[\x21-\x7e]{4,512})`, 'giu');

/** A password: letters and digits, not a hint (`8-stellig`, `6-20`), a placeholder (`{pw}`, `<dein-passwort>`), a reference
 * (`$PASS`, `%PW%`) or a call (`getenv("X")`), nor a format's fields (`UID:GID`). */
const passwordLike = (v: string): boolean =>
  /[A-Za-z]/.test(v) && /\d/.test(v) && !/^\d+[-~–.,]?\d*(?:[-~–][A-Za-z]|$)/.test(v) && !/^[({<$%[]/.test(v) && !/[()\\]/.test(v) &&
  !/^[A-Z]+(?::[A-Z]+)+$/.test(v) && isSecretValue(v);

export function nativeLabelHits(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  LABEL.lastIndex = 0;
  for (let m = LABEL.exec(text); m !== null; m = LABEL.exec(text)) {
    // (A closing quote, and one full stop or comma that ends the sentence, are not the value's.)
    // (In JSON-escaped text the value ends at its string's end or an escaped line break: `…\nPasswort: …\n…"}`.)
    const value = m.groups!.value!.replace(/\\[nrt"][\s\S]*$|"[,}\]][\s\S]*$/, '').replace(/["'»”\x60]+[.,;!?)]*$|[.,;]$/, '');
    if (!passwordLike(value)) continue;
    const start = m.index + m[0].length - m.groups!.value!.length;
    hits.push({ start, end: start + value.length, kind: 'secret_assignment' });
  }
  return hits;
}
