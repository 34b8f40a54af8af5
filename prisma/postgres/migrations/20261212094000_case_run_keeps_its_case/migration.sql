-- A case run keeps its case: deleting a case that has runs is refused (NO ACTION, checked when the
-- statement ends, so a model deleted whole, whose campaigns take the runs, still goes). Suites retire a case.
-- DropForeignKey
ALTER TABLE "CaseRun" DROP CONSTRAINT "CaseRun_caseId_fkey";

-- AddForeignKey
ALTER TABLE "CaseRun" ADD CONSTRAINT "CaseRun_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "TestCase"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

