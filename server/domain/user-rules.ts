// Fields of a committee account (DESIGN.md §5): the limits the admin form, the command line and the messages share.

/** Longest display name of a committee user, in UTF-16 units (services/org/user-input.ts). */
export const USER_NAME_MAX = 200;
