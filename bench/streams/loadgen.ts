import { setTimeout as sleep } from "node:timers/promises";
import { createRedisStreamStore } from "../../apps/server/src/streams/redis/redis-stream-store";
import { percentile } from "../stats";
import { createSessions, type ProjectUser, signupUser, startRequest } from "./client";
import type { LoadConfig, LoadResult, ResumeSeed } from "./load-config";
import { type Connection, connect, frameSplitter, receiveUntil, StreamCheck } from "./sse-check";
import { sha256Of, timeCp, transfer } from "./transfer";

/**
 * The load generator: its own process, real HTTP and SSE against one target. Setup (signup,
 * sessions, one reference stream read alone) happens first; `BEGIN` and `END` on stdout bracket the
 * measured window so the orchestrator samples CPU and Redis exactly around it; the last line is
 * `RESULT <json>`. Usage: `loadgen.ts '<LoadConfig as JSON>'`.
 */
const config = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
const say = (line: string) => process.stdout.write(`${line}\n`);
const LONG = "please give me a long answer";
const PROBE = "/echo probe";

const result: LoadResult = {
  turns: config.turns,
  completed: 0,
  windowSeconds: 0,
  chars: 0,
  frames: 0,
  referenceChars: 0,
  referenceFrames: 0,
  firstDeltaMs: [],
  lagMs: null,
  probeFirstDeltaMs: [],
  probesMissed: 0,
  reconnects: 0,
  reconnectFirstFrameMs: [],
  errors: { loss: 0, duplicate: 0, order: 0, text: 0, protocol: 0, http: 0 },
};

const consecutive = config.kind !== "project";
let user: ProjectUser | undefined;
let sessions: string[] = [];

function open(check: StreamCheck, message: string, onFirstFrame?: () => void) {
  const request = startRequest(config.kind, config.base, {
    sessionId: sessions.shift(),
    user,
    delayMs: config.delayMs,
    message,
  });
  check.postedAt = performance.now();
  return connect(request.url, request.init, check, onFirstFrame);
}

function absorb(check: StreamCheck, reference: string) {
  check.settle(reference);
  for (const key of ["loss", "duplicate", "order", "text", "protocol"] as const)
    result.errors[key] += check.errors[key];
}

/** One stream read alone before the window: the text every other stream must equal. */
async function referenceRun(): Promise<string> {
  if (config.reference !== undefined) return config.reference;
  const check = new StreamCheck(consecutive, false);
  const status = await open(check, LONG).ended;
  if (status !== 200 || !check.finished) throw new Error(`reference stream: status ${status}`);
  absorb(check, check.text);
  result.referenceChars = check.chars;
  result.referenceFrames = check.frames;
  result.referenceText = check.text;
  return check.text;
}

/** A turn whose first delta is awaited, then dropped: the latency of a new turn under load. */
async function probe(deadline: number): Promise<void> {
  const check = new StreamCheck(consecutive, false);
  let settle: () => void = () => {};
  const firstDelta = new Promise<void>((resolve) => {
    settle = resolve;
  });
  check.onFrame = () => {
    if (check.firstDeltaMs !== undefined) settle();
  };
  const connection = open(check, config.kind === "project" ? PROBE : LONG);
  await Promise.race([firstDelta, connection.ended, sleep(Math.max(0, deadline - performance.now()))]);
  if (check.firstDeltaMs !== undefined) result.probeFirstDeltaMs.push(check.firstDeltaMs);
  else result.probesMissed += 1;
  connection.close();
}

/** storm: follows one turn across drops; each connection is cut at a random moment. */
async function stormTurn(check: StreamCheck, deadline: number): Promise<void> {
  const { minMs, maxMs } = config.storm ?? { minMs: 100, maxMs: 1000 };
  let connection = open(check, LONG, () => schedule());
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => connection.close(), minMs + Math.random() * (maxMs - minMs));
  };
  for (;;) {
    const status = await connection.ended;
    clearTimeout(timer);
    if (status !== 200) result.errors.http += 1;
    if (check.done || status !== 200 || performance.now() >= deadline || !check.taskId) return;
    check.reconnects += 1;
    const reconnectedAt = performance.now();
    connection = connect(
      `${config.base}/api/chat/tasks/${check.taskId}/stream?last_message_id=${check.lastId ?? "0-0"}`,
      { headers: user?.headers },
      check,
      () => {
        result.reconnectFirstFrameMs.push(performance.now() - reconnectedAt);
        schedule();
      },
    );
  }
}

