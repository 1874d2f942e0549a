-- CreateTable
CREATE TABLE "MediaItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "path" TEXT NOT NULL,
    "library" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sizeBytes" REAL NOT NULL,
    "modifiedAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "title" TEXT,
    "year" INTEGER,
    "seasonNumber" INTEGER,
    "episodeNumber" INTEGER,
    "durationSeconds" REAL,
    "artist" TEXT,
    "albumArtist" TEXT,
    "album" TEXT,
    "trackNumber" INTEGER,
    "genre" TEXT,
    "metadataFileModifiedAt" DATETIME,
    "chapterImagesPath" TEXT,
    "trickplayPath" TEXT,
    "addedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AvailableUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currentVersion" TEXT,
    "latestVersion" TEXT NOT NULL,
    "url" TEXT,
    "changelog" TEXT,
    "sourceUrl" TEXT NOT NULL,
    "checkedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "MediaItem_path_key" ON "MediaItem"("path");

-- CreateIndex
CREATE INDEX "MediaItem_library_lastSeenAt_idx" ON "MediaItem"("library", "lastSeenAt");

-- CreateIndex
CREATE INDEX "MediaItem_kind_idx" ON "MediaItem"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "AvailableUpdate_kind_name_key" ON "AvailableUpdate"("kind", "name");
