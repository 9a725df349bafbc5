import { livenessSchema, readinessSchema } from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../deps";

export function healthRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/healthz",
      { config: { auth: "none" }, schema: { tags: ["health"], response: { 200: livenessSchema } } },
      async () => ({ status: "ok" as const }),
    );

    app.get(
      "/readyz",
      {
        config: { auth: "none" },
        schema: { tags: ["health"], response: { 200: readinessSchema, 503: readinessSchema } },
      },
      async (_request, reply) => {
        const readiness = await deps.readiness();
        const ok = Object.values(readiness).every((backend) => backend.ok);
        return reply.status(ok ? 200 : 503).send(readiness);
      },
    );
  };
}
