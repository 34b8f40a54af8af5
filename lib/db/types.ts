// The database as lib/ sees it. The PostgreSQL client is generated from the same models, so the
// SQLite client's types describe both.
import type { PrismaClient, Prisma } from "./generated/sqlite/client";

export type Db = PrismaClient;
export type DbTransaction = Prisma.TransactionClient;
