/** A failure the command line reports as one line on stderr, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** One s3vault subcommand: it parses its own arguments and runs to completion (or until signalled). */
export type Command = (args: string[]) => Promise<void>;
