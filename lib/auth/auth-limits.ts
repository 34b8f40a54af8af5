// Numbers of sign-in that the auth config, the user schemas and the sign-in form share.
export const SESSION_DAYS = 7;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
