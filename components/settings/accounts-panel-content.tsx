'use client';

import { Loader2, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type * as z from 'zod/mini';
import { Button } from '@/components/ui/button';
import { Badge, SkeletonList } from '@/components/ui/card';
import { Field, FieldError } from '@/components/ui/field';
import { useFormSubmit } from '@/components/ui/form';
import { DialogForm, FormDialog } from '@/components/ui/form-dialog';
import { lazyZodResolver } from '@/components/ui/lazy-resolver';
import { Input, Select } from '@/components/ui/input';
import { LoadFailed } from '@/components/ui/load-failed';
import { notify } from '@/components/ui/notify';
import { RadioCard } from '@/components/ui/radio-card';
import { RadioGroup } from '@/components/ui/radio-group';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table } from '@/components/ui/table';
import { useAccounts, useCreateAccount, useUpdateAccount, type Account } from '@/lib/client/queries/users';
import { ROLE_DESCRIPTION, ROLE_LABEL, ROLES, type Role } from '@/lib/client/roles';
import { useSession } from '@/lib/client/session';
import type { newAccountSchema } from './schemas';

type NewAccountValues = z.input<typeof newAccountSchema>;
type NewAccountParsed = z.output<typeof newAccountSchema>;

const resolver = lazyZodResolver<NewAccountValues, NewAccountParsed>(() =>
  import('./schemas').then((m) => m.newAccountSchema),
);

/** The panel's body: the account list and adding someone (see `AccountsPanel`). */
export function Accounts() {
  const accounts = useAccounts();
  const [adding, setAdding] = useState(false);
  if (accounts.isPending) return <SkeletonList label="Loading accounts" rows={3} rowClassName="h-10" />;
  if (accounts.isError)
    return (
      <LoadFailed
        title="The accounts could not be loaded"
        error={accounts.error}
        onRetry={accounts.refetch}
      />
    );
  return (
    <div className="space-y-3">
      <Table
        caption="Accounts"
        columns={['Teammate', 'Role', 'Last sign-in', { label: 'Actions', srOnly: true }]}
      >
        {accounts.data.map((a) => (
          <AccountRow key={a.id} account={a} />
        ))}
      </Table>
      <Button variant="secondary" size="sm" onClick={() => setAdding(true)}>
        <UserPlus className="size-4" aria-hidden="true" />
        Add account
      </Button>
      <FormDialog
        open={adding}
        onOpenChange={setAdding}
        title="Add an account"
        description="They sign in with this email and password; share the password with them yourself."
      >
        <AddAccountForm onDone={() => setAdding(false)} />
      </FormDialog>
    </div>
  );
}

function AccountRow({ account: a }: { account: Account }) {
  const me = useSession();
  const update = useUpdateAccount();
  const [error, setError] = useState<string | null>(null);
  const errorId = `account-${a.id}-error`;
  const change = (change: { role?: Role; disabled?: boolean }, done: string) => {
    setError(null);
    update.mutate(
      { id: a.id, change },
      { onSuccess: () => notify.success(done), onError: (e) => setError(e.message) },
    );
  };
  const self = me?.id === a.id;
  return (
    <tr className={a.disabled ? 'bg-zinc-50/70 dark:bg-zinc-900/40' : undefined}>
      <td className="px-3 py-2.5 align-top">
        <div className="flex flex-wrap items-center gap-1.5 font-medium">
          {a.name}
          {self ? <Badge>you</Badge> : null}
          {a.disabled ? <Badge tone="red">Disabled</Badge> : null}
        </div>
        <div className="text-xs text-zinc-600 dark:text-zinc-400">{a.email}</div>
        <FieldError id={errorId} className="mt-1">
          {error}
        </FieldError>
      </td>
      <td className="px-3 py-2.5 align-top">
        <Select
          aria-label={`Role of ${a.name}`}
          aria-describedby={error ? errorId : undefined}
          value={a.role}
          disabled={update.isPending}
          className="h-8 w-32"
          onChange={(e) => {
            const role = e.target.value as Role;
            change({ role }, `${a.name} is now ${ROLE_LABEL[role].toLowerCase()}`);
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </Select>
      </td>
      <td className="px-3 py-2.5 align-top text-zinc-600 dark:text-zinc-400">
        {a.last_sign_in_at ? <RelativeTime iso={a.last_sign_in_at} /> : 'Never'}
      </td>
      <td className="px-3 py-2.5 text-right align-top">
        <Button
          size="sm"
          variant={a.disabled ? 'secondary' : 'ghost'}
          disabled={update.isPending}
          aria-label={`${a.disabled ? 'Enable' : 'Disable'} ${a.name}`}
          onClick={() =>
            change(
              { disabled: !a.disabled },
              a.disabled ? `${a.name} can sign in again` : `${a.name} is disabled and signed out`,
            )
          }
        >
          {update.isPending ? <Loader2 className="size-3.5 animate-spin" aria-hidden="true" /> : null}
          {a.disabled ? 'Enable' : 'Disable'}
        </Button>
      </td>
    </tr>
  );
}

function AddAccountForm({ onDone }: { onDone: () => void }) {
  const create = useCreateAccount();
  const form = useForm<NewAccountValues, unknown, NewAccountParsed>({
    resolver,
    defaultValues: { name: '', email: '', role: 'agent', password: '' },
  });
  const { errors } = form.formState;
  const submit = useFormSubmit(
    form,
    { name: 'name', email: 'email', role: 'role', password: 'password' },
    async (values) => {
      const user = await create.mutateAsync(values);
      notify.success(`${user.name} can now sign in as ${ROLE_LABEL[user.role].toLowerCase()}`);
      onDone();
    },
  );
  return (
    <DialogForm
      label="Add an account"
      submit={submit}
      failureTitle="The account was not added"
      submitLabel="Add account"
      icon={UserPlus}
    >
      <Field id="account-name" label="Name" required error={errors.name?.message}>
        <Input autoComplete="off" {...form.register('name')} />
      </Field>
      <Field id="account-email" label="Email" required error={errors.email?.message}>
        <Input type="email" autoComplete="off" {...form.register('email')} />
      </Field>
      <RadioGroup id="account-role" legend="Role" required error={errors.role?.message}>
        {ROLES.map((r) => (
          <RadioCard
            key={r}
            id={`account-role-${r}`}
            value={r}
            label={ROLE_LABEL[r]}
            title={ROLE_DESCRIPTION[r]}
            {...form.register('role')}
          />
        ))}
      </RadioGroup>
      <Field
        id="account-password"
        label="Initial password"
        required
        hint="At least 10 characters. They can't change it themselves yet; a lead can set a new one."
        error={errors.password?.message}
      >
        <Input
          type="text"
          autoComplete="new-password"
          spellCheck={false}
          className="font-mono"
          {...form.register('password')}
        />
      </Field>
    </DialogForm>
  );
}
