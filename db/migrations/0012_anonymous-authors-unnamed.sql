-- Anonymous items name no one anywhere but in items.author_id: forget the author in the
-- records written before that rule (the audit row of the posting, the posting's cluster
-- links and the author's "did this solve it?" answer).
UPDATE "audit_log" SET "actor_id" = NULL WHERE "action" = 'item.create_anonymous';
--> statement-breakpoint
UPDATE "item_clusters" AS ic SET "linked_by_id" = NULL
FROM "items" AS i
WHERE i."id" = ic."item_id" AND i."anonymous" AND ic."linked_by_id" = i."author_id";
--> statement-breakpoint
UPDATE "item_outcomes" AS o SET "answered_by_id" = NULL
FROM "items" AS i
WHERE i."id" = o."item_id" AND i."anonymous";
