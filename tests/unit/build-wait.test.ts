import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILD_PENDING_ENV } from "#app/server/build-wait";

const buildWait = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../app/server/build-wait.ts");

/**
 * A server process started by `npm start`, as far as waiting for the build goes: it prints what
 * waitForBuild resolved to. `answer` is what the build says when asked (nothing: never answers).
 */
function serverWaitingForBuild(pending: boolean, answer?: { ok: boolean }) {
  const script = `const { waitForBuild } = await import(${JSON.stringify(buildWait)}); console.log("build ok: " + (await waitForBuild()));`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, [BUILD_PENDING_ENV]: pending ? "1" : "" },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const questions: unknown[] = [];
  child.on("message", (message) => {
    questions.push(message);
    if (answer) child.send({ type: "build", ...answer });
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ code: number | null; output: string; questions: unknown[] }>((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.trim(), questions });
    });
  });
}

describe("a server started while the app builds", () => {
  it("asks whether the build is done and goes on once it is", async () => {
    const run = await serverWaitingForBuild(true, { ok: true });
    expect(run.questions).toEqual([{ type: "build?" }]);
    expect(run.output).toBe("build ok: true");
    expect(run.code).toBe(0);
  });

  it("learns that the build failed, so it can stop instead of serving no app", async () => {
    const run = await serverWaitingForBuild(true, { ok: false });
    expect(run.output).toBe("build ok: false");
  });

  it("does not ask when no build is running", async () => {
    const run = await serverWaitingForBuild(false);
    expect(run.questions).toEqual([]);
    expect(run.output).toBe("build ok: true");
  });
});
