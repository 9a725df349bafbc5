import { uploadQuerySchema, workspaceFileSchema } from "@copilot/protocol";
import fastifyMultipart from "@fastify/multipart";
import { type FastifyPluginAsyncZod, validatorCompiler } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { abandonBody } from "../http/abandon-body";
import { userIdOf } from "../http/auth";
import { readUploadPart } from "../http/multipart-upload";

const uploadFormSchema = z.object({
  path: z.string().optional().describe("Where to save it, if not in the query; must come before the file"),
  overwrite: z.enum(["true", "false"]).optional(),
  file: z.string().meta({ format: "binary" }).describe("The file's bytes"),
});

/** `POST /api/workspace/files`: one streamed multipart file; limits are decided while it streams. */
export function workspaceUploadRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    // Registered in this plugin only: no other route parses multipart bodies.
    await app.register(fastifyMultipart, {
      limits: {
        files: 1,
        fields: 4,
        parts: 5,
        fieldSize: 8 * 1024,
        // One byte past the limit so the facade, not busboy, notices first and answers file_too_large.
        fileSize: deps.files.limits.maxFileBytes + 1,
      },
    });

    app.post(
      "/api/workspace/files",
      {
        // The form is documented, not validated: the file streams through the facade instead.
        validatorCompiler: (route) =>
          route.httpPart === "body"
            ? () => ({ value: undefined })
            : // Fastify types a route-level compiler's argument by the whole schema; it is one part's zod schema.
              validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]),
        schema: {
          tags: ["workspace"],
          description:
            "multipart/form-data with one part named `file`; `path` (query, or a form field before the file) defaults to the file's name; 201 new, 200 overwritten (same id, version + 1).",
          consumes: ["multipart/form-data"],
          querystring: uploadQuerySchema,
          body: uploadFormSchema,
          response: { 200: workspaceFileSchema, 201: workspaceFileSchema },
        },
      },
      async (request, reply) => {
        const userId = userIdOf(request);
        try {
          const part = await readUploadPart(request);
          const path = request.query.path ?? part.fields.path ?? part.filename;
          if (!path) throw new AppError("invalid_path", "give a path (query or form field) or a file name");
          const outcome = await deps.files.upload(
            { userId },
            {
              path,
              body: part.stream,
              overwrite: request.query.overwrite ?? part.fields.overwrite ?? false,
              sizeHint: part.maxBytes ? { bytes: part.maxBytes, exact: false } : undefined,
              metadata: { source: "upload" },
            },
          );
          return reply.status(outcome.kind === "created" ? 201 : 200).send(outcome.file);
        } catch (error) {
          // Refused before the body ended (limit, quota, path, conflict): stop reading it.
          abandonBody(request, reply);
          throw error;
        }
      },
    );
  };
}
