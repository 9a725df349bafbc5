import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { credentialsSchema } from "@copilot/protocol";
import { createUser, deleteUser, findUserByEmail } from "./auth/accounts";
import { ConfigError } from "./config";
import { type DatabaseHandle, openDatabase } from "./db/client";
import { FolderLockedError } from "./db/folder-lock";
import { migrate } from "./db/migrate";
import { DependencyError } from "./deps";
import { AppError } from "./errors";
import { createLogger, RoleError, readConfig, serve, work } from "./main";
import { WebNotBuiltError } from "./web/next-handler";
import { createFileStore } from "./workspace/stores/create-file-store";
import type { FileStore } from "./workspace/stores/file-store";
import { createWorkspaceFiles, type WorkspaceFiles } from "./workspace/workspace-files";

const usage = `usage: copilot <command>

  serve [--dev] [--no-web] [--no-worker]
                                  serve the API (and the web app) on HOST:PORT; with a worker
                                  inside unless --no-worker (which needs REDIS_URL and DATABASE_URL)
  worker                          run turns from the shared queue (needs REDIS_URL and DATABASE_URL), no HTTP
  migrate                         apply database migrations and exit
  user create --email <e> [--password <p> | --password-stdin]
  user delete --email <e>         delete the account and everything it owns (files included)
  files gc                        purge expired trash and sweep stored blobs nothing owns

Configuration comes from the environment (see docs/configuration.md).`;

async function withDatabase<T>(
  fn: (handle: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const config = readConfig();
  const handle = await openDatabase(config.database);
  try {
    await migrate(handle);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** The database plus the configured file store, for commands that touch stored files. */
async function withWorkspace<T>(
  fn: (files: WorkspaceFiles, handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const config = readConfig();
  const store: FileStore = createFileStore(config.storage);
  try {
    return await withDatabase((handle) =>
      fn(
        createWorkspaceFiles({ db: handle.db, store, limits: config.workspace, log: createLogger(config) }),
        handle,
      ),
    );
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dev: { type: "boolean", default: false },
      "no-web": { type: "boolean", default: false },
      "no-worker": { type: "boolean", default: false },
      email: { type: "string" },
      password: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const command = positionals.join(" ");
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case "serve":
      await serve({ dev: values.dev, web: !values["no-web"], worker: !values["no-worker"] });
      return -1; // keeps running until a signal
    case "worker":
      await work();
      return -1;
    case "migrate":
      await withDatabase(async () => {});
      console.log("migrations applied");
      return 0;
    case "user create": {
      const password = values["password-stdin"]
        ? readFileSync(0, "utf8").replace(/\r?\n$/, "")
        : values.password;
      const credentials = credentialsSchema.safeParse({ email: values.email, password });
      if (!credentials.success) {
        console.error(
          `invalid input: ${credentials.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
        );
        return 2;
      }
      const user = await withDatabase((handle) => createUser(handle.db, credentials.data));
      console.log(`created user ${user.id} <${user.email}>`);
      return 0;
    }
    case "user delete": {
      if (!values.email) {
        console.error("--email is required");
        return 2;
      }
      const email = values.email;
      const deleted = await withWorkspace(async (files, handle) => {
        const user = await findUserByEmail(handle.db, email);
        if (!user || !(await deleteUser(handle.db, user.id))) return false;
        // Rows first (they cascade), then the bytes: a crash in between leaves orphans for gc.
        await files.deleteUserBlobs(user.id);
        return true;
      });
      if (!deleted) {
        console.error(`no user with email ${email}`);
        return 1;
      }
      console.log(`deleted user <${email}>`);
      return 0;
    }
    case "files gc": {
      const report = await withWorkspace((files) => files.gc());
      console.log(
        `expired ${report.expiredUploads} dead uploads, purged ${report.purgedFiles} trashed files, swept ${report.sweptBlobs} orphaned blobs`,
      );
      return 0;
    }
    default:
      console.error(`unknown command: ${command}\n\n${usage}`);
      return 2;
  }
}

const expected = [ConfigError, DependencyError, FolderLockedError, WebNotBuiltError, AppError, RoleError];

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    // Expected startup failures print one readable line naming what to fix; the rest a stack.
    if (expected.some((type) => error instanceof type)) console.error(`copilot: ${(error as Error).message}`);
    else console.error(error);
    process.exit(1);
  },
);
