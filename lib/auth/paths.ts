export const SIGN_IN_PATH = "/sign-in";
/** Where a session opened with a one-time password is held until the password is changed. */
export const CHANGE_PASSWORD_PATH = "/account/password";
