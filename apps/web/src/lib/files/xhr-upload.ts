import { workspaceFileSchema } from "@copilot/protocol";
import { toApiError } from "../api/api-error";
import { AbortedError, NetworkError } from "./file-errors";
import type { UploadTransport } from "./upload-queue";

function parseBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: toApiError falls back to the status.
    return null;
  }
}

/** Only what toApiError reads from the headers, without copying every header of the response. */
function headersOf(xhr: XMLHttpRequest): Headers {
  const headers = new Headers();
  const retryAfter = xhr.getResponseHeader("retry-after");
  if (retryAfter !== null) headers.set("retry-after", retryAfter);
  return headers;
}

/**
 * `POST /api/workspace/files` (docs/api.md §7) through XMLHttpRequest, because fetch cannot report
 * upload progress. The browser streams the File from disk and adds the `Origin` header the CSRF
 * check needs; 201 is a new file, 200 an overwrite.
 */
export const xhrUpload: UploadTransport = ({ file, path, overwrite, signal, onProgress }) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new AbortedError("cancelled before it started"));
      return;
    }
    const query = new URLSearchParams({ path });
    if (overwrite) query.set("overwrite", "true");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/workspace/files?${query}`);
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0);
    xhr.onload = () => {
      const body = parseBody(xhr.responseText);
      if (xhr.status === 200 || xhr.status === 201) {
        const parsed = workspaceFileSchema.safeParse(body);
        if (parsed.success) resolve({ file: parsed.data, replaced: xhr.status === 200 });
        else reject(toApiError(null, { status: 500, headers: new Headers() }));
        return;
      }
      reject(toApiError(body, { status: xhr.status, headers: headersOf(xhr) }));
    };
    // The server may refuse mid-stream (413) and close the connection before the browser has sent
    // everything; some browsers then report a network error instead of the response.
    xhr.onerror = () => reject(new NetworkError("the upload's connection failed"));
    xhr.ontimeout = () => reject(new NetworkError("the upload timed out"));
    xhr.onabort = () => reject(new AbortedError("cancelled"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });

    const form = new FormData();
    form.append("file", file, file instanceof File ? file.name : "upload");
    xhr.send(form);
  });
