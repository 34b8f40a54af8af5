// better-auth's endpoints (sign-in, sign-out, session); lib/auth/auth.ts closes all the others.
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";

export const { GET, POST } = toNextJsHandler((request) => getAuth().handler(request));
