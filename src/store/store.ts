// Opening and initializing the store: the directory, the key, the SQLite file.
// The only long-lived state in the program is the Store object this returns.
import { accessSync, chmodSync, closeSync, constants, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type KeyObject, randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { type Config, traceKey } from '../core/config.ts';
import { isDiskFull, TracebaseError, translateFsError } from '../core/errors.ts';
import { fileOnPath } from '../core/paths.ts';
import { REDACTION_RULES } from '../redact/patterns.ts';
import { READING_RULES } from '../sources/reading.ts';
import { createSealer, generateKey, identityKey, keyCheck, keyFingerprint, keyMatches, parseKey, type Sealer } from './crypto.ts';
import { FTS_SETTINGS, INDEX_DDL, INDEX_TABLES, INDEX_VERSION, RAW_DDL, SCHEMA_VERSION } from './schema.ts';

export interface Store {
  readonly config: Config;
  readonly db: DatabaseSync;
  readonly sealer: Sealer;
  /** The key itself, only for handing to the in-process import worker (never logged or written). */
  readonly sealingKey: Buffer;
  /** Keys line identities and file fingerprints (stores made before it existed: undefined, plain
   * SHA-256, so their identities stay what they were). */
  readonly idKey: KeyObject | undefined;
  readonly keyFingerprint: string;
  readonly keySource: 'TRACE_KEY' | 'key file';
  /** A prepared statement for `sql`, prepared once per open store (the import's hot paths run
   * the same few statements for every batch; preparing them each time cost ~3 % of an import).
   * Not for statements that are iterated while the same SQL may run again. */
  statement(sql: string): StatementSync;
  /** Work for the end of the open write transaction, run once just before its COMMIT (dropped on
   * ROLLBACK): the import's per-session roll-ups, recomputed once per transaction, not per batch;
   * also what lives as long as the transaction (the index writers' name ids). */
  readonly deferred: Map<string, { run(): void }>;
  close(): void;
}

const BUSY_TIMEOUT_MS = 60_000;

export interface InitResult {
  created: boolean;
  keySource: 'TRACE_KEY' | 'key file';
  keyFile?: string;
  /** Journal files (`store.db-wal`, `-shm`) a store.db no longer there left behind, moved aside
   * under these names before the new store.db was made: SQLite would have applied them to it. */
  movedAside?: string[];
}

/** Whether the store's database exists. A directory that cannot be searched (mode 0000, another
 * user's) is a permission problem, not a missing store. */
function storeExists(config: Config): boolean {
  try {
    statSync(config.dbFile);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    const file = (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? fileOnPath(config.home) : undefined;
    if (file !== undefined) {
      throw new TracebaseError(
        'STORE_UNREADABLE',
        `The store directory ${config.home} cannot be one: ${file === config.home ? 'it' : file} is a file.`,
        'Set TRACE_HOME to a directory (or to a path that does not exist yet), or move that file out of the way.',
        { cause: e },
      );
    }
    throw translateFsError(e, `reading the store in ${config.home}`);
  }
}


/** What may already be in a store directory that `init` creates a store in: its own files (and a
 * file system's or Finder's). */
const OWN_FILE = /^(?:key(?:\.init-.*)?|store\.db(?:-wal|-shm|\..+)?|tracebase\.log|lost\+found|\.DS_Store)$/;

/** link() refused by the file system itself (FAT, exFAT, many network and FUSE mounts). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * Puts a file in place whole or not at all: written under a name of its own, then linked to
 * its name, which fails when another process was first (two `init`s at once). Returns false then.
 */
function placeWhole(path: string, write: (tmp: string) => void): boolean {
  const tmp = `${path}.init-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    write(tmp);
    try {
      linkSync(tmp, path);
    } catch (e) {
      // Without hard links: a copy that fails when the name exists (whole once it is there, but
      // not at once: a second init then may find it half written, and says the store is damaged).
      if (!NO_LINKS.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
      copyFileSync(tmp, path, constants.COPYFILE_EXCL);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

/** Create the store directory, key and database. Safe to run twice, also at once: an existing
 * store is verified, never overwritten. A directory holding other files is not taken over. */
/**
 * mkdir -p the store directory, each missing folder made in turn from the top: Node's recursive
 * mkdir loops forever where a folder can be neither made nor found (under /proc, a new-user pass
 * found `init` spinning), and says a bare ENOENT under a link to nowhere.
 */
function makeHome(home: string): void {
  const missing: string[] = [];
  for (let at = resolve(home); !existsSync(at); ) {
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // (Made meanwhile by another init.)
      if (code === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
      const target = linkTarget(dir);
      if (target !== undefined) {
        throw new TracebaseError(
          'STORE_UNREADABLE',
          `${dir} is a symbolic link to ${target}, which does not exist: the store's folder cannot be made there.`,
          `Create ${target} (or remove the link ${dir}), or point TRACE_HOME elsewhere.`,
          { cause: e },
        );
      }
      if (code === 'ENOENT') {
        throw new TracebaseError(
          'STORE_UNREADABLE',
          `${dir} cannot be made: its folder ${dirname(dir)} takes no new folders (a system file system such as /proc or /sys).`,
          'Point TRACE_HOME at a folder of yours (the default is ~/.traces).',
          { cause: e },
        );
      }
      throw e;
    }
  }
}

