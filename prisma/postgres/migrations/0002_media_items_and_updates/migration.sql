-- CreateTable
CREATE TABLE "MediaItem" (
    "id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "library" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sizeBytes" DOUBLE PRECISION NOT NULL,
    "modifiedAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "title" TEXT,
    "year" INTEGER,
    "seasonNumber" INTEGER,
    "episodeNumber" INTEGER,
    "durationSeconds" DOUBLE PRECISION,
    "artist" TEXT,
    "albumArtist" TEXT,
    "album" TEXT,
    "trackNumber" INTEGER,
    "genre" TEXT,
    "metadataFileModifiedAt" TIMESTAMP(3),
    "chapterImagesPath" TEXT,
    "trickplayPath" TEXT,
    "addedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MediaItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AvailableUpdate" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currentVersion" TEXT,
    "latestVersion" TEXT NOT NULL,
    "url" TEXT,
    "changelog" TEXT,
    "sourceUrl" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AvailableUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MediaItem_path_key" ON "MediaItem"("path");

-- CreateIndex
CREATE INDEX "MediaItem_library_lastSeenAt_idx" ON "MediaItem"("library", "lastSeenAt");

-- CreateIndex
CREATE INDEX "MediaItem_kind_idx" ON "MediaItem"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "AvailableUpdate_kind_name_key" ON "AvailableUpdate"("kind", "name");
