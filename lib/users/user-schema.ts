// What an admin may say about a person. Shared by the CLI, the admin page and the tests.
import { z } from "zod";
import { freeText, namedString } from "../domain/free-text";
import { recordId } from "../domain/record-id";
import { namedEnum } from "../domain/named-enum";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/auth-limits";
import { ROLES } from "../domain/vocabulary";

export const emailSchema = namedString("the email address").trim().toLowerCase().max(254).pipe(z.email("not an email address"));
export const userIdSchema = recordId("the person's id");
export const roleSchema = namedEnum("the role", ROLES);

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `a password needs at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `a password is limited to ${PASSWORD_MAX_LENGTH} characters`);

export const newUserSchema = z.object({
  email: emailSchema,
  name: freeText("the name").trim().min(1, "a person needs a name").max(100, "a name is limited to 100 characters"),
  role: roleSchema,
  /** Left out, a one-time password is made and returned once. */
  password: passwordSchema.optional(),
});

/** A person is named by id or by email (the CLI knows emails). */
export const userRefSchema = z.union([z.object({ userId: userIdSchema }), z.object({ email: emailSchema })]);

export const setRoleSchema = z.object({ user: userRefSchema, role: roleSchema });
export const setDisabledSchema = z.object({ user: userRefSchema, disabled: z.boolean() });

export const resetPasswordSchema = z.object({ user: userRefSchema });

/** A person's own change: the current password, unless the one they signed in with was one-time. */
export const changePasswordSchema = z
  .object({
    currentPassword: namedString("the current password").max(PASSWORD_MAX_LENGTH).optional(),
    newPassword: passwordSchema,
    confirmPassword: namedString("the repeated new password").max(PASSWORD_MAX_LENGTH),
  })
  .refine((change) => change.newPassword === change.confirmPassword, { path: ["confirmPassword"], message: "the two new passwords differ" })
  .refine((change) => change.newPassword !== change.currentPassword, { path: ["newPassword"], message: "the new password is the current one" });

export type NewUser = z.infer<typeof newUserSchema>;
export type UserRef = z.infer<typeof userRefSchema>;