async function streams(): Promise<void> {
  const reference = await referenceRun();
  const checks = Array.from({ length: config.turns }, () => new StreamCheck(consecutive, true));
  say("BEGIN");
  const began = performance.now();
  const deadline = began + config.timeBoxMs;
  const connections: Array<{ close(): void }> = [];
  let running: Promise<unknown>;
  if (config.scenario === "storm") {
    running = Promise.all(checks.map((check) => stormTurn(check, deadline)));
  } else {
    const opened = checks.map((check) => open(check, LONG));
    connections.push(...opened);
    // A refused POST (429, 5xx) is an error of the run, never a silently shorter one.
    running = Promise.all(
      opened.map(async (connection) => {
        if ((await connection.ended) !== 200) result.errors.http += 1;
      }),
    );
  }
  const probes = (async () => {
    if (!config.probes) return;
    await sleep(config.probes.afterMs);
    for (let i = 0; i < config.probes.count && performance.now() < deadline; i++) {
      const next = performance.now() + config.probes.everyMs;
      await probe(deadline);
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  await Promise.race([running, sleep(config.timeBoxMs)]);
  const ended = performance.now();
  say("END");
  // Figures are taken at the end of the window, before anything is closed.
  result.windowSeconds = (ended - began) / 1000;
  for (const check of checks) {
    result.chars += check.chars;
    result.frames += check.frames;
    if (check.firstDeltaMs !== undefined) result.firstDeltaMs.push(check.firstDeltaMs);
    if (check.finished) result.completed += 1;
    result.reconnects += check.reconnects;
  }
  for (const connection of connections) connection.close();
  await probes;
  const lags = checks.flatMap((check) => check.lags);
  result.lagMs = lags.length
    ? { p50: percentile(lags, 50), p99: percentile(lags, 99), samples: lags.length }
    : null;
  for (const check of checks) absorb(check, reference);
}

/**
 * Reads a task from `0-0` on `base` until the frame `endId` arrived; returns the time and the
 * check of every frame received, made after the clock stopped (see `receiveUntil`).
 */
async function readBacklog(base: string, seed: ResumeSeed): Promise<{ ms: number; check: StreamCheck }> {
  const url = `${base}/api/chat/tasks/${seed.taskId}/stream?last_message_id=0-0`;
  const { ms, text } = await receiveUntil(url, seed.headers, seed.endId, config.timeBoxMs);
  const check = new StreamCheck(false, false);
  frameSplitter(check)(text, performance.now());
  if (
    ms === null ||
    (check.lastId !== seed.endId && !check.text.includes(`~bench${(config.resume?.frames ?? 1) - 1}~`))
  )
    result.errors.loss += 1;
  return { ms: ms ?? config.timeBoxMs, check };
}

/** The appended backlog must come back whole and in order: ~bench0~ … ~bench{n-1}~. */
function checkBacklog(check: StreamCheck, frames: number) {
  const seen = [...check.text.matchAll(/~bench(\d+)~/g)].map((match) => Number(match[1]));
  for (let i = 0; i < seen.length; i++) {
    if (seen[i] === i) continue;
    if (seen[i]! < i) result.errors.duplicate += 1;
    else result.errors.loss += 1;
    return;
  }
  if (seen.length !== frames) result.errors.loss += frames - seen.length;
  for (const key of ["order", "duplicate", "protocol"] as const) result.errors[key] += check.errors[key];
}

async function resume(): Promise<void> {
  const options = config.resume;
  if (!options) throw new Error("resume scenario without options");
  let seed = options.seed;
  if (config.scenario === "resume-seed") {
    // A live turn on the producer (its model paced by the env), then the backlog appended to it
    // through the project's own store interface, as a fast producer would.
    const producer = new StreamCheck(false, false);
    let started: () => void = () => {};
    const textStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    producer.onFrame = () => {
      if (producer.textPartId) started();
    };
    open(producer, LONG);
    await Promise.race([textStarted, sleep(config.timeBoxMs)]);
    if (!producer.taskId || !producer.textPartId)
      throw new Error("resume: the producer's turn never started");
    const store = createRedisStreamStore({
      url: options.redisUrl,
      keyPrefix: options.keyPrefix,
      ttlSeconds: 3600,
      maxEntries: 0,
    });
    let endId = "";
    for (let n = 0; n < options.frames; n++) {
      const appended = await store.append(producer.taskId, {
        type: "text-delta",
        id: producer.textPartId,
        delta: `~bench${n}~ `,
      });
      if (appended.kind !== "appended") throw new Error(`resume: append refused (${appended.kind})`);
      endId = appended.id;
    }
    await store.close();
    seed = { taskId: producer.taskId, endId, headers: user?.headers ?? {} };
  }
  if (!seed) throw new Error("resume-read without a seed");
  const readMs: number[] = [];
  let frames = 0;
  say("BEGIN");
  const began = performance.now();
  for (const base of options.readers) {
    for (let i = 0; i < 2; i++) {
      const { ms, check } = await readBacklog(base, seed);
      readMs.push(ms);
      frames = check.frames;
      checkBacklog(check, options.frames);
    }
  }
  say("END");
  result.windowSeconds = (performance.now() - began) / 1000;
  result.resume = { readMs, frames, seed };
}

/** Waits for the connection's first frame; `failure` says why none came (ended, or `timeoutMs`). */
async function firstFrame(
  start: (onFirstFrame: () => void) => Connection,
  timeoutMs: number,
): Promise<{ connection: Connection; failure?: string }> {
  let arrived: () => void = () => {};
  const first = new Promise<undefined>((resolve) => {
    arrived = () => resolve(undefined);
  });
  const connection = start(() => arrived());
  // The first frame's callback runs before the frame is parsed: awaiting lets the check read it.
  let timer: NodeJS.Timeout | undefined;
  const failure = await Promise.race([
    first,
    connection.ended.then((status) => `ended before a frame (status ${status})`),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`no frame in ${timeoutMs / 1000} s`), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return { connection, failure };
}

/**
 * idle: `turns` turns of a slow model, each followed by `perTurn` subscribers attached from `0-0`
 * (`batch` connections opened at a time, each awaited to its first frame); then a held window
 * in which every connection receives a word every OFFLINE_MODEL_DELAY_MS.
 */
async function idle(): Promise<void> {
  const options = config.idle;
  if (!options) throw new Error("idle scenario without options");
  const setupStarted = performance.now();
  const owners = Array.from({ length: config.turns }, () => new StreamCheck(false, true));
  const groups: StreamCheck[][] = owners.map((owner) => [owner]);
  const tracked: Array<{ connection: Connection; live: boolean; subscriber: boolean }> = [];
  const failures: Record<string, number> = {};
  const fail = (why: string, count = 1) => {
    result.errors.http += count;
    failures[why] = (failures[why] ?? 0) + count;
  };
  const track = (connection: Connection, failure: string | undefined, subscriber: boolean) => {
    const entry = { connection, live: !failure, subscriber };
    tracked.push(entry);
    if (failure) {
      fail(`${subscriber ? "subscriber" : "turn"}: ${failure}`);
      connection.close();
      return;
    }
    void connection.ended.then((status) => {
      entry.live = false;
      if (status !== 200) fail(`${subscriber ? "subscriber" : "turn"}: status ${status}`);
    });
  };
  const SETUP_TIMEOUT = 30_000;
  for (let start = 0; start < owners.length; start += options.batch) {
    const batch = owners.slice(start, start + options.batch);
    const opened = await Promise.all(
      batch.map((owner) => firstFrame((onFirst) => open(owner, LONG, onFirst), SETUP_TIMEOUT)),
    );
    for (const [i, { connection, failure }] of opened.entries())
      track(connection, failure ?? (batch[i]!.taskId ? undefined : "no task id"), false);
  }
  const started = owners.filter((owner) => owner.taskId);
  const subscribers = owners.flatMap((owner, i) =>
    owner.taskId
      ? Array.from({ length: options.perTurn }, () => {
          const check = new StreamCheck(false, true);
          groups[i]!.push(check);
          return { owner, check };
        })
      : [],
  );
  for (let start = 0; start < subscribers.length; start += options.batch) {
    const batch = subscribers.slice(start, start + options.batch);
    const opened = await Promise.all(
      batch.map(({ owner, check }) =>
        firstFrame(
          (onFirst) =>
            connect(
              `${config.base}/api/chat/tasks/${owner.taskId}/stream?last_message_id=0-0`,
              { headers: user?.headers },
              check,
              onFirst,
            ),
          SETUP_TIMEOUT,
        ),
      ),
    );
    for (const { connection, failure } of opened) track(connection, failure, true);
  }
  // Turns that never started lose their subscribers too: each counts as a failed connect.
  const unstarted = (owners.length - started.length) * options.perTurn;
  if (unstarted > 0) fail("subscriber of a turn that never started", unstarted);
  const checks = groups.flat();
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  say("BEGIN");
  const began = performance.now();
  const framesBefore = checks.reduce((sum, check) => sum + check.frames, 0);
  const ownerFramesBefore = owners.map((owner) => owner.frames);
  const charsBefore = checks.reduce((sum, check) => sum + check.chars, 0);
  // Lags of the window only (the replay from 0-0 carries old ids).
  for (const check of checks) check.lags = [];
  await sleep(config.timeBoxMs);
  const ended = performance.now();
  say("END");
  result.windowSeconds = (ended - began) / 1000;
  result.frames = checks.reduce((sum, check) => sum + check.frames, 0) - framesBefore;
  result.chars = checks.reduce((sum, check) => sum + check.chars, 0) - charsBefore;
  const connected = tracked.filter((entry) => entry.subscriber && entry.live).length;
  const turnsAdvancing = owners.filter((owner, i) => owner.frames > ownerFramesBefore[i]!).length;
  result.completed = owners.filter((owner) => owner.finished).length;
  for (const entry of tracked) entry.connection.close();
  const lags = checks.flatMap((check) => check.lags);
  result.lagMs = lags.length
    ? { p50: percentile(lags, 50), p99: percentile(lags, 99), samples: lags.length }
    : null;
  // Every copy of a turn must be a prefix of (or equal to) the longest one seen.
  for (const group of groups) {
    const longest = group.reduce((best, check) => (check.text.length > best.length ? check.text : best), "");
    for (const check of group) absorb(check, longest);
  }
  result.idle = {
    subscribers: config.turns * options.perTurn,
    connected,
    turnsStarted: started.length,
    turnsAdvancing,
    setupSeconds,
    failures,
  };
}

async function upload(): Promise<void> {
  const options = config.upload;
  if (!options || !user) throw new Error("upload scenario without options or user");
  const expectedSha256 = await sha256Of(options.bytes);
  const fail = (kind: "http" | "text", why: string) => {
    result.errors[kind] += 1;
    console.error(`upload: ${why}`);
  };
  say("BEGIN");
  const began = performance.now();
  const figures = await transfer(config.base, user.headers, { ...options, expectedSha256 }, fail);
  say("END");
  result.windowSeconds = (performance.now() - began) / 1000;
  // After the window: the same bytes through `cp` on the disk the server stores to.
  const cp = await timeCp(options.bytes, options.tmpDir);
  result.upload = { ...figures, cpSeconds: cp.cp, cpSyncSeconds: cp.cpSync };
}

async function main() {
  if (config.kind === "project" && config.scenario !== "resume-read") {
    user = await signupUser(config.base, config.scenario);
    const probeCount = config.probes?.count ?? 0;
    if (config.scenario !== "upload")
      sessions = await createSessions(config.base, user, config.turns + 1 + probeCount);
  }
  if (config.scenario.startsWith("resume")) await resume();
  else if (config.scenario === "idle") await idle();
  else if (config.scenario === "upload") await upload();
  else await streams();
  say(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
