import { parseArgs } from 'node:util';
import { createUserBodySchema } from '@/lib/console/auth';
import { openDb, type Db } from '../db';
import { parseStoreEnv } from '../env';
import { isRole, ROLES } from './roles';
import { generatePassword } from './passwords';
import { createUser, findUserByEmail, listUsers, updateUser } from './users';

const USAGE = `Usage: npm run users -- <command> [options]

  add --email <email> --name "<name>" --role <viewer|agent|lead> [--password <password>]
      Adds an account. Without --password one is generated and printed once.
  list
      Lists the accounts.
  set-role --email <email> --role <viewer|agent|lead>
  disable --email <email>
  enable --email <email>
  set-password --email <email> [--password <password>]

Uses the configured store: DATABASE_URL, else DATA_DIR (default ./data), as the console does.`;

class UsageError extends Error {}

function need(value: string | undefined, flag: string): string {
  if (!value?.trim()) throw new UsageError(`${flag} is required`);
  return value.trim();
}

function roleOf(value: string | undefined) {
  const role = need(value, '--role');
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return role;
}

function checkPassword(password: string) {
  if (password.length < 10) throw new UsageError('--password must be at least 10 characters');
  return password;
}

async function run(
  db: Db,
  command: string,
  values: Record<string, string | undefined>,
  out: (s: string) => void,
) {
  const byEmail = async () => {
    const email = need(values.email, '--email');
    const user = await findUserByEmail(db, email);
    if (!user) throw new UsageError(`No account with email ${email}`);
    return user;
  };
  switch (command) {
    case 'add': {
      const generated = values.password === undefined;
      const password = checkPassword(values.password ?? generatePassword());
      const input = createUserBodySchema.safeParse({
        email: need(values.email, '--email'),
        name: need(values.name, '--name'),
        role: roleOf(values.role),
        password,
      });
      if (!input.success) {
        const issue = input.error.issues[0]!;
        throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
      }
      const user = await createUser(db, input.data);
      out(`Added ${user.name} <${user.email}> as ${user.role}.`);
      if (generated)
        out(`Password: ${password}\n(shown once; they can be given a new one with set-password)`);
      return;
    }
    case 'list': {
      const users = await listUsers(db);
      if (!users.length)
        return out('No accounts yet. Add the first: npm run users -- add --email … --name "…" --role lead');
      for (const u of users) {
        out(
          [u.email.padEnd(32), u.role.padEnd(7), u.disabled ? 'disabled' : 'active  ', u.name].join('  ') +
            (u.last_sign_in_at ? `  (last sign-in ${u.last_sign_in_at})` : ''),
        );
      }
      return;
    }
    case 'set-role': {
      const user = await updateUser(db, (await byEmail()).id, { role: roleOf(values.role) });
      return out(`${user.email} is now ${user.role}.`);
    }
    case 'disable':
    case 'enable': {
      const user = await updateUser(db, (await byEmail()).id, { disabled: command === 'disable' });
      return out(
        `${user.email} is ${user.disabled ? 'disabled (sessions ended, tokens revoked)' : 'enabled'}.`,
      );
    }
    case 'set-password': {
      const generated = values.password === undefined;
      const password = checkPassword(values.password ?? generatePassword());
      const user = await updateUser(db, (await byEmail()).id, { password });
      out(`Password changed for ${user.email}.`);
      if (generated) out(`Password: ${password}`);
      return;
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}"` : 'Name a command');
  }
}

/** `npm run users -- …`; returns the exit code. */
export async function main(
  argv: string[],
  io: { env?: Record<string, string | undefined>; out?: (s: string) => void; err?: (s: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((s: string) => console.log(s));
  const err = io.err ?? ((s: string) => console.error(s));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const command = parsed.positionals[0] ?? '';
  if (parsed.values.help || command === 'help' || !command) {
    (command || parsed.values.help ? out : err)(USAGE);
    return command || parsed.values.help ? 0 : 2;
  }
  let db: Db | undefined;
  try {
    db = await openDb(parseStoreEnv(io.env ?? process.env));
    const { email, name, role, password } = parsed.values;
    await run(db, command, { email, name, role, password }, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    err(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await db?.close().catch(() => undefined);
  }
}
