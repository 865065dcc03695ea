// Renders build/icon.svg (the one source image) into every icon the installers
// need, and writes them into build/ to be committed:
//   build/icon.png          1024×1024, the master raster
//   build/icons/NxN.png     16…1024, Linux (AppImage, deb, the desktop entry)
//   build/icon.ico          Windows: PNG-compressed entries 16…256
//   build/icon.icns         macOS: PNG entries 16…1024 (with @2x variants)
// Each size is rendered from the vector (not scaled down from 1024) so small
// sizes stay sharp. The rasterizer is librsvg's rsvg-convert; on Debian, run as
// root, the script installs it (librsvg2-bin) when it is missing. ICO and ICNS
// are simple containers of PNGs, written here without a dependency.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const source = path.join(root, 'build', 'icon.svg');
const iconsDir = path.join(root, 'build', 'icons');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS element types that hold PNG data, with the pixel size of each.
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
  ['ic11', 32], // 16@2x
  ['ic12', 64], // 32@2x
  ['ic13', 256], // 128@2x
  ['ic14', 512], // 256@2x
];

function hasRsvg() {
  return spawnSync('rsvg-convert', ['--version'], { stdio: 'ignore' }).status === 0;
}

function ensureRsvg() {
  if (hasRsvg()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('make-icons: installing librsvg2-bin (rsvg-convert) with apt-get');
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', 'librsvg2-bin'],
    ]) {
      const run = spawnSync('apt-get', args, { stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed`);
    }
  }
  if (!hasRsvg()) {
    throw new Error(
      'make-icons needs rsvg-convert: install librsvg2-bin (Debian/Ubuntu), librsvg (Homebrew) or librsvg2-tools (Fedora).',
    );
  }
}

function render(size) {
  const run = spawnSync('rsvg-convert', ['--width', String(size), '--height', String(size), source], {
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`rsvg-convert failed at ${size}px: ${run.stderr.toString()}`);
  const png = run.stdout;
  // Sanity: a PNG whose IHDR says size×size.
  if (png.readUInt32BE(0) !== 0x89504e47 || png.readUInt32BE(16) !== size || png.readUInt32BE(20) !== size) {
    throw new Error(`rsvg-convert did not produce a ${size}×${size} PNG`);
  }
  return png;
}

/** ICO: a 6-byte header, 16-byte directory entries, then the images (PNG, allowed since Windows Vista). */
export function buildIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width, 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // palette colours
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** ICNS: 'icns' + total length (big-endian), then elements of type + length (header included) + PNG data. */
export function buildIcns(elements) {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

function main() {
  if (!existsSync(source)) throw new Error(`missing ${source}`);
  readFileSync(source); // readable
  ensureRsvg();
  const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, size]) => size)])];
  const png = new Map(sizes.map((size) => [size, render(size)]));

  mkdirSync(iconsDir, { recursive: true });
  for (const size of LINUX_SIZES) writeFileSync(path.join(iconsDir, `${size}x${size}.png`), png.get(size));
  writeFileSync(path.join(root, 'build', 'icon.png'), png.get(1024));
  writeFileSync(
    path.join(root, 'build', 'icon.ico'),
    buildIco(ICO_SIZES.map((size) => ({ size, png: png.get(size) }))),
  );
  writeFileSync(
    path.join(root, 'build', 'icon.icns'),
    buildIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: png.get(size) }))),
  );
  console.log(
    `make-icons: build/icon.png, build/icon.ico (${ICO_SIZES.join(', ')}), build/icon.icns (${ICNS_TYPES.length} elements), ` +
      `build/icons/ (${LINUX_SIZES.join(', ')})`,
  );
}

main();
