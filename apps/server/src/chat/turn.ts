import type { UIMessage, UIMessageChunk } from "@copilot/protocol";
import type { LanguageModel } from "ai";
import type { Logger } from "pino";
import type { Database } from "../db/client";
import type { StreamStore } from "../streams/stream-store";
import type { WorkspaceFiles } from "../workspace/workspace-files";
import type { CheckpointQueue } from "./checkpoint-queue";
import type { ToolFactory } from "./tools";

/** One run of a turn (an attempt) and what it needs; produced by `turn-runner`, ended by `turn-ending`. */
export type TurnJob = {
  taskId: string;
  sessionId: string;
  userId: string;
  messageId: string;
  /** The conversation up to and including the user message being answered. */
  history: UIMessage[];
  /** This run's attempt (1 = first): its fencing token in the stream store and on the task row. */
  attempt: number;
  /** The chunks already in the task's log (its `start` at least): an earlier attempt's, continued here. */
  written: UIMessageChunk[];
};

export type TurnDeps = {
  db: Database;
  streams: StreamStore;
  model: LanguageModel;
  modelLabel: string;
  tools: ToolFactory;
  /** Reads the attachments of the history for the model (notes, and the newest images). */
  files: WorkspaceFiles;
  log: Logger;
  coalesceMs: number;
  /** The process' one queue of mid-answer saves. */
  checkpoints: CheckpointQueue;
};
