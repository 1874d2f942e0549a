-- CreateTable
CREATE TABLE "FireClaim" (
    "taskId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "node" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("taskId", "triggerKey", "scheduledAt")
);

-- CreateIndex
CREATE INDEX "FireClaim_claimedAt_idx" ON "FireClaim"("claimedAt");

-- At most one open run per task, whichever process starts it. Prisma's
-- schema language has no partial indexes, so this one is written by hand.
CREATE UNIQUE INDEX "Run_one_open_run_per_task" ON "Run"("taskId") WHERE "endedAt" IS NULL;
