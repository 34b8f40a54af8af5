-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "storageChanges" JSONB NOT NULL,
    "developer" TEXT NOT NULL,
    "modelType" TEXT NOT NULL,
    "languages" JSONB NOT NULL,
    "library" TEXT NOT NULL,
    "license" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "trainingData" TEXT NOT NULL,
    "intendedUses" TEXT NOT NULL,
    "frontMatter" JSONB NOT NULL,
    "checkpointPath" TEXT,
    "checkpointEndpoint" TEXT,
    "revisionHash" TEXT,
    "isSmokeTestModel" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Use" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "capability" TEXT NOT NULL,
    "aiUser" TEXT NOT NULL,
    "aiSubject" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    CONSTRAINT "Use_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Risk" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "riskType" TEXT NOT NULL,
    "harmArea" TEXT NOT NULL,
    CONSTRAINT "Risk_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Mitigation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Mitigation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RiskMitigation" (
    "riskId" TEXT NOT NULL,
    "mitigationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("riskId", "mitigationId"),
    CONSTRAINT "RiskMitigation_riskId_fkey" FOREIGN KEY ("riskId") REFERENCES "Risk" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RiskMitigation_mitigationId_fkey" FOREIGN KEY ("mitigationId") REFERENCES "Mitigation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cell" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "riskId" TEXT NOT NULL,
    "useId" TEXT NOT NULL,
    "applies" TEXT NOT NULL DEFAULT 'NOT_ASSESSED',
    "subjectAtRisk" TEXT,
    "likelihood" INTEGER,
    "severity" INTEGER,
    "rationale" TEXT NOT NULL DEFAULT '',
    "reviewStatus" TEXT NOT NULL DEFAULT 'DRAFT',
    "ownerId" TEXT,
    "dueDate" DATETIME,
    "acceptedUntil" DATETIME,
    "acceptanceJustification" TEXT,
    "failureThreshold" REAL NOT NULL DEFAULT 0.1,
    "minSampleSize" INTEGER NOT NULL DEFAULT 30,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Cell_riskId_fkey" FOREIGN KEY ("riskId") REFERENCES "Risk" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Cell_useId_fkey" FOREIGN KEY ("useId") REFERENCES "Use" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Cell_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CellMitigation" (
    "cellId" TEXT NOT NULL,
    "mitigationId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'NOT_STARTED',

    PRIMARY KEY ("cellId", "mitigationId"),
    CONSTRAINT "CellMitigation_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CellMitigation_mitigationId_fkey" FOREIGN KEY ("mitigationId") REFERENCES "Mitigation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TestSuite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "useId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "contentHash" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TestSuite_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TestSuite_useId_fkey" FOREIGN KEY ("useId") REFERENCES "Use" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TestCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "suiteId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "risks" JSONB NOT NULL,
    "systemPrompt" TEXT,
    "turns" JSONB NOT NULL,
    "language" TEXT NOT NULL,
    "expected" TEXT NOT NULL,
    "detectors" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "license" TEXT NOT NULL,
    CONSTRAINT "TestCase_suiteId_fkey" FOREIGN KEY ("suiteId") REFERENCES "TestSuite" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "modelRevision" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "backendConfig" JSONB NOT NULL,
    "sampling" JSONB NOT NULL,
    "seed" INTEGER NOT NULL,
    "suiteKeys" JSONB NOT NULL,
    "riskCodes" JSONB NOT NULL,
    "useCodes" JSONB NOT NULL,
    "repeats" INTEGER NOT NULL DEFAULT 1,
    "settingsHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Campaign_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "output" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "verdict" TEXT,
    "findings" JSONB,
    "error" TEXT,
    "overrideVerdict" TEXT,
    "overrideReason" TEXT,
    "overrideById" TEXT,
    "finishedAt" DATETIME,
    CONSTRAINT "CaseRun_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseRun_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "TestCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cellId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "campaignId" TEXT,
    "passes" INTEGER,
    "failures" INTEGER,
    "n" INTEGER,
    "overrides" INTEGER,
    "intervalLow" REAL,
    "intervalHigh" REAL,
    "verdict" TEXT,
    "modelRevision" TEXT,
    "suiteHash" TEXT,
    "detectorsHash" TEXT,
    "settingsHash" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "url" TEXT,
    "body" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evidence_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Evidence_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CardRelease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "json" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "publishedById" TEXT,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedGaps" JSONB,
    "justification" TEXT,
    CONSTRAINT "CardRelease_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CardRelease_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'VIEWER',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "token" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "password" TEXT,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" DATETIME,
    "refreshTokenExpiresAt" DATETIME,
    "scope" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Model_slug_key" ON "Model"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Use_modelId_code_key" ON "Use"("modelId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Risk_modelId_code_key" ON "Risk"("modelId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Mitigation_modelId_text_key" ON "Mitigation"("modelId", "text");

-- CreateIndex
CREATE UNIQUE INDEX "Cell_riskId_useId_key" ON "Cell"("riskId", "useId");

-- CreateIndex
CREATE UNIQUE INDEX "TestSuite_modelId_key_key" ON "TestSuite"("modelId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "TestCase_suiteId_key_key" ON "TestCase"("suiteId", "key");

-- CreateIndex
CREATE INDEX "CaseRun_campaignId_status_idx" ON "CaseRun"("campaignId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CaseRun_campaignId_caseId_repeat_key" ON "CaseRun"("campaignId", "caseId", "repeat");

-- CreateIndex
CREATE UNIQUE INDEX "CardRelease_modelId_version_key" ON "CardRelease"("modelId", "version");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");
