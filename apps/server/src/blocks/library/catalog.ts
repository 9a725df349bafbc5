import type { Config } from "../../config";
import type { Block } from "../block";
import { mediaBlocks } from "../media-blocks";
import { dataBlocks } from "./data-blocks";
import { fileBlocks } from "./file-blocks";
import { graphIoBlocks } from "./graph-io-blocks";
import { modelBlocks } from "./model-block";
import { textBlocks } from "./text-blocks";

/**
 * The blocks the chat's `run_block` offers: the media, text and data blocks. Not the file blocks
 * (the chat has its own file tools, which never overwrite unless asked, while `write_file`
 * replaces by default so an agent can run twice), nor the model (the chat already is one), nor
 * the graph's input and output.
 */
export function chatBlocks(imageApi: Config["imageApi"]): Block[] {
  return [...mediaBlocks(imageApi), ...textBlocks(), ...dataBlocks()];
}

/** Every block an agent graph may use (docs/agents.md lists them). */
export function agentBlocks(imageApi: Config["imageApi"]): Block[] {
  return [...graphIoBlocks(), ...chatBlocks(imageApi), ...fileBlocks(), ...modelBlocks()];
}
