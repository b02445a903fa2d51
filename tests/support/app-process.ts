// Starting a Baton server as a child process on a given port, waiting until it answers, and
// stopping it (SIGTERM) or killing it (SIGKILL). Used by the crash and shutdown tests (with
// app-process-main.ts) and by the streams benchmark (with scripts/start.ts, the production
// server).
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";

/** A port nothing listens on now (the kernel's choice), for a server that must keep its port. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== "object") throw new Error("no free port");
  return address.port;
}

export type AppProcess = {
  /** http://127.0.0.1:<port> */
  base: string;
  pid: number;
  child: ChildProcess;
  /** Resolves with the exit code (null when ended by a signal) once the process has gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few kilobytes the process wrote to stderr, for error messages. */
  errors: () => string;
};

/**
 * Runs `node --import tsx <args>` with PORT and `env`, and resolves once GET /healthz answers.
 * Rejects if the process exits first or nothing answers within `timeoutMs`.
 */
export async function startAppProcess({
  args,
  port,
  env,
  timeoutMs = 120_000,
}: {
  args: string[];
  port: number;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited before answering: ${stderr}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) {
        return { base, pid: child.pid ?? 0, child, exited, errors: () => stderr };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`${base} did not answer within ${timeoutMs} ms: ${stderr}`);
}