/** Where the symbolic link at `path` points, when it is one. */
function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? resolve(dirname(path), readlinkSync(path)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The write-ahead log and shared memory of a store.db that is gone (moved aside after a damage
 * message, deleted) are renamed out of the way (`store.db.left-<time>-wal`): SQLite would
 * otherwise replay that log into the new, empty store.db, damaging it with another store's pages.
 */
function moveAsideOrphanJournal(dbFile: string): string[] {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const moved: string[] = [];
  for (const suffix of ['-wal', '-shm']) {
    const from = `${dbFile}${suffix}`;
    // Another init may have made its store meanwhile: then the journal is that store's.
    if (!existsSync(from) || existsSync(dbFile)) continue;
    const to = `${dbFile}.left-${stamp}${suffix}`;
    renameSync(from, to);
    moved.push(to);
  }
  return moved;
}

/** Whether process `pid` still runs (a kill -0; one of another user's counts as running). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The files an `init` killed midway left (`key.init-<pid>-<hex>`, an extra copy of the key;
 * `store.db.init-…` and its journal) are removed by the next one, unless the `init` that made
 * them still runs (or the files are less than a minute old).
 */
function removeStaleInitFiles(home: string): void {
  let names: string[];
  try {
    names = readdirSync(home);
  } catch {
    return;
  }
  for (const f of names) {
    const m = /^(?:key|store\.db)\.init-(\d+)-[0-9a-f]{8}(?:-wal|-shm)?$/.exec(f);
    if (!m || Number(m[1]) === process.pid || running(Number(m[1]))) continue;
    // (Also a minute old: a process id says nothing of an init in another container sharing the folder.)
    try {
      if (Date.now() - statSync(join(home, f)).mtimeMs > 60_000) rmSync(join(home, f), { force: true });
    } catch {
      // Gone meanwhile.
    }
  }
}

export function initStore(config: Config): InitResult {
  removeStaleInitFiles(config.home);
  const existing = (): InitResult => {
    openStore(config).close();
    return { created: false, keySource: traceKey(config) ? 'TRACE_KEY' : 'key file', keyFile: traceKey(config) ? undefined : config.keyFile };
  };
  if (storeExists(config)) return existing();
  try {
    let others: string[] = [];
    try {
      others = readdirSync(config.home).filter((f) => !OWN_FILE.test(f));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (others.length > 0) {
      throw new TracebaseError(
        'STORE_DIR_NOT_EMPTY',
        `${config.home} is not empty (it holds ${others.length === 1 ? others[0] : `${others.length} files, ${others[0]} among them`}) and holds no Tracebase store.`,
        'Set TRACE_HOME to a new or empty directory (the store keeps it private: mode 0700). Nothing was changed.',
      );
    }
    makeHome(config.home);
    chmodSync(config.home, 0o700);
    const movedAside = moveAsideOrphanJournal(config.dbFile);
    let key: Buffer;
    const envKey = traceKey(config);
    if (envKey) {
      key = parseKey(envKey, 'TRACE_KEY');
    } else {
      if (!existsSync(config.keyFile)) {
        const fresh = generateKey();
        placeWhole(config.keyFile, (tmp) => writeFileSync(tmp, `${fresh.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }));
      }
      key = parseKey(readFileSync(config.keyFile, 'utf8'), `Key file ${config.keyFile}`);
    }
    const created = placeWhole(config.dbFile, (tmp) => {
      // Created 0600 before SQLite touches it: SQLite gives -wal/-shm the same mode.
      closeSync(openSync(tmp, 'wx', 0o600));
      const db = openDb(tmp);
      try {
        db.exec(RAW_DDL);
        createIndexTables(db);
        const put = db.prepare('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)');
        put.run('schema_version', String(SCHEMA_VERSION));
        put.run('key_check', keyCheck(key));
        put.run('key_fingerprint', keyFingerprint(key));
        put.run('created_at', new Date().toISOString());
        put.run('identities', 'hmac-sha256');
        // Whole in the one file before it is linked: nothing left in a journal beside it.
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    });
    if (!created) return existing();
    return {
      created: true,
      keySource: traceKey(config) ? 'TRACE_KEY' : 'key file',
      keyFile: traceKey(config) ? undefined : config.keyFile,
      ...(movedAside.length > 0 ? { movedAside } : {}),
    };
  } catch (e) {
    if (e instanceof TracebaseError) throw e;
    throw translateFsError(e, `creating the store in ${config.home}`);
  }
}

export interface OpenOptions {
  /** `tracebase index` opens a store whose index is outdated (it rebuilds it). */
  outdatedIndex?: boolean;
  /** Told what opening fixed on the way that the user should know (a key file others could read). */
  onNotice?: (message: string) => void;
  /** Also told what could not be fixed (modes a file system does not keep, files of another user): `doctor`. Other
   * commands stay quiet about it rather than say it at every run. */
  reportUnfixable?: boolean;
}

/** The index tables as this version lays them out (empty), and the version and redaction rules
 * that say so. */
export function createIndexTables(db: DatabaseSync): void {
  db.exec(INDEX_DDL);
  db.exec(FTS_SETTINGS);
  db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('index_version', ?)").run(String(INDEX_VERSION));
  db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('redaction_rules', ?)").run(REDACTION_RULES);
  db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('reading_rules', ?)").run(READING_RULES);
}

/** The redaction rules the index was built by (their date), or null when an index from before
 * they were recorded holds events. An empty index counts as built by the current rules. */
export function indexRedactionRules(db: DatabaseSync): string | null {
  const v = (db.prepare("SELECT v FROM meta WHERE k = 'redaction_rules'").get() as { v: string } | undefined)?.v;
  if (v !== undefined) return v;
  return db.prepare('SELECT 1 FROM events LIMIT 1').get() === undefined ? REDACTION_RULES : null;
}

/** The reading of transcripts the index was built by (`READING_RULES`), or null when an index
 * from before it was recorded holds events. An empty index counts as built by the current one. */
export function indexReadingRules(db: DatabaseSync): string | null {
  const v = (db.prepare("SELECT v FROM meta WHERE k = 'reading_rules'").get() as { v: string } | undefined)?.v;
  if (v !== undefined) return v;
  return db.prepare('SELECT 1 FROM events LIMIT 1').get() === undefined ? READING_RULES : null;
}

/** The recorded index version is this version's, and the tables are laid out so (an older
 * version's `tracebase index` lays them out its own way under the same record). */
export function indexLayoutIsCurrent(db: DatabaseSync): boolean {
  return (
    (db.prepare("SELECT v FROM meta WHERE k = 'index_version'").get() as { v: string } | undefined)?.v === String(INDEX_VERSION) &&
    (db.prepare("SELECT type FROM pragma_table_info('events') WHERE name = 'kind'").get() as { type: string } | undefined)?.type === 'INTEGER'
  );
}

const CORE_INDEX_TABLES = ['sessions', 'events', 'events_fts'];

/** Whether the index is laid out as this version expects: the recorded version, and the tables
 * themselves (an older version's `tracebase index` lays them out its own way under the same
 * record). A store with nothing imported yet gets the current layout at once; one with data
 * waits for `tracebase index` (or is refused). */
function indexIsCurrent(db: DatabaseSync, config: Config, opts: OpenOptions): boolean {
  const current = () => indexLayoutIsCurrent(db);
  const empty = () => db.prepare('SELECT 1 FROM segments LIMIT 1').get() === undefined && db.prepare('SELECT 1 FROM big_parts LIMIT 1').get() === undefined;
  // (An empty index an older version made, before the rules were recorded.)
  const unrecorded = () => db.prepare("SELECT 1 FROM meta WHERE k = 'redaction_rules'").get() === undefined;
  if (current()) {
    // (Tables an index of this layout always has: gone, the index is incomplete, not new.)
    const lost = CORE_INDEX_TABLES.filter((t) => db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(t) === undefined);
    if (lost.length > 0 && !empty()) {
      if (opts.outdatedIndex) return true;
      db.close();
      throw new TracebaseError(
        'INDEX_OUTDATED',
        `The search index of the store at ${config.home} is incomplete: its ${lost.join(', ')} table${lost.length > 1 ? 's are' : ' is'} missing.`,
        'Run `tracebase index`: it rebuilds the index from the encrypted records (nothing is lost).',
      );
    }
    db.exec(INDEX_DDL);
    if (!(unrecorded() && empty())) return true;
  } else if (!empty()) return opts.outdatedIndex === true;
  try {
    db.exec('BEGIN IMMEDIATE');
    // Checked again under the write lock: an import may have begun meanwhile.
    if ((!current() || unrecorded()) && empty()) {
      for (const t of INDEX_TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
      createIndexTables(db);
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw translateFsError(e, `updating the index of the store in ${config.home}`);
  }
  return current() || opts.outdatedIndex === true;
}

export function openStore(config: Config, opts: OpenOptions = {}): Store {
  if (!storeExists(config)) {
    // (A key file without its database: store.db was deleted or moved, not a store never made.)
    if (existsSync(config.keyFile)) {
      throw new TracebaseError(
        'STORE_NOT_INITIALIZED',
        `The store at ${config.home} has its key file but no store.db (deleted or moved?).`,
        'Put store.db back from a backup (with store.db-wal beside it if there was one), or run `tracebase init` to start an empty one with the same key and `tracebase import` to read your transcripts again.',
      );
    }
    throw new TracebaseError(
      'STORE_NOT_INITIALIZED',
      `No Tracebase store at ${config.home}.`,
      'Run `tracebase init` to create one (or set TRACE_HOME to the store you meant).',
    );
  }
  const key = loadKey(config, opts.onNotice, opts.reportUnfixable);
  tightenModes(config, opts.onNotice, opts.reportUnfixable);
  if (statSync(config.dbFile).size === 0) {
    // Opening it would write a fresh header into what may be a half-restored backup.
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `The store database ${config.dbFile} is an empty file.`,
      'Restore store.db from a backup, or move it aside (with its store.db-wal and store.db-shm) and run `tracebase init && tracebase import` (your transcripts are untouched). Nothing was changed.',
    );
  }
  if (!sqliteHeader(config.dbFile)) {
    // Opening it would write a fresh header over what is there (SQLite takes a file shorter than
    // its header as a new, empty database).
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `The store database ${config.dbFile} is not an SQLite database (cut short to a few bytes, overwritten, or another file in its place).`,
      'Restore store.db from a backup, or move it aside (with its store.db-wal and store.db-shm) and run `tracebase init && tracebase import` (your transcripts are untouched; sessions whose transcripts are gone cannot come back). Nothing was changed.',
    );
  }
  let db: DatabaseSync;
  // (The file a repair may rename while this opens it: its identity is known only when the same before and after.)
  const identity = fileIdentity(config.dbFile);
  try {
    // Another program's database in its place: none of a store's own tables (a damaged store
    // fails to read its schema instead, and `tracebase index` can copy its records out).
    if (foreignDatabase(config.dbFile)) {
      throw new TracebaseError(
        'STORE_UNREADABLE',
        `The store database ${config.dbFile} is an SQLite database, but no Tracebase store: it holds none of a store's tables (another program's database in its place?).`,
        'Set TRACE_HOME to the directory of your store; or move that file aside and run `tracebase init && tracebase import` (your transcripts are untouched). Nothing was changed.',
      );
    }
    db = openDb(config.dbFile);
    const row = db.prepare("SELECT v FROM meta WHERE k = 'key_check'").get() as { v: string } | undefined;
    if (!row) throw new Error('meta.key_check missing');
    if (!keyMatches(key, row.v)) {
      db.close();
      throw new TracebaseError(
        'KEY_MISMATCH',
        `The key from ${traceKey(config) ? 'TRACE_KEY' : config.keyFile} does not match the store at ${config.home}.`,
        traceKey(config)
          ? 'Unset TRACE_KEY or set it to the key this store was created with. Nothing was changed.'
          : 'Restore the original key file (or set TRACE_KEY to the original key). Nothing was changed.',
      );
    }
    db.exec(RAW_DDL);
    // A file a repair set aside, opened as store.db: put back by hand, it is the store again.
    if (db.prepare('SELECT 1 FROM meta WHERE k = ?').get(SUPERSEDED)) {
      db.prepare('DELETE FROM meta WHERE k = ?').run(SUPERSEDED);
      opts.onNotice?.(`${config.dbFile} is a file a repair (\`tracebase index\`) set aside as damaged, put back as the store: it is used again (\`tracebase doctor\` checks it).`);
    }
    if (!opts.outdatedIndex && db.prepare('SELECT 1 FROM meta WHERE k = ?').get(REPAIR_PENDING)) {
      db.close();
      throw new TracebaseError(
        'INDEX_OUTDATED',
        `A repair of the store at ${config.home} was stopped before its index was rebuilt: the encrypted records are in the new store.db, the index is not yet.`,
        'Run `tracebase index` to finish it, then `tracebase import` (it reads again the transcripts of any records the repair left out). Until then the store is not read or imported into: an import now would store lines twice.',
      );
    }
    if (!indexIsCurrent(db, config, opts)) {
      db.close();
      throw new TracebaseError(
        'INDEX_OUTDATED',
        `The search index of the store at ${config.home} was built by an earlier version of Tracebase.`,
        'Run `tracebase index` once: it rebuilds the index from the encrypted records (nothing is lost; about a minute per GB of store).',
      );
    }
  } catch (e) {
    if (e instanceof TracebaseError) throw e;
    // Read-only (SQLITE_READONLY): a permission problem, not damage.
    if ((e as { errcode?: number }).errcode === 8 || isDiskFull(e)) throw translateFsError(e, `opening the store in ${config.home}`);
    // SQLite cannot open a WAL database it may not write beside: say so rather than suspect damage.
    // Nor one it may not read or write (mode 0000, another owner).
    try {
      accessSync(config.home, constants.W_OK);
      accessSync(config.dbFile, constants.R_OK | constants.W_OK);
    } catch (w) {
      throw translateFsError(w, `opening the store in ${config.home}`);
    }
    if ((e as { errcode?: number }).errcode === 26) {
      // SQLITE_NOTADB: no page of it can be trusted, so there is nothing for `index` to copy out.
      throw new TracebaseError(
        'STORE_UNREADABLE',
        `The store database ${config.dbFile} is not an SQLite database (overwritten, or another file in its place).`,
        'Restore store.db from a backup, or move it aside (with its store.db-wal and store.db-shm) and run `tracebase init && tracebase import` (your transcripts are untouched; sessions whose transcripts are gone cannot come back). Nothing was changed.',
        { cause: e },
      );
    }
    if ((e as { errcode?: number }).errcode === 11) {
      // SQLITE_CORRUPT: `tracebase index` copies the encrypted records out (salvage.ts).
      throw new TracebaseError(
        'STORE_UNREADABLE',
        `The store database ${config.dbFile} is damaged: ${(e as Error).message.split('\n')[0]}.`,
        'Run `tracebase index`: it copies the encrypted records into a new store.db, keeps the damaged file beside it and rebuilds the index. If it cannot, restore store.db from a backup.',
        { cause: e },
      );
    }
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `The store database ${config.dbFile} cannot be read: ${(e as Error).message.split('\n')[0]}.`,
      'Check the file permissions and that the disk is readable. If the file is damaged, run `tracebase index` to repair it; if that fails, restore store.db from a backup, or move it aside (with its store.db-wal and store.db-shm) and re-import (`tracebase init && tracebase import`: your transcripts are untouched, but sessions whose transcripts are gone are not).',
      { cause: e },
    );
  }
  const statements = new Map<string, StatementSync>();
  const keyed = (db.prepare("SELECT v FROM meta WHERE k = 'identities'").get() as { v: string } | undefined)?.v === 'hmac-sha256';
  const handles = OPEN_HANDLES.get(config.dbFile) ?? new Set<WeakRef<DatabaseSync>>();
  OPEN_HANDLES.set(config.dbFile, handles);
  const handle = new WeakRef(db);
  handles.add(handle);
  FILE_IDENTITY.set(db, fileIdentity(config.dbFile) === identity ? identity : '');
  const store: Store & { [inspect.custom](): string; toJSON(): unknown } = {
    config,
    sealer: createSealer(key),
    sealingKey: key,
    idKey: keyed ? identityKey(key) : undefined,
    get db(): DatabaseSync {
      if (!db.isOpen) throw new TracebaseError('STORE_CLOSED', `This handle on the store in ${config.home} is closed.`, 'Open the store again (`openStore`) to go on.');
      return db;
    },
    keyFingerprint: keyFingerprint(key),
    keySource: traceKey(config) ? 'TRACE_KEY' : 'key file',
    deferred: new Map(),
    statement(sql: string) {
      let st = statements.get(sql);
      if (!st) {
        st = store.db.prepare(sql);
        statements.set(sql, st);
      }
      return st;
    },
    close: () => {
      statements.clear();
      handles.delete(handle);
      if (handles.size === 0) OPEN_HANDLES.delete(config.dbFile);
      if (db.isOpen) db.close();
    },
    // What a log line or console.log shows of a store: never its key (or the environment it was opened with).
    [inspect.custom]: () => `Store { home: ${JSON.stringify(config.home)}, key: ${keyFingerprint(key)} (${traceKey(config) ? 'TRACE_KEY' : 'key file'}), ${db.isOpen ? 'open' : 'closed'} }`,
    toJSON: () => ({ home: config.home, keyFingerprint: keyFingerprint(key), open: db.isOpen }),
  };
  // The key and what derives from it are there for the import, not for listing: not enumerable.
  for (const name of ['config', 'sealer', 'sealingKey', 'idKey']) Object.defineProperty(store, name, { enumerable: false });
  return store;
}

/** The store handles open in this process, per database file, with the identity of the file each
 * opened: a write that would wait on another of them (it cannot finish while this thread waits) is
 * refused at once instead, and so is one into a file a repair has since replaced. */
const OPEN_HANDLES = new Map<string, Set<WeakRef<DatabaseSync>>>();
/** The identity of the file each handle opened ('' when a rename raced the open). */
const FILE_IDENTITY = new WeakMap<DatabaseSync, string>();
/** Handles whose open transaction is a write (`beginWrite`): a read transaction blocks no writer. */
const WRITING = new WeakSet<DatabaseSync>();

/** Meta key of a store a repair copied but has not rebuilt the index of yet (see salvage.ts). */
export const REPAIR_PENDING = 'repair_pending';
/** Meta key of a store.db a repair copied and set aside: nothing more goes into it. */
export const SUPERSEDED = 'superseded';

/** Device and inode of the file at `path` ('' when it cannot be read). */
function fileIdentity(path: string): string {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return '';
  }
}

/** BEGIN IMMEDIATE: the write lock, waited for (busy_timeout) while another process holds it. */
export function beginWrite(store: Store): void {
  const db = store.db;
  if (db.isTransaction) {
    throw new TracebaseError('STORE_LOCKED', 'This store handle is in the middle of a write (an import or rebuild through it has not finished).', 'Wait for it (`await` the import) before writing through this handle again.');
  }
  const handles = OPEN_HANDLES.get(store.config.dbFile);
  for (const ref of handles ?? []) {
    const other = ref.deref();
    if (!other) {
      handles!.delete(ref); // a store let go of without close()
      continue;
    }
    if (other !== db && other.isOpen && other.isTransaction && WRITING.has(other)) {
      throw new TracebaseError(
        'STORE_LOCKED',
        'Another handle on this store in this process is in the middle of a write (an import not finished): waiting for it here would stop it too.',
        'Wait for that write (`await` the import) before writing through another handle, or use one handle for writes.',
      );
    }
  }
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    throw translateFsError(e, writingTo(store.config, e));
  }
  WRITING.add(db);
  stillStoreDb(store);
}

/** "writing to the store", and for SQLITE_READONLY (and its extended codes) which of the store's
 * files may not be written, as doctor says. */
export function writingTo(config: Config, e: unknown): string {
  const readOnly = (e as { code?: string }).code === 'ERR_SQLITE_ERROR' && (((e as { errcode?: number }).errcode ?? 0) & 0xff) === 8;
  const closed = readOnly ? unwritable(config) : [];
  return `writing to the store${closed.length ? ` (${closed.join(', ')} may not be written)` : ''}`;
}

/** The store's files (and its folder) that exist and this user may not write. */
function unwritable(config: Config): string[] {
  return [config.home, config.dbFile, `${config.dbFile}-wal`, `${config.dbFile}-shm`].filter((p) => {
    try {
      accessSync(p, constants.W_OK);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  });
}

/** COMMIT, unless store.db was replaced meanwhile (then ROLLBACK and STORE_LOCKED). */
export function commitWrite(store: Store): void {
  stillStoreDb(store);
  store.db.exec('COMMIT');
  WRITING.delete(store.db);
}

/** A repair (`tracebase index`) replaces store.db with a new file: a write still going into the
 * old one (set aside as damaged) would be lost, and is undone and refused instead. */
function stillStoreDb(store: Store): void {
  const db = store.db;
  const opened = FILE_IDENTITY.get(db);
  const now = opened ? fileIdentity(store.config.dbFile) : undefined;
  const replaced = (opened && now !== opened) || store.statement('SELECT 1 FROM meta WHERE k = ?').get(SUPERSEDED) !== undefined;
  if (!replaced) return;
  store.deferred.clear();
  if (db.isTransaction) db.exec('ROLLBACK');
  // (Deleted or moved away, not replaced by a repair: writing on would go into a file no one can open again.)
  if (now === '') {
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `The store's database ${store.config.dbFile} was deleted or moved away while this ran. What this command had not committed was undone.`,
      'Put store.db (with its store.db-wal) back if it was moved; otherwise start a new store with `tracebase init` and `tracebase import` (your transcripts are untouched).',
    );
  }
  throw new TracebaseError(
    'STORE_LOCKED',
    'The store was repaired by `tracebase index` while this ran: store.db is a new file now, and this command still had the old one open. What it had not committed was undone.',
    'Run the command again (an import continues where it stopped).',
  );
}

/** Where a symbolic link at `path` points when that is nowhere; null when it is no link. */
function danglingLink(path: string): string | null {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : null;
  } catch {
    return null;
  }
}

