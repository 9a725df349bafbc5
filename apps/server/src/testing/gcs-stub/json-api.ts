import type { ServerResponse } from "node:http";

/** Response shapes of the Cloud Storage JSON API v1, as the client library parses them. */

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=UTF-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** The JSON API error envelope: `{ error: { code, message, errors: [{ domain, reason, message }] } }`. */
export function sendError(response: ServerResponse, status: number, reason: string, message: string) {
  sendJson(response, status, {
    error: { code: status, message, errors: [{ domain: "global", reason, message }] },
  });
}

export const notFound = (response: ServerResponse, what: string) =>
  sendError(response, 404, "notFound", what);
