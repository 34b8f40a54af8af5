-- CreateEnum
CREATE TYPE "RiskType" AS ENUM ('CAPABILITY', 'HUMAN_INTERACTION', 'SYSTEMIC');

-- CreateEnum
CREATE TYPE "HarmArea" AS ENUM ('REPRESENTATION_AND_TOXICITY', 'MISINFORMATION', 'INFORMATION_AND_SAFETY', 'MALICIOUS_USE', 'HUMAN_AUTONOMY_AND_INTEGRITY', 'SOCIOECONOMIC_AND_ENVIRONMENTAL');

-- CreateEnum
CREATE TYPE "Applies" AS ENUM ('YES', 'NO', 'NOT_ASSESSED');

-- CreateEnum
CREATE TYPE "SubjectAtRisk" AS ENUM ('AI_USER', 'AI_SUBJECT', 'INSTITUTION');

-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('DRAFT', 'IN_REVIEW', 'APPROVED', 'ACCEPTED');

-- CreateEnum
CREATE TYPE "MitigationStatus" AS ENUM ('NOT_STARTED', 'PLANNED', 'IN_PROGRESS', 'IMPLEMENTED', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('QUEUED', 'RUNNING', 'PAUSED', 'CANCELLED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "CaseRunStatus" AS ENUM ('PENDING', 'LEASED', 'DONE', 'ERROR');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('PASS', 'FAIL', 'ERROR');

-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('CAMPAIGN', 'DOCUMENT', 'LINK', 'ATTESTATION');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'REVIEWER', 'APPROVER', 'ADMIN');

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Use" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "capability" TEXT NOT NULL,
    "aiUser" TEXT NOT NULL,
    "aiSubject" TEXT NOT NULL,
    "domain" TEXT NOT NULL,

    CONSTRAINT "Use_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Risk" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "riskType" "RiskType" NOT NULL,
    "harmArea" "HarmArea" NOT NULL,

    CONSTRAINT "Risk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mitigation" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mitigation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskMitigation" (
    "riskId" TEXT NOT NULL,
    "mitigationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "RiskMitigation_pkey" PRIMARY KEY ("riskId","mitigationId")
);

-- CreateTable
CREATE TABLE "Cell" (
    "id" TEXT NOT NULL,
    "riskId" TEXT NOT NULL,
    "useId" TEXT NOT NULL,
    "applies" "Applies" NOT NULL DEFAULT 'NOT_ASSESSED',
    "subjectAtRisk" "SubjectAtRisk",
    "likelihood" INTEGER,
    "severity" INTEGER,
    "rationale" TEXT NOT NULL DEFAULT '',
    "reviewStatus" "ReviewStatus" NOT NULL DEFAULT 'DRAFT',
    "ownerId" TEXT,
    "dueDate" TIMESTAMP(3),
    "acceptedUntil" TIMESTAMP(3),
    "acceptanceJustification" TEXT,
    "failureThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "minSampleSize" INTEGER NOT NULL DEFAULT 30,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cell_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CellMitigation" (
    "cellId" TEXT NOT NULL,
    "mitigationId" TEXT NOT NULL,
    "status" "MitigationStatus" NOT NULL DEFAULT 'NOT_STARTED',

    CONSTRAINT "CellMitigation_pkey" PRIMARY KEY ("cellId","mitigationId")
);

-- CreateTable
CREATE TABLE "TestSuite" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "useId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "contentHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestSuite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestCase" (
    "id" TEXT NOT NULL,
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

    CONSTRAINT "TestCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'QUEUED',
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseRun" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "repeat" INTEGER NOT NULL,
    "status" "CaseRunStatus" NOT NULL DEFAULT 'PENDING',
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "output" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "verdict" "Verdict",
    "findings" JSONB,
    "error" TEXT,
    "overrideVerdict" "Verdict",
    "overrideReason" TEXT,
    "overrideById" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CaseRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" TEXT NOT NULL,
    "cellId" TEXT NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "campaignId" TEXT,
    "passes" INTEGER,
    "failures" INTEGER,
    "n" INTEGER,
    "overrides" INTEGER,
    "intervalLow" DOUBLE PRECISION,
    "intervalHigh" DOUBLE PRECISION,
    "verdict" TEXT,
    "modelRevision" TEXT,
    "suiteHash" TEXT,
    "detectorsHash" TEXT,
    "settingsHash" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "url" TEXT,
    "body" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardRelease" (
    "id" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    "json" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedGaps" JSONB,
    "justification" TEXT,

    CONSTRAINT "CardRelease_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "password" TEXT,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Use" ADD CONSTRAINT "Use_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Risk" ADD CONSTRAINT "Risk_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mitigation" ADD CONSTRAINT "Mitigation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskMitigation" ADD CONSTRAINT "RiskMitigation_riskId_fkey" FOREIGN KEY ("riskId") REFERENCES "Risk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskMitigation" ADD CONSTRAINT "RiskMitigation_mitigationId_fkey" FOREIGN KEY ("mitigationId") REFERENCES "Mitigation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_riskId_fkey" FOREIGN KEY ("riskId") REFERENCES "Risk"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_useId_fkey" FOREIGN KEY ("useId") REFERENCES "Use"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CellMitigation" ADD CONSTRAINT "CellMitigation_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CellMitigation" ADD CONSTRAINT "CellMitigation_mitigationId_fkey" FOREIGN KEY ("mitigationId") REFERENCES "Mitigation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestSuite" ADD CONSTRAINT "TestSuite_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestSuite" ADD CONSTRAINT "TestSuite_useId_fkey" FOREIGN KEY ("useId") REFERENCES "Use"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestCase" ADD CONSTRAINT "TestCase_suiteId_fkey" FOREIGN KEY ("suiteId") REFERENCES "TestSuite"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRun" ADD CONSTRAINT "CaseRun_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRun" ADD CONSTRAINT "CaseRun_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "TestCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardRelease" ADD CONSTRAINT "CardRelease_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardRelease" ADD CONSTRAINT "CardRelease_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