/** The store's key as configured (TRACE_KEY or the key file), not yet checked against the store. */
export const configuredKey = (config: Config): Buffer => loadKey(config);

function loadKey(config: Config, onNotice?: (message: string) => void, reportUnfixable = false): Buffer {
  const envKey = traceKey(config);
  if (envKey) return parseKey(envKey, 'TRACE_KEY');
  if (!existsSync(config.keyFile)) {
    const target = danglingLink(config.keyFile);
    if (target !== null) {
      throw new TracebaseError(
        'KEY_MISSING',
        `The key file of the store at ${config.home} (${config.keyFile}) is a link to ${target}, which does not exist (a backup drive not mounted?), and TRACE_KEY is not set.`,
        'Make the file it links to available again, or set TRACE_KEY to the base64 key the store was created with.',
      );
    }
    throw new TracebaseError(
      'KEY_MISSING',
      `The store at ${config.home} has no key file (${config.keyFile}) and TRACE_KEY is not set.`,
      'Restore the key file from your backup or set TRACE_KEY to the base64 key the store was created with.',
    );
  }
  const st = statSync(config.keyFile);
  if (!st.isFile()) {
    throw new TracebaseError(
      'KEY_MISSING',
      `The key file of the store at ${config.home} (${config.keyFile}) is ${st.isDirectory() ? 'a folder' : 'not a file'}. Nothing was changed.`,
      'Put the key file back from your backup in its place, or set TRACE_KEY to the base64 key the store was created with.',
    );
  }
  const r = makePrivate(config.keyFile, 0o600);
  if (r?.result === 'fixed') {
    onNotice?.(
      `The key file ${config.keyFile} could be read by other users (mode ${r.was.toString(8).padStart(4, '0')}); it is 0600 now. If someone may have copied it, the store's encryption no longer protects it from them: move the store aside, \`tracebase init\` a new one and import again.`,
    );
  } else if (r && reportUnfixable) {
    onNotice?.(`The key file ${config.keyFile} can be read by other users (mode ${r.was.toString(8).padStart(4, '0')}) and could not be made 0600: ${UNFIXABLE}.`);
  }
  return parseKey(readFileSync(config.keyFile, 'utf8'), `Key file ${config.keyFile}`);
}

