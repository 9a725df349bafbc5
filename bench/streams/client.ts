import http from "node:http";
import { agent } from "./sse-check";

/**
 * The bench's view of one target: how to start a stream, and for the project how to sign up and
 * make sessions through the real API (cookie session + the Origin its CSRF check wants).
 */
export type TargetKind = "floor" | "resumable" | "project";

export type JsonReply = { status: number; headers: http.IncomingHttpHeaders; body: unknown };

export function requestJson(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonReply> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const request = http.request(
      url,
      {
        method: options.method ?? "GET",
        agent,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...options.headers },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (piece: string) => {
          text += piece;
        });
        response.once("end", () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {}
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed });
        });
        response.once("error", reject);
      },
    );
    request.once("error", reject);
    request.end(body);
  });
}

export type ProjectUser = { headers: Record<string, string> };

/** A fresh bench user on the server at `base` (signup sets the session cookie). */
export async function signupUser(base: string, label: string): Promise<ProjectUser> {
  const origin = new URL(base).origin;
  const email = `bench-${label}-${process.pid}-${Date.now()}@example.com`;
  const reply = await requestJson(`${base}/api/auth/signup`, {
    method: "POST",
    headers: { origin },
    body: { email, password: "bench-password-1234" },
  });
  if (reply.status !== 201) throw new Error(`signup: ${reply.status} ${JSON.stringify(reply.body)}`);
  const cookies = ([] as string[]).concat(reply.headers["set-cookie"] ?? []);
  const cookie = cookies.map((line) => line.split(";")[0]).join("; ");
  return { headers: { cookie, origin } };
}

export async function createSessions(base: string, user: ProjectUser, count: number): Promise<string[]> {
  const ids: string[] = [];
  // A few at a time: session creation is setup, not what is measured.
  for (let start = 0; start < count; start += 16) {
    const batch = Array.from({ length: Math.min(16, count - start) }, async () => {
      const reply = await requestJson(`${base}/api/chat/sessions`, {
        method: "POST",
        headers: user.headers,
        body: {},
      });
      if (reply.status !== 201) throw new Error(`create session: ${reply.status}`);
      return (reply.body as { id: string }).id;
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids;
}

/** URL and init of the request that starts one stream on a target. */
export function startRequest(
  kind: TargetKind,
  base: string,
  options: { sessionId?: string; user?: ProjectUser; delayMs: number; message: string },
): { url: string; init: { method: string; headers?: Record<string, string>; body?: string } } {
  if (kind === "project") {
    return {
      url: `${base}/api/chat/sessions/${options.sessionId}/stream`,
      init: {
        method: "POST",
        headers: { ...options.user?.headers, "content-type": "application/json" },
        body: JSON.stringify({ message: options.message }),
      },
    };
  }
  return { url: `${base}/stream?delay_ms=${options.delayMs}`, init: { method: "POST" } };
}
