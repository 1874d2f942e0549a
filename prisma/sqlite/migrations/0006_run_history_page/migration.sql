-- CreateIndex
CREATE INDEX "Run_taskId_startedAt_id_idx" ON "Run"("taskId", "startedAt", "id");