/** Gives `path` mode `want` when others may read it: 'fixed' when it took, 'kept' when the file system kept the old mode
 * (a Windows drive under WSL, FAT, some network shares: modes read 0777 and chmod changes nothing), 'denied' when this
 * user may not change it, undefined when nothing was to do (or no such file). */
function makePrivate(path: string, want: number): { was: number; result: 'fixed' | 'kept' | 'denied' } | undefined {
  let was: number;
  try {
    was = statSync(path).mode & 0o777;
  } catch {
    return undefined;
  }
  if ((was & 0o077) === 0) return undefined;
  try {
    chmodSync(path, want);
  } catch {
    return { was, result: 'denied' };
  }
  return { was, result: (statSync(path).mode & 0o077) === 0 ? 'fixed' : 'kept' };
}

const UNFIXABLE =
  'its file system does not keep file modes (a Windows drive under WSL, FAT, some network shares) or the files are not yours: keep the store on a disk that keeps modes (set TRACE_HOME there), or make it private as its owner (`chmod 700` the folder, `chmod 600` its files)';

/** The store folder 0700 and its database files 0600, as `init` made them: a copy, an archive or a umask may have
 * opened them to other users (the key file is seen to in loadKey). Said once, when it changes something. */
function tightenModes(config: Config, onNotice?: (message: string) => void, reportUnfixable = false): void {
  const fixed: string[] = [];
  const unfixed: string[] = [];
  for (const [path, want] of [[config.home, 0o700], [config.dbFile, 0o600], [`${config.dbFile}-wal`, 0o600], [`${config.dbFile}-shm`, 0o600]] as const) {
    const r = makePrivate(path, want);
    if (r?.result === 'fixed') fixed.push(`${path} (was ${r.was.toString(8).padStart(4, '0')})`);
    else if (r) unfixed.push(path);
  }
  if (fixed.length > 0)
    onNotice?.(`The store could be read by other users: ${fixed.join(', ')}. It is private again (folder 0700, files 0600). The index holds redacted text only, but other users could see what it holds.`);
  if (unfixed.length > 0 && reportUnfixable) onNotice?.(`The store can be read by other users and could not be made private (${unfixed.join(', ')}): ${UNFIXABLE}.`);
}

