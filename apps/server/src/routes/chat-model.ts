import { type ChatModel, chatModelSchema } from "@copilot/protocol";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../deps";

/** The model that answers, for the settings page: provider and name, never its key or address. */
export function chatModelRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/chat/model",
      { schema: { tags: ["chat"], response: { 200: chatModelSchema } } },
      async (): Promise<ChatModel> => ({
        provider: deps.config.model.provider,
        name: deps.config.model.name,
        label: deps.modelLabel,
      }),
    );
  };
}
