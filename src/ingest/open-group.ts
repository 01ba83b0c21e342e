// The files whose writes sit in the open group transaction (import.ts, parallel.ts): a failure
// undoes the whole group, so the finished files in it are written again.
import type { TxRunner } from '../store/store.ts';

export class OpenGroup {
  private readonly tx: TxRunner;
  private files: number[] = [];
  private commits: number;
  private aborts: number;

  constructor(tx: TxRunner) {
    this.tx = tx;
    this.commits = tx.commits;
    this.aborts = tx.aborts;
  }

  /** A finished file whose writes are in the open group. */
  add(file: number): void {
    this.files.push(file);
  }

  /**
   * After a write: forget the files a commit made safe, and redo (`redo`) those a failure undid,
   * in the new group then. A redo that fails undoes it again: the files redone before it go round
   * once more, and the failed one (its report says so) is not redone. `undone` is told of each undo.
   */
  settle(redo: (file: number) => void, undone?: () => void): void {
    this.committed();
    while (this.tx.aborts !== this.aborts) {
      this.aborts = this.tx.aborts;
      undone?.();
      const files = this.files;
      this.files = [];
      for (let k = 0; k < files.length; k++) {
        redo(files[k]!);
        this.committed();
        if (this.tx.aborts !== this.aborts) {
          this.files.push(...files.slice(k + 1));
          break;
        }
        this.files.push(files[k]!);
      }
    }
  }

  private committed(): void {
    if (this.tx.commits !== this.commits) {
      this.commits = this.tx.commits;
      this.files = [];
    }
  }
}