/** Page cache for queries; an import, which mostly appends, runs with a smaller one. */
const CACHE_KB = 16_000;
const IMPORT_CACHE_KB = 4_000;

/** Lowers the page cache for the length of an import (measured: ~8 MB less peak memory, no
 * slower). Returns the function that restores it. */
export function importCache(store: Store): () => void {
  store.db.exec(`PRAGMA cache_size = -${IMPORT_CACHE_KB}`);
  // (A handle closed meanwhile has no cache left to size; its own error is the one to see.)
  const db = store.db;
  return () => {
    if (db.isOpen) db.exec(`PRAGMA cache_size = -${CACHE_KB}`);
  };
}

function openDb(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = OFF');
  // Freed cells are zeroed where that costs no extra I/O, so a row's old copy (rewritten by
  // pairing, or purged) does not linger in free space.
  db.exec('PRAGMA secure_delete = FAST');
  db.exec(`PRAGMA cache_size = -${CACHE_KB}`);
  // Checkpoint every ~32 MB of WAL instead of 4 MB: each checkpoint syncs the database file.
  db.exec('PRAGMA wal_autocheckpoint = 8192');
  return db;
}

const SCRUB_OWED = 'scrub_owed';

/** Notes, in the open write transaction, that full-text entries were replaced (a secret learned late was
 * redacted from them): their old terms linger in the index's pages until `scrubIndex`. Kept in the
 * store, so an import stopped before its scrub (Ctrl-C, a kill, an error) leaves it owed to the next. */
