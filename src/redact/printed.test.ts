import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputBody, printedSecrets, printedSecretTemplates, secretName } from './printed.ts';

/** The values `command` is read to print in `output` (none when it is not read as printing one). */
const read = (command: string, output: string): string[] => {
  const t = printedSecretTemplates(command);
  return t ? printedSecrets(t, outputBody(output)) : [];
};

describe('secrets a command prints bare', () => {
  it('names the rules read as secrets, and not others', () => {
    for (const n of ['DB_PASSWORD', 'GITHUB_TOKEN', 'OPENAI_API_KEY', 'PGPASSWORD', 'SECRET_KEY_BASE', 'AWS_SECRET_ACCESS_KEY']) assert.ok(secretName(n), n);
    for (const n of ['PATH', 'HOME', 'NODE_ENV', 'NEXT_PAGE_TOKEN', 'PASSWORD_MIN_LENGTH', 'TOKEN_URL']) assert.ok(!secretName(n), n);
  });

  it('echo, printf and printenv of secret-named variables; one-line scripts; secret readers and generators', () => {
    assert.deepEqual(read('printenv DB_PASSWORD', 'hunter2LongerPw99\n'), ['hunter2LongerPw99']);
    assert.deepEqual(read('echo $GITHUB_TOKEN', 'gho_notAPrefixRuleAtAll42'), ['gho_notAPrefixRuleAtAll42']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
    assert.deepEqual(read('echo "key=${API_KEY}"', 'key=Zz9xYy8wQq\n'), ['Zz9xYy8wQq']);
    assert.deepEqual(read('printf "%s\\n" "$DB_PASSWORD"', 'Pw-one-two-3\n'), ['Pw-one-two-3']);
    assert.deepEqual(read('cd app && source .env && echo "--- secret:" && echo $DB_PASSWORD', '--- secret:\ns3cr3tValue\n'), ['s3cr3tValue']);
    assert.deepEqual(read("bash -lc 'printenv DB_PASSWORD'", 'Chunk ID: 1\nWall time: 0.01 seconds\nProcess exited with code 0\nOriginal token count: 4\nOutput:\nqpwoeiruty77\n'), ['qpwoeiruty77']);
    assert.deepEqual(read('node -e "console.log(process.env.OPENAI_API_KEY)"', 'abcdEFGH1234\n'), ['abcdEFGH1234']);
    assert.deepEqual(read(`python3 -c 'import os; print(os.environ["DB_PASSWORD"])'`, 'Tr0ub4dor&3\n'), ['Tr0ub4dor&3']);
    assert.deepEqual(read('python3 -c "import secrets; print(secrets.token_urlsafe(24))"', 'kq0_Wd3-Xr7uPzA1\n'), ['kq0_Wd3-Xr7uPzA1']);
    for (const c of ['gh auth token', 'openssl rand -hex 32', 'op read op://dev/db/password', 'vault kv get -field=password secret/db', 'aws configure get aws_secret_access_key',
      'gcloud auth print-access-token', 'security find-generic-password -s db -w', 'kubectl get secret db -o jsonpath="{.data.password}" | base64 -d', 'head -c 32 /dev/urandom | base64',
      'cat /run/secrets/db_password', 'cat ~/.vault-token', 'cat ~/.pgpass | cut -d: -f5', 'doppler secrets get DB_PASSWORD --plain', 'echo $DB_PASSWORD >&2', 'echo $DB_PASSWORD 2>/dev/null | head -1']) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
  });

  it('not: other variables, lengths, set-or-not tests, output sent elsewhere, filters that change it, commands printing other things', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell expansions, not templates
    for (const c of ['echo $PATH', 'echo ${#API_KEY}', 'echo ${API_KEY:+set}', 'echo $DB_PASSWORD > /tmp/pw', 'echo $DB_PASSWORD | wc -c', 'echo $DB_PASSWORD; ls',
      'ls -la', 'git status', 'cat src/token.ts', 'cat .env', 'cat README.md', 'npm test', 'test -n "$API_KEY" && echo set', 'gh auth status', 'op item list']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it('keeps messages, empty values and known lines out', () => {
    assert.deepEqual(read('printenv DB_PASSWORD', ''), []);
    assert.deepEqual(read('echo $DB_PASSWORD', 'bash: DB_PASSWORD: unbound variable\n'), []);
    assert.deepEqual(read('echo $API_KEY', 'undefined\n'), []);
    assert.deepEqual(read('echo "Token:"; echo $API_TOKEN', 'Token:\nabcdef123456\n'), ['abcdef123456']);
    assert.deepEqual(read('gh auth token', 'no oauth token found for github.com\n'), []);
  });
});
