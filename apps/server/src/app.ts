import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBodySchema } from "@copilot/protocol";
import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Deps } from "./deps";
import { AppError, notFound } from "./errors";
import { authHook } from "./http/auth";
import { errorHandler, sendError } from "./http/errors";
import { apiResponseHeaders, pageSecurityHeaders, setPageHeaders } from "./http/security-headers";
import { assertStorableText } from "./http/storable-text";
import { agentRunRoutes } from "./routes/agent-runs";
import { agentRoutes } from "./routes/agents";
import { apiKeyRoutes } from "./routes/api-keys";
import { authRoutes } from "./routes/auth";
import { chatExportRoutes } from "./routes/chat-export";
import { chatModelRoutes } from "./routes/chat-model";
import { chatSessionRoutes } from "./routes/chat-sessions";
import { chatTaskRoutes } from "./routes/chat-tasks";
import { healthRoutes } from "./routes/health";
import { openapiRoutes } from "./routes/openapi";
import { operationRoutes } from "./routes/operations";
import { workspaceRoutes } from "./routes/workspace";
import { workspaceDownloadRoutes } from "./routes/workspace-download";
import { workspaceUploadRoutes } from "./routes/workspace-upload";

/** Handles every request that is not the API's (Next.js in production and dev). */
export type WebHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const JSON_BODY_LIMIT = 1024 * 1024;

/** A hop count as the function Fastify takes for one (its types have no number form). */
function trustProxyOption(trust: false | number | string[]) {
  return typeof trust === "number" ? (_address: string, hop: number) => hop < trust : trust;
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export async function buildApp(deps: Deps, options: { web?: WebHandler; dev?: boolean } = {}): Promise<App> {
  const app: App = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Our onResponse hook logs API requests; Next's asset requests would only be noise.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: JSON_BODY_LIMIT,
    // request.ip (what rate limits key on) believes X-Forwarded-For only as far as TRUST_PROXY says.
    trustProxy: trustProxyOption(deps.config.server.trustProxy),
    // A caller's request id is kept when it is harmless, so logs join up across services.
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  }).withTypeProvider<ZodTypeProvider>();

  // Every API route documents the one error body for its 4xx/5xx answers (docs/api.md §3).
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/") && !route.url.startsWith("/readyz")) return;
    if (route.schema?.hide) return;
    const response = (route.schema?.response ?? {}) as Record<string, unknown>;
    route.schema = {
      ...route.schema,
      response: { "4XX": errorBodySchema, "5XX": errorBodySchema, ...response },
    };
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, notFound(`route ${request.method} ${request.url}`)),
  );
  app.decorateRequest("principal", null);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "CoPilot API", version: "0.1.0", description: "See docs/ for guarantees and framing." },
      components: {
        securitySchemes: {
          cookie: { type: "apiKey", in: "cookie", name: "copilot_session" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    if (deps.lifecycle.shuttingDown) {
      reply.header("connection", "close");
      throw new AppError("shutting_down", "server is shutting down");
    }
  });
  app.addHook("onSend", apiResponseHeaders);
  app.addHook("onResponse", async (request, reply) => {
    if (!request.url.startsWith("/api/")) return;
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });
  const authenticate = authHook(deps.db, deps.config.server.appOrigins);
  app.addHook("preValidation", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    await authenticate(request);
    // Once for every route, before its schema runs (docs/style.md rule 14).
    assertStorableText({ body: request.body, querystring: request.query, params: request.params });
  });

  await app.register(healthRoutes(deps));
  await app.register(openapiRoutes());
  await app.register(authRoutes(deps));
  await app.register(apiKeyRoutes(deps));
  await app.register(chatSessionRoutes(deps));
  await app.register(chatExportRoutes(deps));
  await app.register(chatModelRoutes(deps));
  await app.register(chatTaskRoutes(deps));
  await app.register(operationRoutes(deps));
  await app.register(workspaceRoutes(deps));
  await app.register(workspaceUploadRoutes(deps));
  await app.register(workspaceDownloadRoutes(deps));
  await app.register(agentRoutes(deps));
  await app.register(agentRunRoutes(deps));

  const web = options.web;
  if (web) {
    const pageHeaders = pageSecurityHeaders(options.dev ?? false);
    // Everything that is not the API goes to Next.js untouched: no body parsing here, so Next
    // (server actions, uploads) reads the raw request itself.
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
      scope.all("/*", { config: { auth: "none" }, schema: { hide: true } }, async (request, reply) => {
        if (request.url.startsWith("/api/") || request.url === "/api")
          throw notFound(`route ${request.method} ${request.url}`);
        reply.hijack();
        setPageHeaders(reply.raw, pageHeaders);
        await web(request.raw, reply.raw);
      });
    });
  }
  return app;
}
