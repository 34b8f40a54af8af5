// Stable Beluga 2's prompt format, from its model card:
//
//   ### System:
//   {system}
//
//   ### User:
//   {user}
//
//   ### Assistant:
//
// Earlier assistant turns are written back the same way, so a conversation continues in format.

import type { ChatMessage } from "./backend";

const HEADERS: Record<ChatMessage["role"], string> = {
  system: "### System:",
  user: "### User:",
  assistant: "### Assistant:",
};

export function formatStableBeluga(messages: ChatMessage[]): string {
  const turns = messages.map((m) => `${HEADERS[m.role]}\n${m.content}\n\n`).join("");
  return `${turns}${HEADERS.assistant}\n`;
}
