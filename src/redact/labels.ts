// Passwords under a label in another language than English (`Passwort: …`, `пароль: …`, `密码：…`, `mot de passe = …`),
// as a user writes them in a prompt or a tool prints them. Read where the scan saw a label's first letters (redact.ts,
// SIGN_NATIVE_LABEL); the value must read as a password (letters with digits or symbols, no blank).
import type { SecretHit } from './redact.ts';

const LABEL =
  /(?<![\p{L}\p{N}_])(?:passwort|kennwort|mot de passe|contrase[ñn]a|senha|wachtwoord|has[łl]o|heslo|jelsz[óo]|l[öo]senord|adgangskode|salasana|[şs]ifre|пароль|密码|密碼|パスワード|비밀번호|κωδικός(?: πρόσβασης)?)(?:[ \t]{0,4}(?:\*\*|__))?[ \t]{0,4}(?:[:=：]|(?:ist|est|es|é|is|это|是)(?![\p{L}\p{N}])|—|-)[ \t]{0,4}(?:\*\*|__|`)?[ \t]{0,4}(?<value>[^\s`'"*,;。、]{4,128})/giu;

// (Not a troff escape, `compar\('e`, nor a format's fields, `jelszó:UID:GID`.)
const passwordLike = (v: string): boolean =>
  /[\p{L}]/u.test(v) && (/\d/.test(v) || /[^\p{L}\p{N}]/u.test(v)) && !/[\\:]/.test(v) && !v.startsWith('[REDACTED');

export function nativeLabelHits(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  LABEL.lastIndex = 0;
  for (let m = LABEL.exec(text); m !== null; m = LABEL.exec(text)) {
    const value = m.groups!.value!.replace(/[.!?)\]]+$/, '');
    if (!passwordLike(value)) continue;
    const start = m.index + m[0].length - m.groups!.value!.length;
    hits.push({ start, end: start + value.length, kind: 'secret_assignment' });
  }
  return hits;
}
