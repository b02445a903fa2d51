// A real push service for tests: web-push-testing's server in its own process on a free port. It
// accepts RFC 8291 encrypted pushes with VAPID, decrypts them with the subscription's keys, and
// keeps what arrived for each subscription; a subscription can be expired (then it answers 410).
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

export type TestDevice = { endpoint: string; p256dh: string; auth: string; clientHash: string };

export type TestPushService = {
  /** "http://localhost:<port>": add to BATON_PUSH_SERVICES so the sender may post to it. */
  origin: string;
  /** A new subscription, as a browser's PushManager.subscribe would make with this key. */
  subscribe: (vapidPublicKey: string) => Promise<TestDevice>;
  /** The decrypted payloads that reached a subscription, oldest first. */
  received: (device: TestDevice) => Promise<unknown[]>;
  /** Makes the subscription answer 410 Gone from now on. */
  expire: (device: TestDevice) => Promise<void>;
  stop: () => void;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json().catch(() => null)) as Any };
}
// biome-ignore lint/suspicious/noExplicitAny: the push service's JSON, read field by field
type Any = any;

/** Starts web-push-testing and waits until it answers. */
export async function startPushService(): Promise<TestPushService> {
  const port = await freePort();
  const script = path.resolve("node_modules/web-push-testing/src/bin/server.js");
  const child: ChildProcess = spawn(process.execPath, [script, String(port)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const origin = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/status`, { method: "POST" })).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) {
      child.kill();
      throw new Error("web-push-testing did not start");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    subscribe: async (vapidPublicKey) => {
      const { status, json } = await post(`${origin}/subscribe`, {
        userVisibleOnly: "true",
        applicationServerKey: vapidPublicKey,
      });
      if (status !== 200) throw new Error(`subscribe failed: ${JSON.stringify(json)}`);
      const data = json.data;
      return {
        endpoint: data.endpoint,
        p256dh: data.keys.p256dh,
        auth: data.keys.auth,
        clientHash: data.clientHash,
      };
    },
    received: async (device) => {
      const { json } = await post(`${origin}/get-notifications`, {
        clientHash: device.clientHash,
      });
      return (json?.data?.messages ?? []).map((m: string) => JSON.parse(m));
    },
    expire: async (device) => {
      await fetch(`${origin}/expire-subscription/${device.clientHash}`, { method: "POST" });
    },
    stop: () => {
      child.kill();
    },
  };
}
