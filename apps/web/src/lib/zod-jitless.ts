import { z } from "zod";

/**
 * zod compiles object parsers with `new Function` when it may, and finds out by trying once. The
 * page's Content-Security-Policy forbids eval (docs/security.md), so that probe is reported as a
 * violation on every page even though zod catches it; jitless skips the probe and the compiled path
 * (parsing stays correct, a little slower, which the browser's small payloads never notice).
 * Imported first by the root providers, before any schema parses.
 */
z.config({ jitless: true });
