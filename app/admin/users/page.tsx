import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { listUsers } from "@/lib/users/list-users";
import { CreateUserForm, PersonControls } from "./people-forms";
import { DataTable } from "@/app/_components/data-table";
import { ShownText } from "@/app/_components/shown-text";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const result = await listUsers(getDb(), await currentActor());
  if (!result.ok) {
    return (
      <main id="main">
        <h1>People</h1>
        <p className="notice notice-error" role="alert">
          <ShownText text={result.message} />
        </p>
      </main>
    );
  }
  return (
    <main id="main">
      <h1>People</h1>
      <p className="page-intro">
        Who can sign in and what they may do. Every change here is in the audit log. A new person gets a one-time password, shown once.
      </p>
      <DataTable
        label="People"
        columns={["Name", "Email", "Role", "Change"]}
        rows={result.users}
        rowKey={(user) => user.id}
        cells={(user) => (
          <>
            <td>
              <ShownText text={user.name} />
            </td>
            <td>{user.email}</td>
            <td>
              {user.role.toLowerCase()}
              {user.disabled && <span className="tag"> disabled</span>}
            </td>
            <td>
              <PersonControls userId={user.id} name={user.name} role={user.role} disabled={user.disabled} />
            </td>
          </>
        )}
      />
      <h2>Add a person</h2>
      <CreateUserForm />
    </main>
  );
}
