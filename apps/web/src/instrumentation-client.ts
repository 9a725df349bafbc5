// Next.js runs this before the app's own modules, which build zod schemas at import time: the
// jitless setting must come first (see the module).
import "@/lib/zod-jitless";
