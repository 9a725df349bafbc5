import { describe, expect, it } from "vitest";
import { ApiError } from "../api/api-error";
import {
  AbortedError,
  describeFileError,
  describeUploadError,
  failureCode,
  NetworkError,
} from "./file-errors";

const apiError = (
  code: ApiError["code"],
  status: number,
  details: Record<string, unknown> = {},
  retry: number | null = null,
) => new ApiError(code, "the server's own words, never shown", status, retry, details);

describe("describeUploadError", () => {
  it("offers Replace for file_exists and nothing else", () => {
    const problem = describeUploadError(apiError("file_exists", 409), "report.pdf");
    expect(problem).toMatchObject({ code: "file_exists", canReplace: true, canRetry: false });
    expect(problem.message).toContain("report.pdf");
    expect(problem.message).toContain("already exists");
  });

  it("names the per-file limit when the server gives it", () => {
    const problem = describeUploadError(
      apiError("file_too_large", 413, { max_bytes: 100 * 1024 * 1024 }),
      "big.iso",
    );
    expect(problem.message).toBe("“big.iso” is larger than the 100 MB limit for a single file.");
    expect(problem.canRetry).toBe(false);
  });

  it("words file_too_large without a limit too", () => {
    expect(describeUploadError(apiError("file_too_large", 413), "big.iso").message).toContain(
      "limit for a single file",
    );
  });

  it("says the workspace is full for quota_exceeded", () => {
    const problem = describeUploadError(apiError("quota_exceeded", 413), "x.bin");
    expect(problem.message).toContain("Not enough space");
    expect(problem).toMatchObject({ canReplace: false, canRetry: false });
  });

  it("asks for a rename on invalid_path", () => {
    expect(describeUploadError(apiError("invalid_path", 400), "a\u0007b").message).toContain("Rename it");
  });

  it("lets a dropped connection or a busy server be retried", () => {
    expect(describeUploadError(new NetworkError("down"), "a")).toMatchObject({
      code: "network",
      canRetry: true,
    });
    expect(describeUploadError(apiError("dependency_unavailable", 503, {}, 5), "a")).toMatchObject({
      canRetry: true,
      message: "The server is temporarily unavailable. Try again in 5 seconds.",
    });
    expect(describeUploadError(apiError("internal", 500), "a").canRetry).toBe(true);
  });

  it("never shows the server's message", () => {
    for (const code of ["file_exists", "quota_exceeded", "internal", "csrf_failed"] as const) {
      expect(describeUploadError(apiError(code, 400), "a").message).not.toContain("server's own words");
    }
  });
});

describe("failureCode", () => {
  it("tells network, abort and API failures apart", () => {
    expect(failureCode(new TypeError("Failed to fetch"))).toBe("network");
    expect(failureCode(new AbortedError("x"))).toBe("aborted");
    expect(failureCode(new DOMException("x", "AbortError"))).toBe("aborted");
    expect(failureCode(apiError("not_found", 404))).toBe("not_found");
    expect(failureCode(new Error("?"))).toBe("internal");
  });
});

describe("describeFileError", () => {
  it("explains a restore whose path was taken", () => {
    expect(describeFileError(apiError("file_exists", 409), "restore", "a.txt")).toBe(
      "“a.txt” cannot be restored: another file now uses its path.",
    );
  });

  it("words not_found per action", () => {
    expect(describeFileError(apiError("not_found", 404), "delete", "a.txt")).toBe(
      "“a.txt” was already deleted.",
    );
    expect(describeFileError(apiError("not_found", 404), "restore", "a.txt")).toContain(
      "can no longer be restored",
    );
    expect(describeFileError(apiError("not_found", 404), "preview")).toBe("This file no longer exists.");
  });

  it("falls back to a generic sentence per action", () => {
    expect(describeFileError(apiError("internal", 500), "list")).toBe(
      "Your files could not be loaded. Try again.",
    );
    expect(describeFileError(apiError("rate_limited", 429, {}, 1), "delete", "a")).toBe(
      "Too many requests. Try again in 1 second.",
    );
  });
});
