// A server-rendered page's HTML, as Next renders it for a request, read from the test's own
// database: the page loads through getDb(), which reads DATABASE_URL, so that is pointed at the
// test's database for the render and put back after it.
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

export async function renderPage(databaseUrl: string, page: () => Promise<ReactElement>): Promise<string> {
  const before = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  try {
    return renderToStaticMarkup(await page());
  } finally {
    if (before === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = before;
  }
}
