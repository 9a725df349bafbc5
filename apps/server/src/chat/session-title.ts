import { textOfParts } from "@copilot/protocol";
import { generateText, type LanguageModel } from "ai";
import { and, eq } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import { chatSessions } from "../db/schema";
import type { JobPayload } from "../jobs/job-catalog";
import type { JobContext } from "../jobs/job-queue";
import { loadConversation, type MessageRow } from "./messages";
import { plainTitle, titleSource } from "./plain-title";
import { DEFAULT_TITLE } from "./sessions";

export type SessionTitleEnv = {
  db: Database;
  /** The model that names chats; null (the offline model) keeps the first message as the title. */
  model: LanguageModel | null;
  log: Logger;
};

/** A title is a few words; a model that rambles is cut here. */
const MAX_OUTPUT_TOKENS = 24;
const TIMEOUT_MS = 20_000;
const QUESTION_CHARS = 2_000;
const ANSWER_CHARS = 1_000;

const INSTRUCTIONS =
  "You name chat conversations. Reply with a title of 2 to 6 words for the conversation below: " +
  "plain text, no quotes, no punctuation at the end, in the language of the user's message.";

const textOf = (row: MessageRow) => textOfParts(row.parts);

/**
 * The `chat_title` job, queued when a chat's first answer completes: the configured model writes a
 * short title in place of the first message's words. Only a title the user has not changed is
 * replaced (compare-and-set on the title the first message gave), so a rename always wins, also
 * one made while the model was thinking. Any failure keeps the first message's title.
 */
export async function handleSessionTitle(
  env: SessionTitleEnv,
  payload: JobPayload<"chat_title">,
  context: JobContext,
): Promise<void> {
  if (!env.model) return;
  const log = env.log.child({ sessionId: payload.sessionId });
  const [session] = await env.db.select().from(chatSessions).where(eq(chatSessions.id, payload.sessionId));
  if (!session) return;
  const [question, answer] = (await loadConversation(env.db, payload.sessionId)).shown();
  if (question?.role !== "user") return;
  const fromMessage = plainTitle(titleSource(question, textOf(question)), DEFAULT_TITLE);
  if (session.title !== fromMessage) return;

  const answerText = answer?.role === "assistant" ? textOf(answer) : "";
  let generated: string;
  try {
    const { text } = await generateText({
      model: env.model,
      system: INSTRUCTIONS,
      prompt: `User: ${textOf(question).slice(0, QUESTION_CHARS) || fromMessage}\n\nAssistant: ${answerText.slice(0, ANSWER_CHARS)}`,
      maxOutputTokens: MAX_OUTPUT_TOKENS,
      abortSignal: AbortSignal.any([context.signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    generated = text;
  } catch (error) {
    log.warn({ err: error }, "the model could not name the chat; the first message's title stays");
    return;
  }
  // Models like quotes, a "Title:" prefix and a final full stop; the list shows titles verbatim.
  const title = plainTitle(
    generated
      .split("\n")
      .find((line) => line.trim() !== "")
      ?.replace(/^\s*title\s*:\s*/i, "")
      .replace(/^["'“‘«\s]+|["'”’»\s.]+$/g, "") ?? "",
    "",
  );
  if (title === "") return;
  // No `updated_at` bump: naming a chat is not activity that should reorder the list.
  await env.db
    .update(chatSessions)
    .set({ title })
    .where(and(eq(chatSessions.id, payload.sessionId), eq(chatSessions.title, fromMessage)));
}
