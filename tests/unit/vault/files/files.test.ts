import { describe, expect, it } from 'vitest';
import { deleteKeys } from '../../../../src/main/vault/files/delete-keys';
import { listFolder } from '../../../../src/main/vault/files/list-folder';
import { makeFolder } from '../../../../src/main/vault/files/make-folder';
import { movePath } from '../../../../src/main/vault/files/move-path';
import { createPlaintextSizes } from '../../../../src/main/vault/files/plaintext-sizes';
import { removePath } from '../../../../src/main/vault/files/remove-path';
import { FakeS3, testLayout } from './fake-s3';

function setup() {
  const s3 = new FakeS3();
  const layout = testLayout();
  const deps = { s3: s3.client, bucket: 'b', layout };
  const file = (path: string, size: number, plaintext = size - 100) =>
    s3.put(layout.objectKeyFor(path), size, {
      'file-id': 'AAAAAAAAAAAAAAAAAAAAAA',
      'plaintext-size': String(plaintext),
    });
  return { s3, layout, deps, file };
}

describe('listFolder', () => {
  it('lists folders (common prefixes and empty markers) and files with plaintext sizes, across pages', async () => {
    const { s3, layout, deps, file } = setup();
    s3.pageSize = 2;
    file('docs/b.txt', 300);
    file('docs/a.txt', 200);
    file('docs/sub/deep.txt', 150);
    s3.put(layout.folderKeyFor('docs'), 0); // the folder's own marker
    s3.put(layout.folderKeyFor('docs/empty'), 0);
    s3.put(`${layout.root}.name-key`, 50);
    const sizes = createPlaintextSizes();
    const listing = await listFolder({ ...deps, sizes }, 'docs');
    expect(listing.entries.map((entry) => [entry.kind, entry.path, 'size' in entry ? entry.size : '-'])).toEqual([
      ['folder', 'docs/empty', '-'],
      ['folder', 'docs/sub', '-'],
      ['file', 'docs/a.txt', 100],
      ['file', 'docs/b.txt', 200],
    ]);
    expect(listing.unreadable).toBe(0);

    // Sizes are remembered by key and ETag: a second listing makes no HEAD requests.
    s3.calls.length = 0;
    await listFolder({ ...deps, sizes }, 'docs');
    expect(s3.calls.filter((call) => call === 'HeadObjectCommand')).toEqual([]);

    const top = await listFolder({ ...deps, sizes }, '');
    expect(top.entries.map((entry) => entry.path)).toEqual(['docs']); // not the name key
  });

  it('counts names that fail to decrypt instead of failing the listing', async () => {
    const { s3, layout, deps, file } = setup();
    file('ok.txt', 200);
    s3.put(`${layout.root}bm90LW91ci1uYW1lLWF0LWFsbA`, 10);
    const listing = await listFolder({ ...deps, sizes: createPlaintextSizes() }, '');
    expect(listing.entries.map((entry) => entry.name)).toEqual(['ok.txt']);
    expect(listing.unreadable).toBe(1);
  });

  it('lists a single file by its path, and NOT_FOUND for nothing', async () => {
    const { deps, file } = setup();
    file('docs/a.txt', 200);
    const listing = await listFolder({ ...deps, sizes: createPlaintextSizes() }, 'docs/a.txt');
    expect(listing.entries.map((entry) => entry.path)).toEqual(['docs/a.txt']);
    await expect(listFolder({ ...deps, sizes: createPlaintextSizes() }, 'nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('removePath', () => {
  it('removes a file; refuses a folder with content unless recursive; removes an empty folder', async () => {
    const { s3, layout, deps, file } = setup();
    file('a.txt', 200);
    file('docs/x.txt', 200);
    file('docs/y/z.txt', 200);
    s3.put(layout.folderKeyFor('empty'), 0);
    expect(await removePath(deps, 'a.txt')).toEqual({ kind: 'file', files: 1 });
    await expect(removePath(deps, 'docs')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await removePath(deps, 'docs', { recursive: true })).toEqual({ kind: 'folder', files: 2 });
    expect(await removePath(deps, 'empty')).toEqual({ kind: 'folder', files: 0 });
    expect(s3.objects.size).toBe(0);
    await expect(removePath(deps, 'docs')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removePath(deps, '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('deleteKeys', () => {
  it('deletes in batches of at most 1000 keys', async () => {
    const s3 = new FakeS3();
    const keys = Array.from({ length: 2500 }, (_, index) => `k${index}`);
    for (const key of keys) s3.put(key);
    await deleteKeys({ s3: s3.client, bucket: 'b' }, keys, 'folder');
    expect(s3.calls.filter((call) => call === 'DeleteObjectsCommand')).toHaveLength(3);
    expect(s3.objects.size).toBe(0);
  });
});

describe('movePath and makeFolder', () => {
  it('moves a folder: every object gets its new encrypted key, metadata kept, originals removed', async () => {
    const { s3, layout, deps, file } = setup();
    file('docs/a.txt', 200);
    file('docs/sub/b.txt', 300);
    s3.put(layout.folderKeyFor('docs/empty'), 0);
    expect(await movePath(deps, 'docs', 'archive/2026')).toEqual({
      kind: 'folder',
      from: 'docs',
      to: 'archive/2026',
      objects: 3,
    });
    expect([...s3.objects.keys()].sort()).toEqual(
      [
        layout.objectKeyFor('archive/2026/a.txt'),
        layout.objectKeyFor('archive/2026/sub/b.txt'),
        layout.folderKeyFor('archive/2026/empty'),
      ].sort(),
    );
    expect(s3.objects.get(layout.objectKeyFor('archive/2026/sub/b.txt'))!.metadata['plaintext-size']).toBe('200');
  });

  it('refuses to overwrite, to move into itself, and to put things under a file', async () => {
    const { deps, file } = setup();
    file('a.txt', 200);
    file('b.txt', 200);
    await expect(movePath(deps, 'a.txt', 'b.txt')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(movePath(deps, 'docs', 'docs/inner')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(movePath(deps, 'a.txt', 'b.txt/c.txt')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(makeFolder(deps, 'a.txt')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(makeFolder(deps, 'a.txt/sub')).rejects.toMatchObject({ code: 'CONFLICT' });
    await makeFolder(deps, 'new');
    await expect(makeFolder(deps, 'new')).rejects.toMatchObject({ code: 'CONFLICT' });
    await makeFolder(deps, 'new', { existOk: true });
  });
});
