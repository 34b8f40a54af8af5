// Every command the app has, in one list. Nothing reads it to dispatch: it exists so that what
// must hold for every command can be checked over all of them (tests/integration/
// authorization-matrix.test.ts tries each one as every role), and a new command cannot be left out.
import { createCampaign } from "../campaigns/start/create-campaign";
import { controlCampaign } from "../campaigns/start/control-campaign";
import { updateCampaignLimits } from "../campaigns/settings/campaign-limits";
import { confirmOverride, overrideVerdict } from "../campaigns/scoring/override";
import { importCard } from "../card/import-card";
import { updateCell } from "../cells/update-cell";
import { attachEvidence } from "../evidence/attach-evidence";
import { importExternalResults } from "../imports/import-external-results";
import { confirmImportedOverride, overrideImportedResult } from "../imports/override-imported-result";
import { saveMapping } from "../imports/save-mapping";
import { editMitigationText } from "../mitigations/edit-mitigation-text";
import { mergeMitigations } from "../mitigations/merge";
import { addRiskMitigation, moveRiskMitigation, retireMitigation } from "../mitigations/change-mitigations";
import { setScaleTexts } from "../models/scale-texts";
import { setCheckpointPath } from "../models/set-checkpoint-path";
import { setSeparationOfDuties } from "../models/set-separation-of-duties";
import { setBaseModel } from "../inheritance/set-base-model";
import { adoptInheritedRisk, retireInheritedRisk } from "../inheritance/inherited-risk-changes";
import { publishRelease } from "../releases/publish-release";
import { createServingTarget, updateServingTarget } from "../serving-targets/save-serving-target";
import { changeOwnPassword } from "../users/change-password";
import { createUser } from "../users/create-user";
import { resetPassword } from "../users/reset-password";
import { setDisabled } from "../users/set-disabled";
import { setRole } from "../users/set-role";
import { setUseThreshold } from "../uses/set-use-threshold";
import { signDeployDecision } from "../deploy-decisions/sign-deploy-decision";
import { createModel } from "../models/create-model";
import { addRisk, moveRisk, retireRisk, updateRisk } from "../risks/change-risks";
import { addUse, moveUse, retireUse, updateUse } from "../uses/change-uses";
import { uploadSuite } from "../suites/upload-suite";
import { claimLabellingItem } from "../labelling/claim-item";
import { updateJudgeCountingFloor } from "../labelling/judge-counting";
import { labelLabellingItem } from "../labelling/label-item";
import type { ZodType } from "zod";
import type { CommandInfo } from "./define-command";

export const COMMANDS: readonly { info: CommandInfo; schema: ZodType }[] = [
  updateCell,
  setUseThreshold,
  signDeployDecision,
  createModel,
  addRisk,
  updateRisk,
  moveRisk,
  retireRisk,
  adoptInheritedRisk,
  retireInheritedRisk,
  addUse,
  updateUse,
  moveUse,
  retireUse,
  uploadSuite,
  attachEvidence,
  importExternalResults,
  overrideImportedResult,
  confirmImportedOverride,
  saveMapping,
  editMitigationText,
  mergeMitigations,
  addRiskMitigation,
  moveRiskMitigation,
  retireMitigation,
  createCampaign,
  controlCampaign,
  overrideVerdict,
  confirmOverride,
  updateCampaignLimits,
  updateJudgeCountingFloor,
  claimLabellingItem,
  labelLabellingItem,
  publishRelease,
  importCard,
  setCheckpointPath,
  setSeparationOfDuties,
  setBaseModel,
  setScaleTexts,
  createServingTarget,
  updateServingTarget,
  createUser,
  setRole,
  setDisabled,
  resetPassword,
  changeOwnPassword,
];
