import http from "node:http";

/**
 * The load generator's SSE reader: plain `node:http`, no schema work per frame (the client must
 * stay cheaper than the servers it measures). One `StreamCheck` follows one task across any
 * number of connections and checks what the brief asks of every stream: ids strictly increasing
 * (order, no duplicates), for the reference servers consecutive seqs (no loss), and a text that is
 * the reference (a finished stream) or a prefix of it (a stream cut by the time box).
 */
export const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

export type Errors = { loss: number; duplicate: number; order: number; text: number; protocol: number };

export class StreamCheck {
  /** performance.now() when the turn's POST was sent. */
  postedAt = 0;
  firstDeltaMs: number | undefined;
  frames = 0;
  chars = 0;
  text = "";
  taskId: string | undefined;
  /** Id of the first text part (`text-start`), for chunks appended to it by the resume bench. */
  textPartId: string | undefined;
  /** Called after every data frame (the resume bench waits for a given id). */
  onFrame: (() => void) | undefined;
  lastId: string | undefined;
  private lastMs = -1;
  private lastSeq = -1;
  finished = false;
  done = false;
  reconnects = 0;
  errors: Errors = { loss: 0, duplicate: 0, order: 0, text: 0, protocol: 0 };
  /** Receive time minus the ms part of the frame's id (the producer's clock; 1 ms resolution). */
  lags: number[] = [];
  firstFrameAfterReconnect: number[] = [];

  constructor(
    /** Ids are `<ms>-<n>` with n counting every frame (the reference servers): a gap is a loss. */
    private readonly consecutive: boolean,
    private readonly keepLags: boolean,
  ) {}

  frame(id: string | undefined, data: string, now: number): void {
    if (data === "[DONE]") {
      this.done = true;
      return;
    }
    if (this.finished) this.errors.protocol += 1; // nothing may follow `finish`
    this.frames += 1;
    if (id === undefined) this.errors.protocol += 1;
    else this.checkId(id);
    let chunk: { type?: string; id?: string; delta?: string; messageMetadata?: { taskId?: string } };
    try {
      chunk = JSON.parse(data);
    } catch {
      this.errors.protocol += 1;
      return;
    }
    if (this.frames === 1 && chunk.type !== "start") this.errors.protocol += 1;
    if (chunk.type === "start") this.taskId ??= chunk.messageMetadata?.taskId;
    else if (chunk.type === "text-start") this.textPartId ??= chunk.id;
    else if (chunk.type === "text-delta" && typeof chunk.delta === "string") {
      if (this.firstDeltaMs === undefined) this.firstDeltaMs = now - this.postedAt;
      this.text += chunk.delta;
      this.chars += chunk.delta.length;
    } else if (chunk.type === "finish") this.finished = true;
    this.onFrame?.();
  }

  private checkId(id: string): void {
    const dash = id.indexOf("-");
    const ms = Number(id.slice(0, dash));
    const seq = Number(id.slice(dash + 1));
    if (dash < 0 || !Number.isFinite(ms) || !Number.isFinite(seq)) {
      this.errors.protocol += 1;
      return;
    }
    if (this.keepLags) this.lags.push(Date.now() - ms);
    if (this.consecutive) {
      if (seq === this.lastSeq) this.errors.duplicate += 1;
      else if (seq < this.lastSeq) this.errors.order += 1;
      else if (seq !== this.lastSeq + 1) this.errors.loss += seq - this.lastSeq - 1;
    } else if (ms === this.lastMs && seq === this.lastSeq) this.errors.duplicate += 1;
    else if (ms < this.lastMs || (ms === this.lastMs && seq < this.lastSeq)) this.errors.order += 1;
    this.lastMs = ms;
    this.lastSeq = seq;
    this.lastId = id;
  }

  /** Compares the text with the reference once the stream is over (or cut by the time box). */
  settle(reference: string): void {
    const ok = this.finished ? this.text === reference : reference.startsWith(this.text);
    if (!ok) this.errors.text += 1;
    if (this.finished && !this.done) this.errors.protocol += 1;
  }
}

export type Connection = { ended: Promise<number>; close(): void };

/**
 * Opens one SSE response and feeds its frames to `check`. `ended` resolves with the HTTP status
 * when the response ends, fails or is closed by `close()` (a deliberate drop).
 */
export function connect(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  check: StreamCheck,
  onFirstFrame?: () => void,
): Connection {
  let request: http.ClientRequest | undefined;
  const ended = new Promise<number>((resolve) => {
    request = http.request(
      url,
      { method: init.method ?? "GET", headers: init.headers, agent },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          response.once("end", () => resolve(status));
          response.once("error", () => resolve(status));
          return;
        }
        response.setEncoding("utf8");
        const push = frameSplitter(check, onFirstFrame);
        response.on("data", (text: string) => push(text, performance.now()));
        response.once("end", () => resolve(status));
        response.once("error", () => resolve(status));
        response.once("close", () => resolve(status));
      },
    );
    request.once("error", () => resolve(0));
    request.end(init.body);
  });
  return { ended, close: () => request?.destroy() };
}

/** Feeds SSE text, in pieces as it arrives, to `check` frame by frame. */
export function frameSplitter(
  check: StreamCheck,
  onFirstFrame?: () => void,
): (text: string, now: number) => void {
  let buffer = "";
  let first = true;
  return (text, now) => {
    buffer += text;
    let end = buffer.indexOf("\n\n");
    let start = 0;
    while (end >= 0) {
      let id: string | undefined;
      let data: string | undefined;
      for (const line of buffer.slice(start, end).split("\n")) {
        if (line.startsWith("id: ")) id = line.slice(4);
        else if (line.startsWith("data: ")) data = line.slice(6);
      }
      if (data !== undefined) {
        if (first) {
          first = false;
          onFirstFrame?.();
        }
        check.frame(id, data, now);
      }
      start = end + 2;
      end = buffer.indexOf("\n\n", start);
    }
    buffer = buffer.slice(start);
  };
}

/**
 * Reads one SSE response only until the whole frame with id `endId` arrived, keeping its text
 * and nothing else: the frames are checked afterwards (`frameSplitter`), so the time is the
 * server's delivery, not this process' parsing of 10,000 frames. `ms` is null when the response
 * ended or `timeoutMs` passed first.
 */
export function receiveUntil(
  url: string,
  headers: Record<string, string>,
  endId: string,
  timeoutMs: number,
): Promise<{ ms: number | null; text: string }> {
  const marker = `id: ${endId}\n`;
  const started = performance.now();
  return new Promise((resolve) => {
    const pieces: string[] = [];
    // The unsearched end of the text: a marker or its frame may be cut between two pieces.
    let tail = "";
    let settled = false;
    const settle = (ms: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve({ ms, text: pieces.join("") });
    };
    const timer = setTimeout(() => settle(null), timeoutMs);
    const request = http.get(url, { headers, agent }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        settle(null);
        return;
      }
      response.setEncoding("utf8");
      response.on("data", (text: string) => {
        pieces.push(text);
        const hay = tail + text;
        const at = hay.indexOf(marker);
        if (at >= 0 && hay.indexOf("\n\n", at) >= 0) settle(performance.now() - started);
        else tail = at >= 0 ? hay.slice(at) : hay.slice(-marker.length);
      });
      response.once("end", () => settle(null));
      response.once("error", () => settle(null));
    });
    request.once("error", () => settle(null));
  });
}
