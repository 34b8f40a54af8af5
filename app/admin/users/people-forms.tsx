"use client";
import { useActionState } from "react";
import { KeepTyped, TypedInput, TypedSelect } from "@/app/_components/typed-controls";
import { ROLES, type Role } from "@/lib/domain/vocabulary";
import { createUserAction, resetPasswordAction, setDisabledAction, setRoleAction, type PeopleActionState } from "./actions";
import { ShownText } from "@/app/_components/shown-text";

const initial: PeopleActionState = { ok: false, message: null };

function Outcome({ state }: { state: PeopleActionState }) {
  if (!state.message) return null;
  return (
    <p className={`notice ${state.ok ? "notice-ok" : "notice-error"}`} role={state.ok ? "status" : "alert"}>
      <ShownText text={state.message} />
      {state.oneTimePassword && (
        <>
          {" "}
          One-time password, shown only now: <code>{state.oneTimePassword}</code>
        </>
      )}
    </p>
  );
}

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, initial);
  return (
    <form action={action} className="panel">
      <Outcome state={state} />
      <KeepTyped typed={state.typed}>
        <div className="field-row">
          <div className="field">
            <label htmlFor="new-name">Name</label>
            <TypedInput id="new-name" name="name" required maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="new-email">Email</label>
            <TypedInput id="new-email" name="email" type="email" required maxLength={254} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="new-role">Role</label>
          <TypedSelect id="new-role" name="role" defaultValue="VIEWER">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {role.toLowerCase()}
              </option>
            ))}
          </TypedSelect>
        </div>
      </KeepTyped>
      <button type="submit" className="primary" disabled={pending}>
        Add person
      </button>
    </form>
  );
}

export function PersonControls({ userId, name, role, disabled }: { userId: string; name: string; role: Role; disabled: boolean }) {
  const [roleState, roleAction] = useActionState(setRoleAction, initial);
  const [disabledState, disabledAction] = useActionState(setDisabledAction, initial);
  const [resetState, resetAction] = useActionState(resetPasswordAction, initial);
  return (
    <div className="inline-form">
      <form action={roleAction} className="inline-form">
        <input type="hidden" name="userId" value={userId} />
        <label className="visually-hidden" htmlFor={`role-${userId}`}>
          Role of {name}
        </label>
        <TypedSelect id={`role-${userId}`} name="role" defaultValue={role}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r.toLowerCase()}
            </option>
          ))}
        </TypedSelect>
        <button type="submit">Set role</button>
      </form>
      <form action={disabledAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={String(!disabled)} />
        <button type="submit">{disabled ? "Enable" : "Disable"}</button>
      </form>
      <form action={resetAction}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" aria-label={`Reset the password of ${name}`}>
          Reset password
        </button>
      </form>
      <Outcome state={resetState.message ? resetState : roleState.message ? roleState : disabledState} />
    </div>
  );
}
