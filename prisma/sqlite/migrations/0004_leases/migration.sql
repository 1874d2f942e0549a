-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "taskKey" TEXT NOT NULL,
    "taskName" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "triggerIndex" INTEGER,
    "triggerType" TEXT,
    "userId" TEXT,
    "userName" TEXT,
    "node" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cancelReason" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "heartbeatAt" DATETIME NOT NULL,
    "leaseExpiresAt" DATETIME,
    "fencingToken" INTEGER NOT NULL DEFAULT 1,
    "progress" REAL,
    "errorMessage" TEXT,
    "errorStack" TEXT,
    "logLineCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Run_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("cancelReason", "endedAt", "errorMessage", "errorStack", "heartbeatAt", "id", "logLineCount", "node", "origin", "progress", "startedAt", "status", "taskId", "taskKey", "taskName", "triggerIndex", "triggerType", "userId", "userName") SELECT "cancelReason", "endedAt", "errorMessage", "errorStack", "heartbeatAt", "id", "logLineCount", "node", "origin", "progress", "startedAt", "status", "taskId", "taskKey", "taskName", "triggerIndex", "triggerType", "userId", "userName" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_taskId_endedAt_idx" ON "Run"("taskId", "endedAt");
CREATE INDEX "Run_endedAt_idx" ON "Run"("endedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Rebuilding the Run table above dropped the hand-written partial index of
-- migration 0003; it comes back here.
CREATE UNIQUE INDEX "Run_one_open_run_per_task" ON "Run"("taskId") WHERE "endedAt" IS NULL;
