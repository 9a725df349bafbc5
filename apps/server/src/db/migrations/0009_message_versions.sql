ALTER TABLE "chat_messages" ADD COLUMN "parent_id" text;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "selected_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "chat_tasks" ADD COLUMN "parent_message_id" text;--> statement-breakpoint
-- Conversations so far were one line: each message follows the one before it, shown as selected
-- in the order it was written.
UPDATE "chat_messages" AS m SET "parent_id" = p."previous", "selected_at" = m."created_at"
FROM (
	SELECT "session_id", "id", lag("id") OVER (PARTITION BY "session_id" ORDER BY "seq") AS "previous"
	FROM "chat_messages"
) AS p
WHERE p."session_id" = m."session_id" AND p."id" = m."id";--> statement-breakpoint
-- A task's answer follows the message written just before it.
UPDATE "chat_tasks" AS t SET "parent_message_id" = m."parent_id"
FROM "chat_messages" AS m
WHERE m."session_id" = t."session_id" AND m."id" = t."message_id";
