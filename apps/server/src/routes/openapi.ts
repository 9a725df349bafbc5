import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

export function openapiRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/api/openapi.json", { config: { auth: "none" }, schema: { hide: true } }, async () =>
      app.swagger(),
    );
  };
}
