// argv → one shell-readable line, for the command column of calls that give an argv array.

const SAFE_ARG = /^[\w@%+=:,./-]+$/;
const quote = (a: string): string => (a !== '' && SAFE_ARG.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);

/** argv → one shell-readable line (`bash -lc 'npm test'`). Quoting hides the context secret
 * rules need (`'-pXXX'`, `'\''`): redact the argv (as JSON) before joining it, never after. */
export const shellJoin = (argv: unknown[]): string =>
  argv
    .filter((a): a is string => typeof a === 'string')
    .map(quote)
    .join(' ');
