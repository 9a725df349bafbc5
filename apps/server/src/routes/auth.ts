import { credentialsSchema, errorBodySchema, userResponseSchema } from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { findUserById, toUser } from "../auth/accounts";
import { login, loginBudgets } from "../auth/login";
import { createSession, revokeSession } from "../auth/sessions";
import { signup } from "../auth/signup";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { clearSessionCookie, rejectForeignOrigin, setSessionCookie, userIdOf } from "../http/auth";

export function authRoutes(deps: Deps): FastifyPluginAsyncZod {
  const sameOrigin = rejectForeignOrigin(deps.config.server.appOrigins);
  const budgets = loginBudgets(deps.config.auth.loginMaxPerMinute);
  return async (app) => {
    app.post(
      "/api/auth/signup",
      {
        config: { auth: "none" },
        preHandler: sameOrigin,
        schema: {
          tags: ["auth"],
          body: credentialsSchema,
          response: { 201: userResponseSchema, 409: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        const { db, loginLimiter, config } = deps;
        const user = await signup(db, loginLimiter, config.auth.signupMaxPerHour, request.body, request.ip);
        const session = await createSession(deps.db, user.id);
        setSessionCookie(request, reply, session.token);
        return reply.status(201).send({ user: toUser(user) });
      },
    );

    app.post(
      "/api/auth/login",
      {
        config: { auth: "none" },
        preHandler: sameOrigin,
        schema: {
          tags: ["auth"],
          body: credentialsSchema,
          response: { 200: userResponseSchema, 401: errorBodySchema, 429: errorBodySchema },
        },
      },
      async (request, reply) => {
        const user = await login(deps.db, deps.loginLimiter, budgets, request.body, request.ip);
        const session = await createSession(deps.db, user.id);
        setSessionCookie(request, reply, session.token);
        return { user: toUser(user) };
      },
    );

    app.post(
      "/api/auth/logout",
      { config: { auth: "optional" }, schema: { tags: ["auth"], response: { 204: z.undefined() } } },
      async (request, reply) => {
        const token = request.principal?.sessionToken;
        if (token) await revokeSession(deps.db, token);
        clearSessionCookie(request, reply);
        return reply.status(204).send();
      },
    );

    app.get(
      "/api/auth/me",
      { schema: { tags: ["auth"], response: { 200: userResponseSchema, 401: errorBodySchema } } },
      async (request) => {
        const user = await findUserById(deps.db, userIdOf(request));
        if (!user) throw new AppError("unauthorized", "sign in required");
        return { user: toUser(user) };
      },
    );
  };
}
