/**
 * One bucket's object index: a map in memory, persisted as an append-only
 * journal (one JSON line per put or delete). Start-up replays the journal and
 * compacts it when it has grown much larger than the live set, so start stays
 * fast and each write costs one small append, whatever the bucket's size.
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { SortedKeys } from './key-order';
import type { ObjectMeta } from './types';

type JournalLine = { op: 'put'; meta: ObjectMeta } | { op: 'del'; key: string };

export class BucketIndex {
  readonly keys = new SortedKeys();
  private readonly objects = new Map<string, ObjectMeta>();
  private fd: number;

  constructor(private readonly file: string) {
    let lines = 0;
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        let entry: JournalLine;
        try {
          entry = JSON.parse(line) as JournalLine;
        } catch {
          // A torn last line after a crash: everything before it is intact.
          continue;
        }
        lines++;
        if (entry.op === 'put') this.objects.set(entry.meta.key, entry.meta);
        else this.objects.delete(entry.key);
      }
    }
    this.keys.load(this.objects.keys());
    if (lines > 1000 && lines > 2 * this.objects.size) this.compact();
    this.fd = openSync(file, 'a', 0o600);
  }

  get size(): number {
    return this.objects.size;
  }

  get(key: string): ObjectMeta | undefined {
    return this.objects.get(key);
  }

  values(): IterableIterator<ObjectMeta> {
    return this.objects.values();
  }

  put(meta: ObjectMeta): ObjectMeta | undefined {
    const previous = this.objects.get(meta.key);
    this.append({ op: 'put', meta });
    this.objects.set(meta.key, meta);
    if (!previous) this.keys.add(meta.key);
    return previous;
  }

  delete(key: string): ObjectMeta | undefined {
    const previous = this.objects.get(key);
    if (!previous) return undefined;
    this.append({ op: 'del', key });
    this.objects.delete(key);
    this.keys.delete(key);
    return previous;
  }

  close(): void {
    closeSync(this.fd);
  }

  private append(entry: JournalLine): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  private compact(): void {
    const temporary = `${this.file}.compact`;
    writeFileSync(
      temporary,
      [...this.objects.values()].map((meta) => `${JSON.stringify({ op: 'put', meta })}\n`).join(''),
      { mode: 0o600 },
    );
    renameSync(temporary, this.file);
  }
}
