CREATE TABLE "user_workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"used_bytes" bigint DEFAULT 0 NOT NULL,
	"reserved_bytes" bigint DEFAULT 0 NOT NULL,
	"quota_bytes" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_workspaces_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "user_workspaces_bytes_check" CHECK ("user_workspaces"."used_bytes" >= 0 and "user_workspaces"."reserved_bytes" >= 0)
);
--> statement-breakpoint
CREATE TABLE "workspace_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"path" text NOT NULL,
	"name" text NOT NULL,
	"storage_key" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "workspace_files_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
CREATE TABLE "workspace_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"reserved_bytes" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_uploads_storage_key_unique" UNIQUE("storage_key")
);
--> statement-breakpoint
ALTER TABLE "user_workspaces" ADD CONSTRAINT "user_workspaces_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_files" ADD CONSTRAINT "workspace_files_workspace_id_user_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."user_workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_uploads" ADD CONSTRAINT "workspace_uploads_workspace_id_user_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."user_workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workspace_files_live_path_key" ON "workspace_files" USING btree ("workspace_id","path") WHERE "workspace_files"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "workspace_files_updated_idx" ON "workspace_files" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "workspace_files_trash_idx" ON "workspace_files" USING btree ("deleted_at") WHERE "workspace_files"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "workspace_uploads_updated_idx" ON "workspace_uploads" USING btree ("updated_at");