-- Per-node tasks: each node runs its own copy, so the open-run limit is per
-- task and node scope (empty for cluster-wide tasks). Written by hand: adding
-- the column needs no table rebuild, and the partial index is not expressible
-- in Prisma's schema language.
ALTER TABLE "Run" ADD COLUMN "nodeScope" TEXT NOT NULL DEFAULT '';

DROP INDEX "Run_one_open_run_per_task";
CREATE UNIQUE INDEX "Run_one_open_run_per_task_scope" ON "Run"("taskId", "nodeScope") WHERE "endedAt" IS NULL;
