import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SessionBar } from "./_components/session-bar";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Riskledger", template: "%s · Riskledger" },
  description: "A language model's risks, uses, mitigations and safety evidence, held as data.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SessionBar />
        {children}
      </body>
    </html>
  );
}
