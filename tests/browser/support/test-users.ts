// One person per role in the browser tests' own database (data/e2e-PORT.db), created by
// create-test-users.ts before the app starts. The passwords exist only there.
import type { Role } from "../../../lib/domain/vocabulary";

export type TestRole = "viewer" | "reviewer" | "approver" | "admin";

export const TEST_USERS: Record<TestRole, { email: string; name: string; role: Role; password: string }> = {
  viewer: { email: "viewer@e2e.test", name: "Vera Viewer", role: "VIEWER", password: "viewer-e2e-password" },
  reviewer: { email: "reviewer@e2e.test", name: "Rita Reviewer", role: "REVIEWER", password: "reviewer-e2e-password" },
  approver: { email: "approver@e2e.test", name: "Arne Approver", role: "APPROVER", password: "approver-e2e-password" },
  admin: { email: "admin@e2e.test", name: "Ada Admin", role: "ADMIN", password: "admin-e2e-password" },
};
