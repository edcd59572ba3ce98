// `amrouter reset-password`: sets a new dashboard password directly in the database (no server needed).
import { randomToken } from "../security/random-token.ts";
import { setAdminPassword } from "../security/admin-password.ts";
import type { CommandContext } from "./command-context.ts";

export function runResetPasswordCommand(context: CommandContext, flags: { password?: string }): number {
  if (flags.password !== undefined && flags.password.length < 8) {
    context.print("The password must be at least 8 characters.");
    return 2;
  }
  const password = flags.password ?? randomToken(12);
  setAdminPassword(context.storage, password);
  context.print(flags.password ? "The dashboard password was changed." : `The dashboard password is now:\n\n  ${password}\n`);
  return 0;
}
