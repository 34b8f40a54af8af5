// Where the browser tests' app listens and which database it serves. E2E_PORT lets several
// people (or helpers) run Playwright on one machine at once: each port gets its own database
// file and its own Next.js build folder, so no run answers another's tests.
export const e2ePort = Number(process.env.E2E_PORT ?? 3931);
export const e2eDatabaseUrl = `file:./data/e2e-${e2ePort}.db`;
export const e2eDistDir = e2ePort === 3931 ? ".next" : `.next-e2e-${e2ePort}`;
export const e2eEnv = { ...process.env, DATABASE_URL: e2eDatabaseUrl };
