import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/current-actor";
import { getDb } from "@/lib/db/client";
import { listUsers } from "@/lib/users/list-users";
import { CreateUserForm, PersonControls } from "./people-forms";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const result = await listUsers(getDb(), await currentActor());
  if (!result.ok) {
    return (
      <main id="main">
        <h1>People</h1>
        <p className="notice notice-error" role="alert">
          {result.message}
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
      <div className="table-wrap">
        <table className="data" aria-label="People">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {result.users.map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>
                  {user.role.toLowerCase()}
                  {user.disabled && <span className="tag"> disabled</span>}
                </td>
                <td>
                  <PersonControls userId={user.id} name={user.name} role={user.role} disabled={user.disabled} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add a person</h2>
      <CreateUserForm />
    </main>
  );
}
