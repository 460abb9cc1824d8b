import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startPeriodic } from "#app/server/periodic";
import { createLogger } from "#app/utils/logger.server";

describe("startPeriodic", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs the task on every tick, never two at once, and logs failures", async () => {
    const lines: string[] = [];
    const log = createLogger({ json: false, level: "debug", write: (line) => lines.push(line) });
    let calls = 0;
    let release: () => void = () => {};
    const task = vi.fn(async () => {
      calls += 1;
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      if (calls === 2) throw new Error("mail server down");
    });
    const periodic = startPeriodic("email delivery", 1000, task, log);

    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(1);
    // Still running: the next ticks are skipped.
    await vi.advanceTimersByTimeAsync(3000);
    expect(task).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(task).toHaveBeenCalledTimes(2);
    expect(
      lines.some((line) => line.startsWith("error email delivery failed") && line.includes("mail server down")),
    ).toBe(true);

    await periodic.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it("waits for a run in progress when stopped", async () => {
    const log = createLogger({ json: false, level: "error", write: () => {} });
    let finished = false;
    const periodic = startPeriodic(
      "overdue reminders",
      1000,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        finished = true;
      },
      log,
    );
    await vi.advanceTimersByTimeAsync(1000);
    const stopped = periodic.stop();
    await vi.advanceTimersByTimeAsync(500);
    await stopped;
    expect(finished).toBe(true);
  });
});
