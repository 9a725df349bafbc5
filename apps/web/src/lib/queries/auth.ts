import { type Credentials, type User, userResponseSchema } from "@copilot/protocol";
import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { api, expectOk, unwrap } from "../api/client";

const authKeys = {
  all: ["auth"] as const,
  me: () => [...authKeys.all, "me"] as const,
};

/** The signed-in user. Server components seed it (see the (app) layout); a 401 means signed out. */
export function meQueryOptions() {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: async ({ signal }): Promise<User> =>
      userResponseSchema.parse(await unwrap(api.GET("/api/auth/me", { signal }))).user,
    staleTime: 5 * 60_000,
  });
}

export function loginMutationOptions() {
  return mutationOptions({
    mutationKey: [...authKeys.all, "login"],
    mutationFn: async (body: Credentials): Promise<User> =>
      userResponseSchema.parse(await unwrap(api.POST("/api/auth/login", { body }))).user,
  });
}

export function signupMutationOptions() {
  return mutationOptions({
    mutationKey: [...authKeys.all, "signup"],
    mutationFn: async (body: Credentials): Promise<User> =>
      userResponseSchema.parse(await unwrap(api.POST("/api/auth/signup", { body }))).user,
  });
}

export function logoutMutationOptions() {
  return mutationOptions({
    mutationKey: [...authKeys.all, "logout"],
    mutationFn: (): Promise<void> => expectOk(api.POST("/api/auth/logout")),
  });
}
