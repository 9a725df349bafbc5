import { multipartBody } from "./workspace-fixtures";

/**
 * Hostile requests for the fuzz suite (issue 10): a seeded generator, so a failure names a seed and
 * an index that replay it. Strings carry what broke the server before: NUL, lone surrogates,
 * default-ignorable and bidi characters, traversal, huge and odd numbers, wrong JSON types.
 */
export type FuzzRequest = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
};

export function createRandom(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: small, fast and reproducible.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}
export type Random = ReturnType<typeof createRandom>;

const nasty = [
  "\u0000",
  "\ud800",
  "\udfff",
  "\u200b",
  "\u200d",
  "\u00ad",
  "\u202e",
  "\ufeff",
  "\ufe0f",
  "..",
  "../",
  "..\u200b",
  "%00",
  "%2e%2e/",
  "\\",
  "/",
  "//",
  "\r\n",
  "'\"<script>alert(1)</script>",
  "😀",
  "é",
  "\u0301",
  " ",
  "",
  "null",
  "{}",
  "$" + "{x}",
];

export function nastyString(random: Random): string {
  const parts = Array.from({ length: 1 + random.int(4) }, () =>
    random.next() < 0.7
      ? random.pick(nasty)
      : random
          .next()
          .toString(36)
          .slice(2, 2 + random.int(12)),
  );
  const text = parts.join("");
  return random.next() < 0.03 ? text.repeat(2_000 + random.int(40_000)) : text;
}

export function nastyValue(random: Random, depth = 0): unknown {
  const roll = random.int(depth > 2 ? 6 : 9);
  switch (roll) {
    case 0:
    case 1:
    case 2:
      return nastyString(random);
    case 3:
      return random.pick([0, -1, 1e308, -0, 2 ** 53 + 1, 1.5, Number.MAX_SAFE_INTEGER]);
    case 4:
      return random.pick([true, false, null]);
    case 5:
      return random.pick(["00000000-0000-4000-8000-000000000000", "not-a-uuid", "1"]);
    case 6:
      return Array.from({ length: random.int(4) }, () => nastyValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(4); i > 0; i--)
        object[random.next() < 0.8 ? nastyKey(random) : nastyString(random)] = nastyValue(random, depth + 1);
      return object;
    }
  }
}

const keys = [
  "title",
  "name",
  "message",
  "messages",
  "client_message_id",
  "trigger",
  "messageId",
  "id",
  "role",
  "parts",
  "type",
  "text",
  "path",
  "prefix",
  "q",
  "graph",
  "nodes",
  "inputs",
  "description",
  "email",
  "password",
  "overwrite",
  "limit",
  "cursor",
  "__proto__",
  "constructor",
];
const nastyKey = (random: Random) => random.pick(keys);

/** A JSON body: usually valid JSON of hostile values, sometimes broken text or the wrong type. */
function jsonBody(random: Random, shape: () => unknown): { payload: string; type: string } {
  const roll = random.next();
  if (roll < 0.08)
    return {
      payload: random.pick(['{"title":', "[", '{"a":"\\ud800"', "nul", '{"title":"\\u0000"}', "\u0000"]),
      type: "application/json",
    };
  if (roll < 0.12)
    return {
      payload: JSON.stringify(shape()),
      type: random.pick([
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin1",
        "",
      ]),
    };
  return {
    payload: JSON.stringify(random.next() < 0.2 ? nastyValue(random) : shape()),
    type: "application/json",
  };
}

function messageShape(random: Random) {
  if (random.next() < 0.5)
    return {
      message: nastyString(random),
      client_message_id: random.next() < 0.5 ? nastyString(random) : undefined,
    };
  return {
    messages: Array.from({ length: 1 + random.int(3) }, () => ({
      id: nastyString(random),
      role: random.pick(["user", "assistant", "system", "tool", nastyString(random)]),
      parts: Array.from({ length: random.int(3) }, () => ({
        type: random.pick(["text", "file", nastyString(random)]),
        text: nastyValue(random),
      })),
    })),
    trigger: random.pick(["submit-message", "regenerate-message", nastyString(random)]),
  };
}

function multipart(random: Random): { payload: Buffer; type: string } {
  const form = multipartBody(
    random.next() < 0.5
      ? [
          { kind: "field", name: "path", value: `/${nastyString(random)}` },
          {
            kind: "file",
            name: random.pick(["file", "upload"]),
            filename: nastyString(random),
            content: nastyString(random),
          },
        ]
      : [{ kind: "file", name: "file", filename: nastyString(random), content: nastyString(random) }],
  );
  const type = form.headers["content-type"] ?? "";
  const roll = random.next();
  if (roll < 0.25) return { payload: form.payload.subarray(0, random.int(form.payload.length)), type };
  if (roll < 0.4) return { payload: form.payload, type: "multipart/form-data; boundary=other" };
  if (roll < 0.5) return { payload: form.payload, type: "multipart/form-data" };
  return { payload: form.payload, type };
}

