import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outputBody, printedSecrets, printedSecretTemplates, secretName } from './printed.ts';
import { redactText } from './redact.ts';

/** The values `command` is read to print in `output` (none when it is not read as printing one). */
const read = (command: string, output: string): string[] => {
  const t = printedSecretTemplates(command);
  return t ? printedSecrets(t, outputBody(output)) : [];
};
/** What a command that prints no secret by its name prints: words, hosts, addresses, numbers, a user name, ids in one case. */
const PLAIN = 'db.example.com\nadmin\n10.0.1.17\nus-east-1\nmy-bucket-2024\n"vpc-0a1b2c3d4e5f67890"\nsecret/data/app\nTestUser1\n';
/** Not read as printing a secret, or read as a secret store's dump (generated-looking values only): nothing of PLAIN. */
const readsNothingPlain = (c: string): void => {
  const t = printedSecretTemplates(c);
  if (t === undefined) return;
  assert.ok(t.every((x) => x[0] === '\0dump'), c);
  assert.deepEqual(read(c, PLAIN), [], c);
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

  it('a leak hunt found (2026-11-26): keyrings, sops, yq, dotenv, railway, and a variable picked out of env', () => {
    for (const c of ['secret-tool lookup service myapp user dev', 'keyring get myapp dev', `sops -d --extract '["db"]["password"]' secrets.enc.yaml`, "yq '.db.password' config.yaml",
      'dotenv get API_SECRET', 'railway variables get DATABASE_PASSWORD', 'vercel env pull /dev/stdout | grep SECRET | cut -d= -f2', 'env | grep API_KEY | cut -d= -f2', 'printenv | grep ^DB_PASSWORD= | cut -d= -f2-',
      // (A verification pass found these left out.)
      'dotenv -f .env.production get STRIPE_WEBHOOK_SECRET', 'cat .env | grep DB_PASSWORD | cut -d= -f2', 'python3 -m keyring get myapp dev', `sops decrypt --extract '["db"]["password"]' s.yaml`, 'grep -h DB_PASSWORD .env | cut -d= -f2']) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    // (A false-positive hunt: names, starts of values and lists of references are no value.)
    for (const c of ['env | grep TOKEN | cut -d= -f1', 'env | grep GITHUB_TOKEN | cut -c1-8', "env | grep API_KEY | awk '{print $1}'", "yq '.jobs.build.secrets' ci.yml", "yq '.secrets' compose.yml", 'grep DB_PASSWORD .env | cut -d= -f1']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
    assert.deepEqual(read("env | grep API_KEY | awk -F= '{print $2}'", 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z']);
    for (const c of ["yq '.db.host' config.yaml", `sops -d --extract '["db"]["host"]' s.yaml`, 'dotenv get NODE_ENV', 'env | grep PATH | cut -d= -f2', 'env | grep API_KEY', 'env | grep -c API_KEY | cut -d= -f2', 'sops -e secrets.yaml']) {
      readsNothingPlain(c);
    }
  });

  it('not: other variables, lengths, set-or-not tests, output sent elsewhere, filters that change it, commands printing other things', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell expansions, not templates
    for (const c of ['echo $PATH', 'echo ${#API_KEY}', 'echo ${API_KEY:+set}', 'echo $DB_PASSWORD > /tmp/pw', 'echo $DB_PASSWORD | wc -c', 'echo $DB_PASSWORD; ls',
      'ls -la', 'git status', 'cat src/token.ts', 'cat .env', 'cat README.md', 'npm test', 'test -n "$API_KEY" && echo set', 'gh auth status', 'op item list']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it('a review found (2026-11-26): scripts that only test a secret, readers of other fields, lists and logs are not read', () => {
    for (const c of [
      `node -e "console.log(process.env.OPENAI_API_KEY ? 'present' : 'missing')"`,
      `python3 -c "import os; print('configured' if os.environ.get('OPENAI_API_KEY') else 'missing')"`,
      `python3 -c "import os, openai; c=openai.OpenAI(api_key=os.environ['OPENAI_API_KEY']); print(c.models.list())"`,
      'cat /var/run/secrets/kubernetes.io/serviceaccount/namespace',
      'op read op://dev/db/username',
      'vault kv get -field=username secret/db',
      'kubectl get secret db -o jsonpath="{.metadata.name}"',
      'aws configure get region --profile secret-admin',
      'tail -n 20 logs/secret',
      'head -5 test/fixtures/passwords.txt',
      'bin/rails secret --help',
    ]) {
      readsNothingPlain(c);
    }
    // Numbers and paths are no printed secret (`TOKEN_BUDGET`, `SSH_AUTH_SOCK`).
    assert.deepEqual(read('echo $TOKEN_BUDGET', '100000\n'), []);
    assert.deepEqual(read('echo $SSH_AUTH_SOCK', '/tmp/ssh-XXXX/agent.123\n'), []);
  });

  it('a review found (2026-11-26): wrappers, input from /dev/urandom, options before a subcommand, grep | cut, jq -r, more runtimes', () => {
    for (const c of [
      "tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32",
      "kubectl -n prod get secret db -o jsonpath='{.data.password}' | base64 -d",
      'docker exec db printenv POSTGRES_PASSWORD',
      'docker compose exec -T db printenv POSTGRES_PASSWORD',
      'grep DB_PASSWORD .env | cut -d= -f2',
      'jq -r .token creds.json',
      'heroku config:get SECRET_KEY_BASE -a app',
      `uv run python -c "import os; print(os.environ['DB_PASSWORD'])"`,
      `php -r 'echo getenv("DB_PASSWORD");'`,
      'bun -e "console.log(Bun.env.API_TOKEN)"',
      'op read op://dev/db/password',
    ]) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    assert.deepEqual(read('echo -e "Token:\\t$API_TOKEN"', 'Token:\tQm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z']);
  });

  it('many expansions against long lines that do not match: read without backtracking', () => {
    const t = printedSecretTemplates('echo "$API_KEY:$A:$B:$C:$D:done"')!;
    assert.deepEqual(printedSecrets(t, `${'x:'.repeat(300)}\n`.repeat(3)), []);
    assert.deepEqual(printedSecrets(t, 'Zq8Xk2mN7vL4:a:b:c:d:done\n'), ['Zq8Xk2mN7vL4']);
  });

  it('keeps messages, empty values and known lines out', () => {
    assert.deepEqual(read('printenv DB_PASSWORD', ''), []);
    assert.deepEqual(read('echo $DB_PASSWORD', 'bash: DB_PASSWORD: unbound variable\n'), []);
    assert.deepEqual(read('echo $API_KEY', 'undefined\n'), []);
    assert.deepEqual(read('echo "Token:"; echo $API_TOKEN', 'Token:\nabcdef123456\n'), ['abcdef123456']);
    assert.deepEqual(read('gh auth token', 'no oauth token found for github.com\n'), []);
  });
});

describe('printed secrets the README listed (2026-11-26, rules .20)', () => {
  it('env in a container, sed as the cutter, one secret field of a sops-decrypted file', () => {
    for (const c of [
      'docker exec app env | grep API_KEY | cut -d= -f2',
      'docker exec -it app printenv | grep DB_PASSWORD | cut -d= -f2-',
      'docker compose exec -T app env | grep API_KEY | cut -d= -f2',
      'kubectl exec pod -- env | grep API_KEY | cut -d= -f2',
      'kubectl exec -n prod deploy/api -- printenv | grep DB_PASSWORD | cut -d= -f2',
      "grep DB_PASSWORD .env | sed 's/.*=//'",
      "env | grep DB_PASSWORD | sed 's/^[^=]*=//'",
      "docker exec app env | grep API_KEY | sed -e 's/^API_KEY=//'",
      'sops -d secrets.yaml | yq .db.password',
      'sops -d secrets.json | jq -r .password',
      "sops --decrypt secrets.enc.yaml | yq '.stripe.api_key'",
      'sops decrypt s.json | jq -r .db.password | head -1',
    ]) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    for (const c of [
      'docker exec app env | grep PATH | cut -d= -f2',
      'docker exec app env | grep API_KEY | cut -d= -f1',
      'kubectl exec pod -- env | grep API_KEY',
      'kubectl exec pod env | grep API_KEY | cut -d= -f2',
      "grep DB_PASSWORD .env | sed 's/=.*//'",
      "env | grep DB_PASSWORD | sed 's/password/xxx/'",
      "env | grep DB_HOST | sed 's/.*=//'",
      'sops -d secrets.yaml | yq .db.host',
      'sops -d secrets.yaml | yq .secrets',
      'sops -d secrets.json | jq .password',
      'sops -d secrets.yaml',
      'sops -d secrets.yaml | yq .db.password > /tmp/pw',
      'cat secrets.yaml | yq .db.password | wc -c',
    ]) {
      readsNothingPlain(c);
    }
  });
});

describe('printed secrets a leak hunt found (2026-11-27): infrastructure outputs, first-login passwords, tokens', () => {
  it('terraform / tofu / terragrunt output of one secret-named output: bare with -raw, else quoted', () => {
    for (const c of ['terraform output -raw db_password', 'terraform -chdir=infra output -raw db_admin_password', 'tofu output -raw api_token', 'terragrunt output -raw jwt_secret', 'terragrunt run -- output -raw db_password']) {
      assert.deepEqual(read(c, 'Zq8vLw3NtR6yKp2M'), ['Zq8vLw3NtR6yKp2M'], c);
    }
    for (const c of ['terraform output db_admin_password', 'terraform output -json db_password', 'tofu output rds_master_password', 'terragrunt output -no-color api_key']) {
      assert.deepEqual(read(c, '"Jd5kRt8WnX2vLq9P"\n'), ['Jd5kRt8WnX2vLq9P'], c);
    }
    // An object output prints `"password" = "…"` lines (blanks: no bare value; read by the rules), a number is no value.
    // (Since .83 every output is read as a dump: its generated-looking values, whatever their names.)
    assert.deepEqual(read('terraform output db_credentials', '{\n  "password" = "Jd5kRt8WnX2vLq9P"\n}\n'), ['Jd5kRt8WnX2vLq9P']);
    assert.deepEqual(read('terraform output -json db_credentials', '{"password":"Jd5kRt8WnX2vLq9P","username":"admin"}\n'), ['Jd5kRt8WnX2vLq9P']);
    // Ordinary outputs, and all of them (`name = value` lines, read by the rules: `db_password = "…"`).
    for (const c of ['terraform output -raw instance_ip', 'terraform output vpc_id', 'tofu output -json', 'terraform output', 'terraform output -raw']) readsNothingPlain(c);
    for (const c of ['terraform plan', 'terraform output -raw db_password > pw.txt']) assert.equal(printedSecretTemplates(c), undefined, c);
  });

  it('pulumi config get and pulumi stack output of one secret-named key; not any output --show-secrets reveals', () => {
    for (const c of ['pulumi config get dbPassword', 'pulumi config get -s prod myproj:apiToken', 'pulumi -C infra config get --path db.password', 'pulumi stack output dbPassword --show-secrets',
      'pulumi stack output --stack prod adminToken --show-secrets', 'pulumi stack output sessionSecret']) {
      assert.deepEqual(read(c, 'Vr5tBn8JkL2pXw6Q\n'), ['Vr5tBn8JkL2pXw6Q'], c);
    }
    assert.deepEqual(read('pulumi stack output dbPassword --show-secrets --json', '"Vr5tBn8JkL2pXw6Q"\n'), ['Vr5tBn8JkL2pXw6Q']);
    assert.deepEqual(read('pulumi config get dbPassword --json', '{\n  "value": "Vr5tBn8JkL2pXw6Q",\n  "secret": true\n}\n'), ['Vr5tBn8JkL2pXw6Q']);
    // Hidden without --show-secrets: `[secret]` is no value.
    assert.deepEqual(read('pulumi stack output dbPassword', '[secret]\n'), []);
    for (const c of ['pulumi config get aws:region', 'pulumi config get -s dbPassword-stack region', 'pulumi stack output endpoint --show-secrets', 'pulumi stack output bucketName',
      'pulumi stack output --show-secrets', 'pulumi config', 'pulumi config set --secret dbPassword Jd5kRt8WnX2vLq9P', 'pulumi up']) {
      readsNothingPlain(c);
    }
  });

  it('first-login passwords and session tokens: argocd admin initial-password, oc whoami -t, doctl / fly auth token', () => {
    assert.deepEqual(
      read('argocd admin initial-password -n argocd', 'Zq7vLw3NtR6yKp2Hx\n\n This password must be only used for first time login. We strongly recommend you update the password using `argocd account update-password`.\n'),
      ['Zq7vLw3NtR6yKp2Hx'],
    );
    for (const c of ['oc whoami -t', 'oc whoami --show-token', 'doctl auth token', 'fly auth token', 'flyctl auth token', 'hcp auth print-access-token', 'kubectl -n argocd exec deploy/argocd-server -- argocd admin initial-password']) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4zAbCdEf\n'), ['Qm7vXk2pLr9sTw4zAbCdEf'], c);
    }
    for (const c of ['oc whoami', 'oc whoami --show-server', 'oc whoami --show-console', 'argocd account list', 'argocd admin initial-password --help', 'doctl auth list', 'fly auth whoami']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it("a file named for one secret: Jenkins' initialAdminPassword, camel-cased names; not /etc/passwd, .htpasswd or lists", () => {
    for (const c of ['docker exec jenkins cat /var/jenkins_home/secrets/initialAdminPassword', 'sudo cat /var/lib/jenkins/secrets/initialAdminPassword', 'cat adminToken.txt',
      'kubectl exec -n ci jenkins-0 -- cat /var/jenkins_home/secrets/initialAdminPassword', 'cat ~/.config/gitlab.token', 'cat secrets/db-password.txt',
      'sudo cat /var/lib/rabbitmq/.erlang.cookie']) {
      assert.deepEqual(read(c, 'Zq6vLw3NtR6yKp2Gx\n'), ['Zq6vLw3NtR6yKp2Gx'], c);
    }
    // A missing file: the error is a message.
    assert.deepEqual(read('cat /var/jenkins_home/secrets/initialAdminPassword', 'cat: /var/jenkins_home/secrets/initialAdminPassword: No such file or directory\n'), []);
    for (const c of ['cat /etc/passwd', 'head -3 /etc/passwd', 'cat /etc/nginx/.htpasswd', 'cat docs/passwords.md', 'cat README.md', 'cat src/auth/resetPassword.ts', 'cat passwordPolicy.txt', 'cat /var/jenkins_home/secrets/master.key',
      // (A script or a page named for what it does: found by a review.)
      'cat bin/rotateToken', 'cat docs/changePassword']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it("Django's get_random_secret_key printed by a one-line script, as secrets.token_urlsafe is", () => {
    for (const c of [
      `python -c 'from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())'`,
      `python3 -c "from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())"`,
      `python3 -c "import django.core.management.utils as u; print(u.get_random_secret_key())"`,
      `python manage.py shell -c "from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())"`,
      `uv run python -c "from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())"`,
    ]) {
      assert.deepEqual(read(c, 'k9#m2$q@w7r!t4y^u8i&o3p*a6s(d1f)g5h+j0l-z=x\n'), ['k9#m2$q@w7r!t4y^u8i&o3p*a6s(d1f)g5h+j0l-z=x'], c);
    }
    for (const c of [`python3 -c "import django; print(django.get_version())"`, `python -c "from django.core.management.utils import get_random_secret_key; k = get_random_secret_key(); print(len(k))"`, 'python manage.py check']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it('cloud access tokens the hunt listed were read already: keep them so', () => {
    for (const c of ['heroku auth:token', 'gcloud auth print-access-token', 'gcloud auth print-identity-token', 'az account get-access-token --query accessToken -o tsv', 'aws ecr get-login-password --region eu-west-1']) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4zAbCdEf\n'), ['Qm7vXk2pLr9sTw4zAbCdEf'], c);
    }
    for (const c of ['az account get-access-token', 'gcloud auth list', 'heroku auth:whoami']) assert.equal(printedSecretTemplates(c), undefined, c);
  });
});

describe('printed secrets a sixth leak hunt found (2026-11-27): WireGuard keys, vault password files, cluster and cloud credentials', () => {
  const WG_PRIVATE = 'yBnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
  const WG_PUBLIC = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';

  it('a key generated and written with tee, which prints it too (it leaked: tee was no filter that keeps it)', () => {
    for (const c of ['wg genkey | sudo tee /etc/wireguard/private.key', 'wg genkey | tee privatekey', 'wg genpsk | sudo tee -a /etc/wireguard/psk', 'wg genkey', 'wg genpsk', 'openssl rand -base64 32 | tee secret.txt']) {
      assert.deepEqual(read(c, `${WG_PRIVATE}\n`), [WG_PRIVATE], c);
    }
    // The guide's pipeline prints the public key only, into a file; printed, the public key is no secret.
    for (const c of ['wg genkey | tee privatekey | wg pubkey > publickey', 'wg genkey | tee privatekey | wg pubkey', 'wg genkey | sudo tee /etc/wireguard/private.key > /dev/null', 'cat README.md | tee out.txt']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it("WireGuard's key files and Ansible's vault password file read with cat (they leaked: no secret file names)", () => {
    for (const c of ['cat /etc/wireguard/private.key', 'sudo cat /etc/wireguard/private.key', 'cat privatekey', 'cat presharedkey', 'cat /etc/wireguard/server_private.key', 'cat ~/.vault_pass.txt', 'cat ~/.vault_pass', 'cat .vault_password', 'cat vault-pass.txt']) {
      assert.deepEqual(read(c, `${WG_PRIVATE}\n`), [WG_PRIVATE], c);
    }
    // The guide's `cat privatekey publickey`: one output, read whole (which line is which file is not said): the public
    // key goes with the private one. Alone, or with no private key, a public key is no secret.
    assert.deepEqual(read('cat privatekey publickey', `${WG_PRIVATE}\n${WG_PUBLIC}\n`), [WG_PRIVATE, WG_PUBLIC]);
    for (const c of ['cat publickey', 'cat /etc/wireguard/public.key', 'cat ~/.ssh/id_ed25519.pub', 'cat publickey README.md', 'cat privatekey README.md', 'cat /etc/wireguard/wg0.conf', 'sudo cat /etc/wireguard/wg0.conf',
      'cat ~/.ssh/known_hosts', 'cat src/keyPair.ts', 'cat bypass.txt', 'cat docs/vault.md']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
    // wg0.conf is no bare secret: its `PrivateKey = …` line is the rules' to read, the rest of it stays.
    const conf = `[Interface]\nPrivateKey = ${WG_PRIVATE}\nAddress = 10.0.0.1/24\nListenPort = 51820\n\n[Peer]\nPublicKey = ${WG_PUBLIC}\nAllowedIPs = 10.0.0.2/32\n`;
    const out = redactText(conf);
    assert.ok(!out.includes(WG_PRIVATE) && out.includes('ListenPort = 51820') && out.includes('AllowedIPs = 10.0.0.2/32'), out);
  });

  it('kubectl config view --raw of a user credential by jsonpath (it leaked); not without --raw (REDACTED), nor other fields', () => {
    for (const c of ["kubectl config view --raw -o jsonpath='{.users[0].user.token}'", "kubectl config view --raw -o jsonpath='{.users[0].user.client-key-data}'", "kubectl config view --minify --raw -o=jsonpath='{.users[0].user.password}'",
      `kubectl config view --flatten -o jsonpath='{.users[?(@.name=="admin")].user.token}'`, "kubectl --context prod config view --raw --output=jsonpath='{.users[0].user.auth-provider.config.id-token}'"]) {
      assert.deepEqual(read(c, 'Hq7bX3mN9pLw2RtY8vZc4HjF6sDa1GeU0oIiKk\n'), ['Hq7bX3mN9pLw2RtY8vZc4HjF6sDa1GeU0oIiKk'], c);
    }
    for (const c of ["kubectl config view -o jsonpath='{.users[0].user.token}'", "kubectl config view --raw -o jsonpath='{.users[0].user.client-certificate-data}'", "kubectl config view --raw -o jsonpath='{.users[0].name}'",
      "kubectl config view --raw -o jsonpath='{.clusters[0].cluster.server}'", 'kubectl config view --raw', "kubectl config view --raw -o jsonpath='{.users[0].user.token}{.users[1].name}'"]) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it('aws iam create-access-key --query of the secret (it leaked): bare in text, quoted in JSON, a field of a tab-separated line', () => {
    const secret = 'Xq7bX3mN9pLw2RtY8vZc4HjF6sDa1GeU0oIiKkLl';
    for (const c of ['aws iam create-access-key --user-name ci --query AccessKey.SecretAccessKey --output text', "aws iam create-access-key --query 'AccessKey.SecretAccessKey' --output=text --profile admin"]) {
      assert.deepEqual(read(c, `${secret}\n`), [secret], c);
    }
    assert.deepEqual(read('aws iam create-access-key --user-name ci --query AccessKey.SecretAccessKey', `"${secret}"\n`), [secret]);
    assert.deepEqual(read("aws iam create-access-key --user-name ci --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text", `AKIAIOSFODNN7EXAMPLE\t${secret}\n`), [secret]);
    for (const c of ['aws iam create-access-key --user-name ci --query AccessKey.AccessKeyId --output text', "aws iam create-access-key --query 'AccessKey.[AccessKeyId,SecretAccessKey]'", 'aws iam create-access-key --user-name ci',
      'aws iam list-access-keys --query AccessKeyMetadata[0].AccessKeyId --output text']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });

  it('kubeadm bootstrap tokens: made (it leaked; no rule knows the bare shape) or listed; not the join command line (the rules read --token)', () => {
    for (const c of ['kubeadm token create', 'sudo kubeadm token create --ttl 2h', 'kubeadm token generate']) assert.deepEqual(read(c, 'kq7bx3.mn9plw2rty8vzc4h\n'), ['kq7bx3.mn9plw2rty8vzc4h'], c);
    assert.equal(redactText('kq7bx3.mn9plw2rty8vzc4h'), 'kq7bx3.mn9plw2rty8vzc4h');
    assert.deepEqual(
      read('kubeadm token list', 'TOKEN                     TTL         EXPIRES                USAGES                   DESCRIPTION   EXTRA GROUPS\nkq7bx3.mn9plw2rty8vzc4h   23h         2026-11-28T00:00:00Z   authentication,signing   <none>        system:bootstrappers:kubeadm:default-node-token\n'),
      ['kq7bx3.mn9plw2rty8vzc4h'],
    );
    const join = 'kubeadm join 10.0.0.1:6443 --token kq7bx3.mn9plw2rty8vzc4h --discovery-token-ca-cert-hash sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n';
    assert.deepEqual(read('kubeadm token create --print-join-command', join), []);
    assert.ok(!redactText(join).includes('mn9plw2rty8vzc4h'));
    for (const c of ['kubeadm token delete kq7bx3', 'kubeadm version', 'kubeadm init']) assert.equal(printedSecretTemplates(c), undefined, c);
  });
});

describe('printed secrets a leak hunt of tool outputs found (2026-11-27, rules .42): one secret field of an HTTP answer or a CLI\'s JSON', () => {
  it('curl, aws, kubectl, vault, bw, cat … | jq -r .<secret field> (decoded on the way or after), yq', () => {
    for (const c of [
      "curl -s -X POST https://auth.example.com/oauth/token -d grant_type=client_credentials | jq -r .access_token",
      'aws sts assume-role --role-arn arn:aws:iam::1:role/x --role-session-name s | jq -r .Credentials.SecretAccessKey',
      'kubectl get secret db -o json | jq -r .data.password | base64 -d',
      "kubectl get secret db -o json | jq -r '.data.password | @base64d'",
      'bw get item x | jq -r .login.password',
      'cat secrets.json | jq -r .api_key',
      'cat plain.yaml | yq .db.password',
      'http POST :8080/login user=a | jq -r .token',
    ]) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    // (A brace inside a word is the word's; a secret named with its type; vault logins; WireGuard's key.)
    for (const c of [
      'kubectl get secret db --template={{.data.password}} | base64 -d', 'kubectl get secret/db -o jsonpath={.data.password} | base64 -d',
      'vault write -field=token auth/approle/login role_id=x secret_id=y', 'vault login -token-only -method=userpass username=a', 'wg show wg0 private-key',
    ]) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    // (A field that holds an array or an object prints JSON: its lines are no value.)
    assert.deepEqual(read('curl -s x | jq -r .token', '[\n  "nextPageToken123",\n  "Qm7vXk2pLr9sTw4z"\n]\n'), []);
    assert.deepEqual(read('curl -s x | jq -r .token', '{\n  "value": "Qm7vXk2pLr9sTw4z"\n}\n'), []);
    for (const c of ['curl -s https://api.example.com/user | jq -r .login', 'vault write auth/approle/login role_id=x', 'wg show wg0', 'kubectl get pod/x -o jsonpath={.status.phase}', 'curl -s x | jq .access_token', 'kubectl get pods -o json | jq -r .items', 'ls | jq -r .password', 'cat secrets.json | jq -r .password > pw.txt']) {
      assert.equal(printedSecretTemplates(c), undefined, c);
    }
  });
});

describe('printed secrets a leak hunt of package and CI tools found (rules 2026-11-27.51)', () => {
  it("a registry token from npm's, pnpm's or Yarn's configuration, a Buildkite secret, a reset Elasticsearch password", () => {
    for (const c of ['npm config get //npm.acme.io/:_authToken', 'pnpm config get //registry.npmjs.org/:_auth', 'yarn config get npmAuthToken', 'buildkite-agent secret get DEPLOY_KEY', 'docker exec es /usr/share/elasticsearch/bin/elasticsearch-reset-password -u elastic -b -s']) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    // (Without `-s` the tool talks first; the password follows `New value: `.)
    const talk = 'This tool will reset the password of the [elastic] user to an autogenerated value.\nPlease confirm that you would like to continue [y/N]y\n\n\nPassword for the [elastic] user successfully reset.\nNew value: 4V3hgl_V*MiHXx5lajlS\n';
    assert.deepEqual(read('bin/elasticsearch-reset-password -u elastic', talk), ['4V3hgl_V*MiHXx5lajlS']);
    for (const c of ['npm config get registry', 'yarn config get npmRegistryServer', 'buildkite-agent meta-data get release']) assert.equal(printedSecretTemplates(c), undefined, c);
  });
});

describe('printed secrets a leak hunt of SaaS CLIs found (rules 2026-11-27.52)', () => {
  it("firebase's and netlify's secret readers, auth0 as a JSON producer, a jq path through a list", () => {
    for (const c of ['firebase functions:secrets:access OKTA_TOKEN', 'netlify env:get MAILGUN_API_KEY', "cat ~/.netlify/config.json | jq -r '.users[].auth.token'", 'auth0 apps show abc --reveal-secrets --json | jq -r .client_secret', 'cat x.json | jq -r .items[0].password']) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    for (const c of ['netlify env:get SITE_NAME', "cat x.json | jq -r '.users[]'", 'firebase deploy']) readsNothingPlain(c);
  });
});

describe('a review of rules .52', () => {
  it('netlify env:get after an option and its value', () => {
    assert.deepEqual(read('netlify env:get --context production STRIPE_SECRET_KEY', 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z']);
    assert.deepEqual(read('ntl env:get STRIPE_SECRET_KEY', 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z']);
  });
});

describe('PowerShell printing a secret (rules 2026-11-27.59)', () => {
  it('$env:NAME echoed, written or run alone, GetEnvironmentVariable, inside powershell -Command and pwsh -c', () => {
    for (const c of [
      'echo $env:OPENAI_API_KEY',
      'Write-Output $Env:DB_PASSWORD',
      'write-host $env:GITHUB_TOKEN',
      '$env:STRIPE_SECRET_KEY',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: PowerShell's braced variable, not a template
      'echo ${env:GITHUB_TOKEN}',
      "[Environment]::GetEnvironmentVariable('OPENAI_API_KEY')",
      '[System.Environment]::GetEnvironmentVariable("DB_PASSWORD", "User")',
      "powershell.exe -Command 'echo $env:OPENAI_API_KEY'",
      "pwsh -NoProfile -c 'Write-Output $env:DB_PASSWORD'",
    ]) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    for (const c of ['echo $env:PATH', '$env:NODE_ENV', "[Environment]::GetEnvironmentVariable('HOME')", 'Write-Host "done"', 'Get-ChildItem env:']) assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), [], c);
  });
  it('a review of .59: double-quoted -Command, (Get-Item Env:X).Value; not a Windows path, nor $env: in a POSIX shell', () => {
    for (const c of ['powershell.exe -Command "echo $env:OPENAI_API_KEY"', '(Get-Item Env:OPENAI_API_KEY).Value']) assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    assert.deepEqual(read('echo $env:GOOGLE_APPLICATION_CREDENTIALS', 'C:\\Users\\dev\\AppData\\Roaming\\gcloud\\adc.json\n'), []);
    assert.deepEqual(read('echo $env:SSH_AUTH_SOCK_TOKEN', '\\\\.\\pipe\\openssh-ssh-agent\n'), []);
    assert.equal(printedSecretTemplates("bash -lc 'echo $env:GITHUB_TOKEN'"), undefined);
  });
  it("a value on a line each from Write-Output, Write-Host's options, cmd /c echo %X% (left by the reviews of .59/.60)", () => {
    const two = 'Qm7vXk2pLr9sTw4z\nZr4pWx8vNq2sLm6t\n';
    assert.deepEqual(read('Write-Output $env:OPENAI_API_KEY $env:DB_PASSWORD', two), ['Qm7vXk2pLr9sTw4z', 'Zr4pWx8vNq2sLm6t']);
    assert.deepEqual(read('Write-Output "key:" $env:OPENAI_API_KEY', 'key:\nQm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z']);
    assert.deepEqual(read('Write-Host $env:OPENAI_API_KEY $env:DB_PASSWORD', 'Qm7vXk2pLr9sTw4z Zr4pWx8vNq2sLm6t\n'), ['Qm7vXk2pLr9sTw4z', 'Zr4pWx8vNq2sLm6t']);
    for (const c of ['Write-Host -ForegroundColor Yellow $env:GITHUB_TOKEN', 'Write-Host $env:GITHUB_TOKEN -NoNewline', 'cmd /c echo %GITHUB_TOKEN%', 'cmd.exe /C "echo %DB_PASSWORD%"', "powershell -Command 'cmd /c echo %API_KEY%'"]) {
      assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), ['Qm7vXk2pLr9sTw4z'], c);
    }
    // Not a secret's name, another separator, another command after it: not read.
    for (const c of ['cmd /c echo %PATH%', 'Write-Host -Separator , $env:A_TOKEN $env:B_TOKEN', 'cmd /c echo %API_KEY% && dir', 'Write-Output $env:NODE_ENV']) assert.deepEqual(read(c, 'Qm7vXk2pLr9sTw4z\n'), [], c);
  });
});

describe('session keys, a generator, a Secret read whole and a SecretString (a leak hunt of credential CLIs, rules 2026-11-27.74/.75)', () => {
  it('op signin --raw, bw unlock --raw and bw login --raw print a session key bare; without --raw they print an export line', () => {
    assert.deepEqual(read('op signin --raw', 'Zk9mQ2vX7pLr4TbW8nYc5Hd3'), ['Zk9mQ2vX7pLr4TbW8nYc5Hd3']);
    assert.deepEqual(read('bw unlock --passwordenv BW_PASSWORD --raw', 'b3BlbnNlc2FtZV9zZXNzaW9uX2tleV8xMjM0NTY3OA=='), ['b3BlbnNlc2FtZV9zZXNzaW9uX2tleV8xMjM0NTY3OA==']);
    assert.deepEqual(read('bw login dev@example.com --raw', 'Tk2mQ9vX7pLr4TbW8nYc5Hd3=='), ['Tk2mQ9vX7pLr4TbW8nYc5Hd3==']);
    assert.deepEqual(read('op signin', 'Enter the password for dev@example.com at my.1password.com:'), []);
  });
  it('gpg --gen-random prints generated bytes; other gpg commands print no secret', () => {
    assert.deepEqual(read('gpg --gen-random --armor 2 32', 'q8Zk9mQ2vX7pLr4TbW8nYc5Hd3+/Ab12Cd34Ef56Gh7='), ['q8Zk9mQ2vX7pLr4TbW8nYc5Hd3+/Ab12Cd34Ef56Gh7=']);
    assert.deepEqual(read('gpg --list-keys', 'pub   rsa4096 2024-01-01 [SC]'), []);
  });
  it("aws secretsmanager get-secret-value: every value of its SecretString, in the JSON it prints and as text", () => {
    const [a, b] = ['Xq7Zk4mV9pLr2TbW8nYc5HdQ', 'Lm2Np4Qr6St8Uv0Wx3Yz5AbC'];
    const json = `{\n    "ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/app-AbCdEf",\n    "Name": "prod/app",\n    "SecretString": "{\\"SENDGRID\\":\\"${a}\\",\\"signing\\":\\"${b}\\"}",\n    "VersionStages": [\n        "AWSCURRENT"\n    ]\n}`;
    assert.deepEqual(read('aws secretsmanager get-secret-value --secret-id prod/app', json), [a, b]);
    assert.deepEqual(read('aws secretsmanager get-secret-value --secret-id prod/app', `{\n    "SecretString": "${a}",\n    "Name": "prod/app"\n}`), [a]);
    assert.deepEqual(read('aws secretsmanager get-secret-value --secret-id prod/app --query SecretString --output text', `{"SENDGRID":"${a}","signing":"${b}"}`), [a, b]);
    assert.deepEqual(read('aws secretsmanager get-secret-value --secret-id prod/app --query SecretString --output text', a), [a]);
  });
  it("kubectl's whole data map of a Secret, as jsonpath's JSON and as a Go template's map: every value", () => {
    const values = ['cFhrOW1RMnZYN3BMcg==', 'bFlVcXUxZ3hhQjdaOVdrNA=='];
    assert.deepEqual(read("kubectl get secret app -o jsonpath='{.data}'", `{"password":"${values[0]}","stripe":"${values[1]}","username":"YXBw"}`), values);
    assert.deepEqual(read("kubectl -n prod get secret app -o go-template='{{.data}}'", `map[password:${values[0]} stripe:${values[1]} username:YXBw]`), values);
    assert.deepEqual(read("kubectl get secret app -o jsonpath='{.metadata}'", '{"name":"app","namespace":"default"}'), []);
  });
});

describe('secret stores dumped whole, and readers under names that say nothing (a leak hunt of secret-store CLIs, rules .83)', () => {
  const [a, b, c] = ['hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X', 'Qm7xK2pLr9WvT4nZ8sYb3HcE', 'Vb4Nw8Ty3Hc6Jd1Qp7Zr2Lx9'];
  it('every generated-looking value of a dump, whatever its name and layout; not its names, times, users or hosts', () => {
    const vault = `====== Metadata ======\nKey                Value\n---                -----\ncreated_time       2025-03-11T09:14:22.518238Z\nversion            4\n\n====== Data ======\nKey         Value\n---         -----\nsigning     ${a}\nusername    admin\n`;
    assert.deepEqual(read('vault kv get -mount=secret myapp/prod', vault), [a]);
    assert.deepEqual(read('vault kv get -format=json secret/myapp/prod', `{"data": {"data": {"signing": "${a}", "stripe": "${b}", "host": "db.example.com"}}}`), [a, b]);
    assert.deepEqual(read('doppler secrets download --no-file', `{"MAILGUN":"${a}","SESSION_SIGNING":"${b}","PORT":"8080"}`), [a, b]);
    assert.deepEqual(read('heroku config -a acme-api', `=== acme-api Config Vars\nMAILGUN:         ${a}\nNODE_ENV:        production\n`), [a]);
    assert.deepEqual(read('sops -d secrets.enc.yaml', `stripe: ${a}\nsigning: ${b}\nregion: eu-west-1\n`), [a, b]);
    assert.deepEqual(read('ansible-vault view group_vars/prod/vault.yml', `vault_stripe: ${a}\nvault_user: deploy\n`), [a]);
    assert.deepEqual(read('chamber list -e acme-api', `Key\t\tVersion\t\tLastModified\t\tUser\t\tValue\nsigning\t\t1\t\t2025-01-02T03:04:05Z\t\tarn:aws:iam::123456789012:user/dev\t\t${b}\n`), [b]);
    assert.deepEqual(read('printenv', `HOME=/root\nsigning=${a}\nPATH=/usr/bin\n`), [a]);
    assert.deepEqual(read('env', `signing=${a}\nTERM=xterm\n`), [a]);
    assert.deepEqual(read(`kubectl get secret app -o json | jq '.data | map_values(@base64d)'`, `{\n  "signing": "${a}",\n  "username": "admin"\n}`), [a]);
    assert.deepEqual(read('kubectl view-secret app signing', `${a}\n`), [a]);
    assert.deepEqual(read('aws ssm get-parameter --name /prod/db/master --with-decryption --output text', `PARAMETER\tarn:aws:ssm:us-east-1:123456789012:parameter/prod/db/master\ttext\t2025-01-02T03:04:05Z\t/prod/db/master\tSecureString\t${b}\t3\n`), [b]);
    assert.deepEqual(read('gcloud secrets versions access latest --secret=app-config', `{"signing":"${a}","db":{"pass":"${b}"}}`), [a, b]);
    assert.deepEqual(read('bw get notes "Prod DB"', `host: db.acme.io\nuser: app\n${c}\n`), [c]);
    assert.deepEqual(read('bw get item GitHub', `{"login":{"username":"dev@acme.io","totp":"TYYMKO5GF4OYWZPM34YSC6FJ6S7G4TGY"},"fields":[{"name":"api","value":"${a}","type":1}]}`), ['TYYMKO5GF4OYWZPM34YSC6FJ6S7G4TGY', a]);
    assert.deepEqual(read(`docker inspect api --format '{{json .Config.Env}}'`, `["PATH=/usr/local/bin","signing=${a}"]`), [a]);
    assert.deepEqual(read('pulumi config --show-secrets', `KEY                 VALUE\nacme:dbPassword     ${b}\naws:region          us-east-1\n`), [b]);
  });
  it('a reader of one value under any name takes a generated one (`vault kv get -field=signing`, `op read …/webhook`, `terraform output -raw db_master`)', () => {
    for (const cmd of ['vault kv get -field=signing secret/myapp/prod', 'op read op://Private/Stripe/webhook', 'terraform output -raw db_master', 'pulumi config get githubApp', 'heroku config:get MAILGUN -a acme-api', 'netlify env:get FAUNA', 'chamber read -q acme-api signing'])
      assert.deepEqual(read(cmd, `${a}\n`), [a], cmd);
    assert.deepEqual(read('vault kv get -field=username secret/db', 'admin\n'), []);
  });
  it("an AppRole's new secret id, a UUID, by its row", () => {
    const out = 'Key                   Value\n---                   -----\nsecret_id             6a174c20-f6de-a53c-74d2-6018fcceff64\nsecret_id_accessor    0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6\nsecret_id_num_uses    0\n';
    assert.deepEqual(read('vault write -f auth/approle/role/ci/secret-id', out), ['6a174c20-f6de-a53c-74d2-6018fcceff64']);
  });
});

describe('a review of the dumps (rules .86)', () => {
  it('paths, repositories, branches and ids given out in the open are no dumped secret', () => {
    const out = [
      'PWD=/home/jd/src/Api2Service',
      'GITHUB_REPOSITORY=AcmeCorp/Api2Service',
      'WS=/workspaces/AcmeApi2024',
      'BR=feature/AB-1234-fixLogin2FA',
      'TMPDIR=/var/folders/j7/3_vzkXq9Lm2Pw0000gn/T/',
      'SSH_AUTH_SOCK=/tmp/ssh-XXXXkGBp0xGV/agent.123',
      'POOL=us-east-1_Q3ySbqL3V',
      'PRICE=price_1OaBcD2eFgHiJkLmNoPqRsTu',
      'ROLE=AROA3XFRBF535PLBIFPI4',
      'signing=hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X',
      'b64=Xk9f/Q2mV7pLr4TbW8nYc5Hd3Zq8Wx3E+c7Rv1Tb5==',
    ].join('\n');
    assert.deepEqual(read('printenv', out), ['hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X', 'Xk9f/Q2mV7pLr4TbW8nYc5Hd3Zq8Wx3E+c7Rv1Tb5==']);
  });
  it('the environment printed by `env -0`, `docker exec … env`, `kubectl exec … -- env`, `export -p`, `declare -x`, `set`', () => {
    const v = 'hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X';
    for (const c of ['env -0', 'docker exec api env', 'kubectl exec pod -- env', 'export -p', 'declare -x', 'set']) assert.deepEqual(read(c, `signing=${v}\n`), [v], c);
    for (const c of ['set -e', 'export FOO=1', 'env node x.js']) assert.deepEqual(read(c, `signing=${v}\n`), [], c);
  });
});

describe('the environment printed through a remote shell or a secret store runner (rules .90)', () => {
  it('ssh, heroku run, railway run, doppler / op run --, fly ssh console -C: read as the command they run', () => {
    const v = 'hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X';
    for (const c of ['ssh host env', 'ssh -p 2222 -i key.pem user@host printenv', 'heroku run -a app env', 'railway run printenv', 'doppler run -- printenv', 'op run --env-file .env -- env', "fly ssh console -C 'printenv'"])
      assert.deepEqual(read(c, `signing=${v}\n`), [v], c);
    for (const c of ['ssh host ls -la', 'doppler run -- npm test', 'ssh host']) assert.equal(printedSecretTemplates(c), undefined, c);
  });
});

describe('a false-positive hunt of the dumps (rules .95): what a dump shows in the open is no secret', () => {
  it('names of words and numbers, stacks\' physical names, platform ids, public keys and ids, names that say they are none', () => {
    const out = [
      'AZURE_FUNCTIONAPP=AcmeOrdersFuncApp2024',
      'WEBAPP=AcmeWebAppV2Prod2024',
      'APIGW=ApiGwV2WebSocketDev01',
      'AWS_LAMBDA_FUNCTION_NAME=sam-app-HelloWorldFunction-pZPO0HHqAkVV',
      'QUEUE=AcmeApiStack-OrdersQueue4C4A1E7B-Hq6YtR2vLw8N',
      'DYNAMODB_TABLE=Todo-abcdefghijklmnopqrstuvwxyz-dev',
      'VERCEL_PROJECT_ID=prj_Xk2mP9qR4tWz7LnB3vYc8AhJ5sD1',
      'VERCEL_ORG_ID=team_Xk2mP9qR4tWz7LnB3vYc8AhJ',
      'AUTH0_CLIENT_ID=Xk2mP9qR4tWz7LnB3vYc8AhJ5sD1fG6k',
      'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_test_Y2xlcmsuYWNtZS5jb20kXk2mP9qR4',
      'CONTRACT=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      'DEPLOY_KEY_PUB=AAAAC3NzaC1lZDI1NTE5AAAAIXk2mP9qR4tWz7LnB3vYc8AhJ5sD1fG6kQ2wE',
      'FINGERPRINT=SHA256:Xk2mP9qR4tWz7LnB3vYc8AhJ5sD1fG6kQ2wE3rT4yU5',
      'JWT_HEADER=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      'RABBITMQ_PGP_KEY_ID=0x0A9AF2115F4687BD29803A206B73A36E6026DFCA',
      'signing=hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X',
    ].join('\n');
    assert.deepEqual(read('env', out), ['hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X']);
  });
  it('`terraform output` of all outputs without -json prints its secret ones as <sensitive>: no dump', () => {
    assert.equal(printedSecretTemplates('terraform output'), undefined);
    assert.deepEqual(read('terraform output -json', '{"signing": {"sensitive": true, "value": "hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X"}}'), ['hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X']);
  });
});