export function owesScrub(store: Store): void {
  store.statement("INSERT OR IGNORE INTO meta (k, v) VALUES ('scrub_owed', '1')").run();
}

/**
 * Rewrites the full-text index without the terms of entries replaced since the last scrub (a secret
 * learned late, redacted from earlier events: FTS5 only marks the old entry deleted, and its words,
 * the secret among them lower-cased, stay in the index's pages; FTS5's `secure-delete` option does
 * not reach a contentless table's entries). FTS5's `optimize` merges the index into one segment,
 * and with `secure_delete` on, the pages freed are zeroed. Its cost grows with the index (about a
 * second for 1M events'), so only when a scrub is owed (or `always`, for a rebuild); a checkpoint
 * then leaves the WAL empty.
 */
export function scrubIndex(store: Store, always = false): void {
  const db = store.db;
  if (!always && db.prepare('SELECT 1 FROM meta WHERE k = ?').get(SCRUB_OWED) === undefined) return;
  db.exec('PRAGMA secure_delete = ON');
  try {
    writeTx(store, () => {
      db.exec("INSERT INTO events_fts (events_fts) VALUES ('optimize')");
      db.prepare('DELETE FROM meta WHERE k = ?').run(SCRUB_OWED);
    });
  } finally {
    db.exec('PRAGMA secure_delete = FAST');
  }
  checkpoint(store);
}