/** Percent-encodes anything, lone surrogates too (as the invalid UTF-8 a hostile client would send). */
function encode(text: string): string {
  return text
    .split(/(\p{Cs})/u)
    .map((part) => (/^\p{Cs}$/u.test(part) ? "%ED%A0%80" : encodeURIComponent(part)))
    .join("");
}

const bogusIds = [
  "00000000-0000-4000-8000-000000000000",
  "not-a-uuid",
  "%00",
  "..%2f..",
  "\u200b",
  "1".repeat(300),
];

/** One request against a route of the API, with ids owned by the caller mixed with bogus ones. */
export function fuzzRequest(
  random: Random,
  owned: { sessionId: string; fileId: string; agentId: string },
): FuzzRequest {
  const id = (mine: string) => (random.next() < 0.6 ? mine : encode(random.pick(bogusIds)));
  const q = () => encode(nastyString(random));
  const json = (method: FuzzRequest["method"], url: string, shape: () => unknown): FuzzRequest => {
    const body = jsonBody(random, shape);
    return { method, url, headers: body.type ? { "content-type": body.type } : {}, payload: body.payload };
  };
  const routes: Array<() => FuzzRequest> = [
    () => json("POST", "/api/chat/sessions", () => ({ title: nastyString(random) })),
    () => json("PATCH", `/api/chat/sessions/${id(owned.sessionId)}`, () => ({ title: nastyString(random) })),
    () => ({ method: "GET", url: `/api/chat/sessions?limit=${q()}&cursor=${q()}`, headers: {} }),
    () => ({ method: "GET", url: `/api/chat/sessions/${id(owned.sessionId)}`, headers: {} }),
    () => json("POST", `/api/chat/sessions/${id(owned.sessionId)}/stream`, () => messageShape(random)),
    () => ({
      method: "GET",
      url: `/api/chat/tasks/${encode(random.pick(bogusIds))}`,
      headers: {},
    }),
    () => ({
      method: "POST",
      url: `/api/chat/tasks/${encode(random.pick(bogusIds))}/cancel`,
      headers: {},
    }),
    () => ({
      method: "GET",
      url: `/api/chat/tasks/${encode(random.pick(bogusIds))}/stream?last_message_id=${q()}`,
      headers: {},
    }),
    () => json("POST", "/api/auth/api-keys", () => ({ name: nastyString(random) })),
    () => ({
      method: "DELETE",
      url: `/api/auth/api-keys/${encode(random.pick(bogusIds))}`,
      headers: {},
    }),
    () => ({
      method: "GET",
      url: `/api/workspace/files?prefix=${q()}&q=${q()}&limit=${q()}&cursor=${q()}`,
      headers: {},
    }),
    () => ({ method: "GET", url: `/api/workspace/files/${id(owned.fileId)}?path=${q()}`, headers: {} }),
    () => ({
      method: "GET",
      url: `/api/workspace/files/${id(owned.fileId)}/download`,
      headers:
        random.next() < 0.5
          ? {
              range: random.pick([
                "bytes=0-",
                "bytes=-1",
                "bytes=5-2",
                "bytes=99999999-",
                "bytes=0-1,2-3",
                `bytes=${nastyString(random)}`,
              ]),
            }
          : {},
    }),
    () => ({ method: "GET", url: `/api/workspace/files/${id(owned.fileId)}/image?w=${q()}`, headers: {} }),
    () => ({
      method: "POST",
      url: `/api/workspace/files/${encode(random.pick(bogusIds))}/restore`,
      headers: {},
    }),
    () => {
      const body = multipart(random);
      return {
        method: "POST",
        url: `/api/workspace/files?path=${q()}&overwrite=${random.pick(["true", "false", q()])}`,
        headers: { "content-type": body.type },
        payload: body.payload,
      };
    },
    () =>
      json("POST", "/api/agents", () => ({
        name: nastyString(random),
        description: nastyString(random),
        graph: nastyValue(random),
      })),
    () =>
      json("PATCH", `/api/agents/${id(owned.agentId)}`, () => ({
        name: nastyString(random),
        graph: nastyValue(random),
      })),
    () => ({ method: "GET", url: `/api/agents?q=${q()}&limit=${q()}`, headers: {} }),
    () => json("POST", `/api/agents/${id(owned.agentId)}/runs`, () => nastyValue(random)),
    () => ({
      method: "GET",
      url: `/api/agents/runs/${encode(random.pick(bogusIds))}`,
      headers: {},
    }),
    () => ({
      method: random.pick(["PUT", "DELETE", "PATCH"] as const),
      url: `/api/${q()}/${q()}`,
      headers: {},
    }),
  ];
  return random.pick(routes)();
}
