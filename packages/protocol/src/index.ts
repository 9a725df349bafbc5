export * from "./auth";
export * from "./chat";
export * from "./chunks";
export * from "./common";
export * from "./errors";
export * from "./health";
export * from "./sse";
export * from "./workspace";
