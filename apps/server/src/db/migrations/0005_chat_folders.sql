ALTER TABLE "chat_sessions" ADD COLUMN "files_folder" text;--> statement-breakpoint
-- Chats from before readable folders keep the folder their files are already in.
UPDATE "chat_sessions" AS s SET "files_folder" = '/sessions/' || s."id" || '/'
WHERE EXISTS (
  SELECT 1 FROM "workspace_files" AS f
  JOIN "user_workspaces" AS w ON w."id" = f."workspace_id"
  WHERE w."user_id" = s."user_id" AND starts_with(f."path", '/sessions/' || s."id" || '/')
);
