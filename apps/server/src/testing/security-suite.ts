import { expect, it } from "vitest";
import type { TestApp, TestUser } from "./test-app";

/**
 * The checks every route gets (docs/style.md rule 20): no credentials → 401; someone else's resource →
 * 404 (never 403: existence is not revealed); a cookie mutation without an allowed Origin → 403.
 */
export type SecuredRoute = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Builds the URL for a resource owned by `owner` (created in `prepare`). */
  url: (owned: Record<string, string>) => string;
  /** A JSON body (objects are serialised by `inject`) or a raw string. */
  payload?: string | object;
  headers?: Record<string, string>;
  /** False for collection routes (they list the caller's own things, so there is nothing foreign). */
  ownsResource?: boolean;
};

export function runSecuritySuite(
  label: string,
  context: () => { t: TestApp; owner: TestUser; stranger: TestUser; owned: Record<string, string> },
  routes: SecuredRoute[],
) {
  for (const route of routes) {
    const name = `${label}: ${route.method} ${route.url({})}`;

    it(`${name} without credentials → 401`, async () => {
      const { t, owned } = context();
      const response = await t.app.inject({
        method: route.method,
        url: route.url(owned),
        payload: route.payload,
        headers: { origin: t.origin, ...route.headers },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe("unauthorized");
    });

    it(`${name} with a forged session → 401`, async () => {
      const { t, owned } = context();
      const response = await t.app.inject({
        method: route.method,
        url: route.url(owned),
        payload: route.payload,
        headers: { origin: t.origin, cookie: "copilot_session=forged-token", ...route.headers },
      });
      expect(response.statusCode).toBe(401);
    });

    if (route.ownsResource !== false) {
      it(`${name} on someone else's resource → 404`, async () => {
        const { t, stranger, owned } = context();
        const response = await t.app.inject({
          method: route.method,
          url: route.url(owned),
          payload: route.payload,
          headers: { ...stranger.headers, ...route.headers },
        });
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe("not_found");
      });
    }

    if (route.method !== "GET") {
      it(`${name} by cookie without Origin → 403 csrf_failed`, async () => {
        const { t, owner, owned } = context();
        const response = await t.app.inject({
          method: route.method,
          url: route.url(owned),
          payload: route.payload,
          headers: { cookie: owner.cookie, ...route.headers },
        });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe("csrf_failed");
      });
    }
  }
}
