import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { batchMessage, createTransferFeedback } from '../../../src/main/app/transfer-feedback';

vi.mock('electron', () => ({}));

function fakeWindow(focused: boolean) {
  const win = { setProgressBar: vi.fn(), isFocused: () => focused, isDestroyed: () => false };
  return { win, window: () => win as unknown as BrowserWindow };
}

describe('transfer feedback outside the window', () => {
  it('shows the batch fraction on the progress bar while transfers run, and removes it (-1) when idle', () => {
    const { win, window } = fakeWindow(true);
    const feedback = createTransferFeedback({ window, notify: vi.fn() });
    feedback({ active: 2, fraction: 0 });
    feedback({ active: 2, fraction: 0.25 });
    feedback({ active: 1, fraction: 1.2 });
    feedback({ active: 0, fraction: -1, finished: { done: 2, failed: 0, cancelled: 0 } });
    expect(win.setProgressBar.mock.calls.map(([value]) => value)).toEqual([0, 0.25, 1, -1]);
  });

  it('notifies when a batch ends while the window is not focused, and only then', () => {
    const notify = vi.fn();
    const away = fakeWindow(false);
    createTransferFeedback({ window: away.window, notify })({
      active: 0,
      fraction: -1,
      finished: { done: 3, failed: 1, cancelled: 0 },
    });
    expect(notify).toHaveBeenCalledWith('S3 Vault', '3 finished, 1 failed. Open S3 Vault to retry.');
    const here = fakeWindow(true);
    createTransferFeedback({ window: here.window, notify })({
      active: 0,
      fraction: -1,
      finished: { done: 1, failed: 0, cancelled: 0 },
    });
    createTransferFeedback({ window: away.window, notify })({ active: 1, fraction: 0.5 });
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('words the summary', () => {
    expect(batchMessage({ done: 1, failed: 0, cancelled: 0 })).toBe('Your transfer finished.');
    expect(batchMessage({ done: 4, failed: 0, cancelled: 2 })).toBe('4 transfers finished.');
    expect(batchMessage({ done: 0, failed: 0, cancelled: 3 })).toBeNull();
  });

  it('does nothing without a window', () => {
    expect(() =>
      createTransferFeedback({ window: () => undefined, notify: null })({ active: 1, fraction: 0 }),
    ).not.toThrow();
  });
});
