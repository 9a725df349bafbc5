/**
 * A browser-like client of a server running in another process: it keeps the session cookie and
 * sends the server's own Origin, as a page of that origin would. `cookie` lets a second client
 * (another process of the same deployment) act as the same signed-in user.
 */
export type HttpClient = ReturnType<typeof httpClient>;

export function httpClient(base: string, cookie = "") {
  const origin = base;
  const call = async (method: string, url: string, body?: unknown): Promise<Response> => {
    const response = await fetch(base + url, {
      method,
      headers: { origin, cookie, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) cookie = setCookie.split(";")[0] ?? "";
    return response;
  };
  return {
    base,
    call,
    json: async <T>(method: string, url: string, body?: unknown) =>
      (await (await call(method, url, body)).json()) as T,
    headers: () => ({ origin, cookie }),
    cookie: () => cookie,
    /** Signs up, or logs in when the account exists (a restarted server keeps its users). */
    async signup(email: string) {
      const response = await call("POST", "/api/auth/signup", { email, password: "long enough pw" });
      if (response.status !== 201)
        await call("POST", "/api/auth/login", { email, password: "long enough pw" });
    },
  };
}
