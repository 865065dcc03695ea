import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A small JSON document persisted in the local vault's data folder. Writes go
 * to a temporary file and are renamed into place, so a crash never leaves a
 * half-written state file. Services keep their state in memory and call
 * `save()` after each change (state files are small; objects live elsewhere).
 */
export class JsonState<T> {
  readonly file: string;
  value: T;

  constructor(dataDir: string, name: string, initial: () => T) {
    this.file = path.join(dataDir, `${name}.json`);
    mkdirSync(dataDir, { recursive: true });
    try {
      this.value = JSON.parse(readFileSync(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`The local vault's state file ${this.file} is unreadable: ${(error as Error).message}`, {
          cause: error,
        });
      }
      this.value = initial();
      this.save();
    }
  }

  save(): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.value, null, 1), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
