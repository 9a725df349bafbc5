import { z } from "zod";

/**
 * zod compiles object parsers with `new Function` when it may, and finds out by trying once. The
 * page's Content-Security-Policy forbids eval (docs/security.md), so that probe is reported as a
 * violation on every page even though zod catches it; jitless skips the probe and the compiled path
 * (parsing stays correct, a little slower, which the browser's small payloads never notice).
 * zod decides when a schema is built, so this runs first: src/instrumentation-client.ts loads it.
 */
z.config({ jitless: true });
