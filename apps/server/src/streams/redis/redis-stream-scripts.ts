import { defineScript } from "./redis-script";

/**
 * Every state change of a task is one Lua script, so "check the status, then write" cannot
 * interleave with another process (a replay page, which only reads, is a MULTI in the store). Task keys are passed as KEYS in this order:
 *   1 `task:{id}` hash, 2 `task:{id}:log` stream, 3 `session:{id}:active`, 4 `op:{id}` (when set).
 * Hash fields: session user kind op tool (meta), status, last (newest id), created, ended (ms,
 * Redis clock), n (entries ever written), trimmed (newest removed id), saved, cancel, refreshed,
 * attempt (highest claimed attempt; missing on tasks created before fencing, read as 0).
 * Each log entry carries `n` (its 1-based number) and `c` (the chunk JSON); `n` lets a reader
 * prove it skipped nothing, even when a trim races it.
 */

// Redis' own clock, so every process stamps the same time base (scripts replicate by effects).
const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

// The claimed attempt when a write's attempt ('' = unfenced) is below it, else nil. Scripts check
// it before the status, so a stale producer learns it is stale even on an ended task.
const FENCED = `
local function fenced(attempt, stored)
  local claimed = tonumber(stored or '0')
  if attempt ~= '' and tonumber(attempt) < claimed then return claimed end
  return nil
end
`;

// Keeps the newest `max` entries and records the newest removed id, which readers compare their
// cursor with to answer `trimmed` instead of silently skipping entries.
const TRIM = `
local function trim(hash, log, max)
  max = tonumber(max)
  if max <= 0 or redis.call('XLEN', log) <= max then return end
  local kept = redis.call('XREVRANGE', log, '+', '-', 'COUNT', max + 1)
  redis.call('XTRIM', log, 'MAXLEN', max)
  redis.call('HSET', hash, 'trimmed', kept[#kept][1])
end
`;

/** ARGV: taskId, runningTtlMs, then meta field/value pairs. → {created} | {session_busy, id} | {exists} */
export const createTaskScript = defineScript(`${NOW}
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
-- The pointer is deleted by finish and expires with its task, so a set pointer means "running".
local active = redis.call('GET', KEYS[3])
if active and active ~= ARGV[1] then return {'session_busy', active} end
redis.call('HSET', KEYS[1], 'status', 'running', 'created', now, 'refreshed', now, 'n', 0, 'attempt', 0, unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
if KEYS[4] then redis.call('SET', KEYS[4], ARGV[1], 'PX', ARGV[2]) end
return {'created'}`);

/**
 * ARGV: attempt, runningTtlMs, pageEntries. → {claimed, hash, firstPage} | {fenced, stored} |
 * {ended, status} | {not_found}
 * Refreshes the running TTL: the new owner may take a while before its first append. A claim returns
 * the task's state and the first page of its log as `snapshotScript` does, read in the same step.
 */
export const claimScript = defineScript(`${NOW}${FENCED}
local state = redis.call('HMGET', KEYS[1], 'status', 'attempt')
if not state[1] then return {'not_found'} end
local stale = fenced(ARGV[1], state[2])
if stale then return {'fenced', stale} end
if state[1] ~= 'running' then return {'ended', state[1]} end
redis.call('HSET', KEYS[1], 'attempt', ARGV[1], 'refreshed', now)
for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return {'claimed', redis.call('HGETALL', KEYS[1]), redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', ARGV[3])}`);

/**
 * ARGV: chunkJson, runningTtlMs, refreshMs, attempt ('' = unfenced). → {appended, id} | {fenced} | {ended} | {not_found}
 * The hot path of every token: three commands besides the script itself (`HMGET`, `XADD`, `HSET`),
 * not five. The entry number comes from the same `HMGET` and is written back with `last`; the clock
 * is the new entry's id (Redis' own milliseconds, never behind an earlier entry) instead of `TIME`.
 */
export const appendScript = defineScript(`${FENCED}
local state = redis.call('HMGET', KEYS[1], 'status', 'refreshed', 'attempt', 'n')
if not state[1] then return {'not_found'} end
if fenced(ARGV[4], state[3]) then return {'fenced'} end
if state[1] ~= 'running' then return {'ended'} end
local n = tonumber(state[4] or '0') + 1
local id = redis.call('XADD', KEYS[2], '*', 'n', n, 'c', ARGV[1])
local now = tonumber(string.match(id, '^(%d+)'))
-- The running TTL is refreshed at most every refreshMs, not per token; the first entry always
-- refreshes because the stream key did not exist (and had no TTL) before it.
if n == 1 or now - tonumber(state[2] or 0) >= tonumber(ARGV[3]) then
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
  redis.call('HSET', KEYS[1], 'n', n, 'last', id, 'refreshed', now)
else
  redis.call('HSET', KEYS[1], 'n', n, 'last', id)
end
return {'appended', id}`);

/**
 * ARGV: taskId, status, ttlMs, maxEntries, attempt ('' = unfenced), chunkJson...
 * → {finished, lastId} | {fenced, stored} | {already_ended, status} | {not_found}
 * The compare-and-set of the status and the final XADDs are one step: exactly one caller wins and
 * nothing can follow its `finish`.
 */
export const finishScript = defineScript(`${NOW}${TRIM}${FENCED}
local state = redis.call('HMGET', KEYS[1], 'status', 'saved', 'attempt')
if not state[1] then return {'not_found'} end
local stale = fenced(ARGV[5], state[3])
if stale then return {'fenced', stale} end
if state[1] ~= 'running' then return {'already_ended', state[1]} end
local id
for i = 6, #ARGV do
  local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
  id = redis.call('XADD', KEYS[2], '*', 'n', n, 'c', ARGV[i])
end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'last', id, 'ended', now)
-- Only our own pointer: a stale finish must never free a session that a newer task holds.
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
if state[2] == '1' then trim(KEYS[1], KEYS[2], ARGV[4]) end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
if KEYS[4] then redis.call('PEXPIRE', KEYS[4], ARGV[3]) end
return {'finished', id}`);

/** KEYS: hash, log. ARGV: maxEntries. Trims now when the task ended, else when it does. */
export const markSavedScript = defineScript(`${TRIM}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return 0 end
redis.call('HSET', KEYS[1], 'saved', '1')
if status ~= 'running' then trim(KEYS[1], KEYS[2], ARGV[1]) end
return 1`);

/**
 * KEYS: hash, log. ARGV: count. → {'' } | {hash as field/value pairs, first page of entries}
 * The state and the oldest page in one step: every entry up to the state's `last` is already in
 * the log and never changes, so later pages read up to it complete a consistent snapshot.
 */
export const snapshotScript = defineScript(`
local hash = redis.call('HGETALL', KEYS[1])
if #hash == 0 then return {''} end
return {hash, redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', ARGV[1])}`);

/** KEYS: hash. ARGV: channel, taskId. Sets the flag and tells every process; only while running. */
export const requestCancelScript = defineScript(`
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'cancel', '1')
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1`);
