import {
  chatSessionDetailSchema,
  entryIdSchema,
  uiMessageChunkSchema,
  uiMessageSchema,
} from "@copilot/protocol";
import { z } from "zod";

/**
 * What the tabs of one browser say to each other about one session, over a BroadcastChannel. The
 * leader tab (the one holding the session's Web Lock) owns the SSE connection and the polling and
 * relays; followers ask. Validated on receipt like any other edge (docs/style.md rule 14): another tab may run
 * an older build of the app.
 */
const entrySchema = z.object({ id: entryIdSchema, chunk: uiMessageChunkSchema });

const sendRequestSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("message"),
    text: z.string(),
    clientMessageId: z.string(),
    /** Workspace files the message carries, as the composer uploaded them. */
    attachments: z
      .array(z.object({ id: z.string(), name: z.string(), mime_type: z.string(), reference: z.string() }))
      .optional(),
    /** Edit and resend: the user message this one is a new version of. */
    editOf: z.string().optional(),
  }),
  /** A new version of the answer `message`; `clientMessageId` names this request (a retry attaches). */
  z.object({ kind: z.literal("regenerate"), message: uiMessageSchema, clientMessageId: z.string() }),
]);
export type SendRequest = z.infer<typeof sendRequestSchema>;

const sendErrorSchema = z.object({ code: z.string(), message: z.string(), status: z.number() });

export const tabMessageSchema = z.discriminatedUnion("kind", [
  /** A follower (new, or out of step) asks for the current task's entries and state. */
  z.object({
    kind: z.literal("hello"),
    from: z.string(),
    taskId: z.string().nullable(),
    lastId: z.string().nullable(),
    visible: z.boolean(),
  }),
  /** A tab just became the leader: followers say hello again (it may lack their state). */
  z.object({ kind: z.literal("leader"), from: z.string() }),
  z.object({ kind: z.literal("visibility"), from: z.string(), visible: z.boolean() }),
  /**
   * Relayed entries, consecutive in the leader's log (batched for a few milliseconds); `prevId`
   * chains the first to the entry before it, so a follower notices any gap.
   */
  z.object({
    kind: z.literal("entries"),
    taskId: z.string(),
    prevId: entryIdSchema.nullable(),
    entries: z.array(entrySchema).min(1),
  }),
  /** The leader's whole log of the current task, from its first entry, for one follower. */
  z.object({ kind: z.literal("replay"), to: z.string(), taskId: z.string(), entries: z.array(entrySchema) }),
  /** The leader's view of what is not in the entries. */
  z.object({
    kind: z.literal("live"),
    taskId: z.string().nullable(),
    /** A turn is being posted and its task id is not known yet. */
    sending: z.boolean(),
    reconnecting: z.boolean(),
    pendingUser: uiMessageSchema.nullable(),
    replacing: z.string().nullable(),
  }),
  z.object({ kind: z.literal("detail"), detail: chatSessionDetailSchema }),
  z.object({ kind: z.literal("gone") }),
  z.object({ kind: z.literal("send"), from: z.string(), requestId: z.string(), request: sendRequestSchema }),
  z.object({
    kind: z.literal("send-result"),
    to: z.string(),
    requestId: z.string(),
    attached: z.boolean(),
    error: sendErrorSchema.nullable(),
  }),
]);
export type TabMessage = z.infer<typeof tabMessageSchema>;
export type SendError = z.infer<typeof sendErrorSchema>;

export const sessionChannelName = (sessionId: string) => `copilot:chat-session:${sessionId}`;
export const sessionLockName = (sessionId: string) => `copilot:chat-session-leader:${sessionId}`;
