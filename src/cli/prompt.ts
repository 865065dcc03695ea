/**
 * Answers for interactive commands (`s3vault login`): typed on a terminal,
 * with secrets not echoed, or read line by line from stdin in the order they
 * are asked (password, then a new password or a code if the sign-in asks for
 * one), so scripts and tests can drive every step. Prompts go to stderr:
 * stdout stays for results.
 */
import { VaultError } from '../main/vault/errors';

export interface Prompter {
  /** One answer; `secret` hides the typing on a terminal. */
  ask(question: string, options?: { secret?: boolean }): Promise<string>;
  /** Whether a person is typing (so a wrong answer may be asked again). */
  readonly interactive: boolean;
  /** Stops reading input (so the process can exit). */
  close(): void;
}

type Input = NodeJS.ReadableStream & { setRawMode?: (raw: boolean) => unknown; isTTY?: boolean };
type Output = Pick<NodeJS.WritableStream, 'write'>;

/** Answers from stdin, one per line, in the order they are asked; no prompt is printed. */
export function linePrompter(input: Input = process.stdin): Prompter {
  const lines: string[] = [];
  const waiting: Array<(line: string | null) => void> = [];
  let buffer = '';
  let ended = false;
  const onData = (chunk: Buffer | string): void => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  };
  const onEnd = (): void => {
    ended = true;
    // A last line without a newline still counts.
    if (buffer) onData('\n');
    for (const next of waiting.splice(0)) next(null);
  };
  input.on('data', onData);
  input.on('end', onEnd);
  return {
    interactive: false,
    async ask(question) {
      const line =
        lines.length > 0 ? lines.shift()! : ended ? null : await new Promise<string | null>((r) => waiting.push(r));
      if (line === null) throw new VaultError('INVALID_INPUT', `stdin ended before the ${question.toLowerCase()}.`);
      return line;
    },
    close() {
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
    },
  };
}

/**
 * Reads one line from a terminal in raw mode: a secret prints nothing (not
 * even asterisks, which would tell its length), other answers print as typed.
 * Ctrl-C (or Ctrl-D on an empty line) cancels.
 */
export function readTerminalLine(input: Input, output: Output, question: string, secret: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    output.write(`${question}: `);
    input.setRawMode?.(true);
    input.resume();
    const finish = (error: Error | null): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003') return finish(new VaultError('CANCELLED', 'cancelled.'));
        if (char === '\u0004') {
          if (answer === '') return finish(new VaultError('CANCELLED', 'cancelled.'));
          continue;
        }
        if (char === '\u007f' || char === '\b') {
          if (answer && !secret) output.write('\b \b');
          answer = answer.slice(0, -1);
          continue;
        }
        // Other control characters (arrows arrive as escape sequences) are not part of a password or code.
        if (char < ' ') continue;
        answer += char;
        if (!secret) output.write(char);
      }
    };
    input.on('data', onData);
  });
}

/** Prompts on the terminal (stdin must be a TTY), on stderr. */
export function terminalPrompter(input: Input = process.stdin, output: Output = process.stderr): Prompter {
  return {
    interactive: true,
    ask: (question, options = {}) => readTerminalLine(input, output, question, options.secret ?? false),
    close: () => input.pause(),
  };
}
