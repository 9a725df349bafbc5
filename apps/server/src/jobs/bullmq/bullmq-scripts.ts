import { defineScript } from "../../streams/redis/redis-script";

/**
 * Reads and removals BullMQ has no atomic call for. Both rely on its key layout (checked by the
 * contract suite on every run): a waiting job's id sits in the `wait` list, where it is LPUSHed on
 * add and taken from the right (RPOPLPUSH into `active`); a handed-back job is RPUSHed, next in line.
 */

/** KEYS: wait, active, delayed, prioritized; ARGV: job id → {state, position}. */
export const jobStateScript = defineScript(`
local index = redis.call("LPOS", KEYS[1], ARGV[1])
if index then return {"waiting", redis.call("LLEN", KEYS[1]) - 1 - index} end
if redis.call("LPOS", KEYS[2], ARGV[1]) then return {"active", 0} end
-- Waiting for a retry backoff (or a priority lane): in line behind everything already waiting.
if redis.call("ZSCORE", KEYS[3], ARGV[1]) or redis.call("ZSCORE", KEYS[4], ARGV[1]) then
  return {"waiting", redis.call("LLEN", KEYS[1])}
end
return {"unknown", 0}
`);

/**
 * KEYS: wait, job hash, job logs; ARGV: job id → 1 when removed. LREM decides the race with a
 * worker's RPOPLPUSH: whichever runs first wins, so a removed job can never start.
 */
export const removeWaitingScript = defineScript(`
if redis.call("LREM", KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call("DEL", KEYS[2], KEYS[3])
return 1
`);
