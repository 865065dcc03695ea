import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { linePrompter, readTerminalLine } from '../../../src/cli/prompt';

describe('linePrompter', () => {
  it('answers questions with stdin lines, in order, as they arrive', async () => {
    const input = new PassThrough();
    const prompter = linePrompter(input);
    input.write('first\r\nsec');
    expect(await prompter.ask('Password')).toBe('first');
    const second = prompter.ask('New password');
    input.write('ond\n');
    expect(await second).toBe('second');
    input.end('last without newline');
    expect(await prompter.ask('Code')).toBe('last without newline');
    await expect(prompter.ask('New password')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'stdin ended before the new password.',
    });
    prompter.close();
  });
});

describe('readTerminalLine', () => {
  function terminal() {
    const input = Object.assign(new PassThrough(), {
      raw: [] as boolean[],
      setRawMode(raw: boolean) {
        this.raw.push(raw);
      },
    });
    let written = '';
    const output = { write: (text: string) => ((written += text), true) };
    return { input, output, written: () => written };
  }

  it('reads a secret without echoing it, with backspace, in raw mode that is restored', async () => {
    const t = terminal();
    const answer = readTerminalLine(t.input, t.output, 'Password', true);
    t.input.write('pass\u007fs-word\r');
    expect(await answer).toBe('pass-word');
    expect(t.written()).toBe('Password: \n');
    expect(t.input.raw).toEqual([true, false]);
  });

  it('echoes what is not secret, and Ctrl-C cancels', async () => {
    const t = terminal();
    const code = readTerminalLine(t.input, t.output, 'Code', false);
    t.input.write('12\u007f3\n');
    expect(await code).toBe('13');
    expect(t.written()).toBe('Code: 12\b \b3\n');
    const cancelled = readTerminalLine(t.input, t.output, 'Code', false);
    t.input.write('\u0003');
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