/** Fold the WAL back into the database file (after a long import) so it does not linger at its peak size. */
export function checkpoint(store: Store): void {
  try {
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch {
    // another connection is reading; SQLite will checkpoint later
  }
}

/** Run fn inside BEGIN IMMEDIATE … COMMIT (rolls back on error). IMMEDIATE takes the write
 * lock up front so two writers queue on busy_timeout instead of failing with SQLITE_BUSY. */
export function writeTx<T>(store: Store, fn: () => T): T {
  beginWrite(store);
  try {
    const out = fn();
    settle(store);
    commitWrite(store);
    return out;
  } catch (e) {
    store.deferred.clear();
    if (store.db.isTransaction) store.db.exec('ROLLBACK');
    throw translateFsError(e, writingTo(store.config, e));
  }
}

/** Runs the work deferred to the end of the open transaction (see `Store.deferred`). */
export function settle(store: Store): void {
  for (const [key, task] of store.deferred) {
    store.deferred.delete(key);
    task.run();
  }
}

/** How an import commits: one transaction per call, or several calls grouped into one. */
export interface TxRunner {
  /** Run fn inside a write transaction; `bytes` is the input it covers (for grouping). */
  run<T>(bytes: number, fn: () => T): T;
  /** Commit what is pending (before work that needs its own transaction, and at the end). */
  flush(): void;
  /** Drop what is pending. */
  abort(): void;
  /** How many times pending work was committed / dropped because a batch failed. */
  readonly commits: number;
  readonly aborts: number;
}

export function eachTx(store: Store): TxRunner {
  return { run: (_bytes, fn) => writeTx(store, fn), flush() {}, abort() {}, commits: 0, aborts: 0 };
}

/**
 * Keeps one write transaction open across many small files until `maxBytes` of input are in
 * it: each commit flushes the FTS index and syncs the WAL, so fewer, larger commits import
 * faster. A crash loses only the open group, which the next run reads again.
 */
export function groupTx(store: Store, maxBytes = 16 << 20): TxRunner {
  let open = false;
  let pending = 0;
  let commits = 0;
  let aborts = 0;
  const db = store.db;
  const abort = () => {
    store.deferred.clear();
    if (open && db.isOpen && db.isTransaction) db.exec('ROLLBACK');
    open = false;
    pending = 0;
  };
  const flush = () => {
    if (!open) return;
    try {
      settle(store);
      commitWrite(store);
    } catch (e) {
      // Every file in the group is undone: counted, so the import redoes the others.
      abort();
      aborts++;
      throw translateFsError(e, writingTo(store.config, e));
    }
    open = false;
    pending = 0;
    commits++;
  };
  return {
    run(bytes, fn) {
      if (!open) {
        beginWrite(store);
        open = true;
      }
      // No SAVEPOINT per batch: FTS5 flushes its pending index at every savepoint, which costs
      // as much as a commit. A failing batch undoes the whole open group (see `aborts`).
      let out: ReturnType<typeof fn>;
      try {
        out = fn();
      } catch (e) {
        abort();
        aborts++;
        throw translateFsError(e, writingTo(store.config, e));
      }
      pending += bytes;
      if (pending >= maxBytes) flush();
      return out;
    },
    flush,
    abort,
    get commits() {
      return commits;
    },
    get aborts() {
      return aborts;
    },
  };
}

/** Whether `file` opens with SQLite's header (its first 16 bytes), as an SQLite database does. */
function sqliteHeader(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/** Whether the database holds none of a store's own tables (another program's database in its
 * place), read without writing: opening it as a store would turn a rollback-journal database into
 * a WAL one, or fold a WAL left beside it into it, a write to someone else's file. */
function foreignDatabase(file: string): boolean {
  const db = new DatabaseSync(file, { readOnly: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const own = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name IN ('meta', 'segments', 'streams')").get() as { n: number };
    return Number(own.n) === 0;
  } finally {
    db.close();
  }
}
