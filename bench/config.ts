/**
 * The bench's sizes: the full run (DESIGN §8), `--quick` (a smoke check in
 * under two minutes), and S3VAULT_BENCH_TINY=1 (smaller still, for the
 * integration test that only checks the bench works end to end).
 */
const MiB = 1024 * 1024;

/** Sizes and repetitions of one bench run. */
export interface BenchConfig {
  name: 'full' | 'quick' | 'tiny';
  /** Rounds of every scenario but the large file and share links. */
  rounds: number;
  /** Rounds of the large-file scenario (fewer keep the full run within its time). */
  largeRounds: number;
  largeFileBytes: number;
  smallFiles: number;
  smallFileBytes: number;
  listingFiles: number;
  /** Bytes of each file in the listing folder: tiny, the point is the count. */
  listingFileBytes: number;
  signIns: number;
  shareLinks: number;
  /**
   * Links made with a process each (`s3vault share`, `aws s3 presign`): a
   * process costs ~0.6 s here, so 1,000 of them per tool would take 20 of the
   * run's 25 minutes. These many are timed and the rate is reported per link.
   */
  shareProcesses: number;
  /** Bytes read, encrypted and uploaded by the machine's ceilings. */
  ceilingBytes: number;
}

const FULL: BenchConfig = {
  name: 'full',
  rounds: 3,
  largeRounds: 3,
  largeFileBytes: 1024 * MiB,
  smallFiles: 2000,
  smallFileBytes: 16 * 1024,
  listingFiles: 10_000,
  listingFileBytes: 16,
  signIns: 5,
  shareLinks: 1000,
  shareProcesses: 100,
  ceilingBytes: 1024 * MiB,
};

const QUICK: BenchConfig = {
  ...FULL,
  name: 'quick',
  rounds: 1,
  largeRounds: 1,
  largeFileBytes: 32 * MiB,
  smallFiles: 200,
  listingFiles: 1000,
  signIns: 2,
  shareLinks: 100,
  shareProcesses: 15,
  ceilingBytes: 64 * MiB,
};

const TINY: BenchConfig = {
  ...QUICK,
  name: 'tiny',
  largeFileBytes: 4 * MiB,
  smallFiles: 20,
  listingFiles: 50,
  signIns: 1,
  shareLinks: 5,
  shareProcesses: 3,
  ceilingBytes: 8 * MiB,
};

/** The config for these command-line arguments and environment. */
export function configFrom(argv: string[], env: NodeJS.ProcessEnv): BenchConfig {
  let config = env.S3VAULT_BENCH_TINY === '1' ? TINY : argv.includes('--quick') ? QUICK : FULL;
  const rounds = valueOf(argv, '--rounds');
  if (rounds !== undefined) config = { ...config, rounds, largeRounds: rounds };
  const largeMiB = valueOf(argv, '--large-mib');
  if (largeMiB !== undefined) config = { ...config, largeFileBytes: largeMiB * MiB, ceilingBytes: largeMiB * MiB };
  const largeRounds = valueOf(argv, '--large-rounds');
  if (largeRounds !== undefined) config = { ...config, largeRounds };
  return config;
}

function valueOf(argv: string[], flag: string): number | undefined {
  const index = argv.indexOf(flag);
  if (index === -1) return undefined;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} takes a whole number of 1 or more.`);
  return value;
}

/** Which scenarios to run: all, or those named by `--only a,b`. */
export function selectedScenarios(argv: string[]): Set<string> | undefined {
  const index = argv.indexOf('--only');
  return index === -1 ? undefined : new Set((argv[index + 1] ?? '').split(','));
}
