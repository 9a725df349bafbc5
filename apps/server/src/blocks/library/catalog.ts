import type { Config } from "../../config";
import type { Block } from "../block";
import { mediaBlocks } from "../media-blocks";
import { dataBlocks } from "./data-blocks";
import { fileBlocks } from "./file-blocks";
import { graphIoBlocks } from "./graph-io-blocks";
import { modelBlocks } from "./model-block";
import { textBlocks } from "./text-blocks";

/** The blocks the chat's `run_block` offers: everything that makes sense as a single call. */
export function chatBlocks(imageApi: Config["imageApi"]): Block[] {
  return [...mediaBlocks(imageApi), ...textBlocks(), ...dataBlocks(), ...fileBlocks()];
}

/** Every block an agent graph may use (docs/agents.md lists them). */
export function agentBlocks(imageApi: Config["imageApi"]): Block[] {
  return [...graphIoBlocks(), ...chatBlocks(imageApi), ...modelBlocks()];
}
