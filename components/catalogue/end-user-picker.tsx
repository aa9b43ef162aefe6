'use client';

import { UserRound, X } from 'lucide-react';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { KeyValueFields } from '@/components/ui/key-value-fields';
import { lazyZodResolver } from '@/components/ui/lazy-resolver';
import { useSeededEndUsers } from '@/lib/client/queries/end-users';
import { useUiStore } from '@/lib/client/ui-store';
import type { FinUser } from '@/lib/fin';
import { LIMITS } from '@/lib/fin/limits';
import { fromFinUser, toFinUser } from './end-user-values';
import type { EndUserFormInput, EndUserFormOutput } from './forms';
import { SampleUsers } from './sample-users';

const resolver = lazyZodResolver<EndUserFormInput, EndUserFormOutput>(() =>
  import('./forms').then((m) => m.endUserFormSchema),
);

export function userLabel(u: FinUser) {
  return u.name ? `${u.name} (${u.id})` : u.id;
}

/** Enter or pick the end user the catalogue is for; sample users are offered, recent users remembered. */
export function EndUserPicker() {
  const currentUser = useUiStore((s) => s.currentUser);
  const recentUsers = useUiStore((s) => s.recentUsers);
  const selectUser = useUiStore((s) => s.selectUser);
  const forgetUser = useUiStore((s) => s.forgetUser);
  const samples = useSeededEndUsers().data ?? [];
  const form = useForm<EndUserFormInput, unknown, EndUserFormOutput>({
    resolver,
    defaultValues: fromFinUser(currentUser),
  });
  useEffect(() => resolver.preload(), []);
  const { register, handleSubmit, reset, control, formState } = form;
  const errors = formState.errors;

  useEffect(() => {
    reset(fromFinUser(currentUser));
  }, [currentUser, reset]);

  const others = recentUsers.filter((u) => u.id !== currentUser?.id && !samples.some((s) => s.id === u.id));

  return (
    <div className="space-y-4">
      <SampleUsers users={samples} currentId={currentUser?.id} onPick={selectUser} />
      <Card className="p-4">
        <h2 className="mb-3 flex items-center gap-2 text-base font-semibold">
          <UserRound className="size-4 text-zinc-500" aria-hidden="true" />
          End user
        </h2>
        <form
          noValidate
          onSubmit={(e) => void handleSubmit((v) => selectUser(toFinUser(v)))(e)}
          className="space-y-3"
          aria-label="End user"
        >
          <Field
            id="user-id"
            label="User id"
            required
            error={errors.id?.message}
            hint="Intercom's user_id; created if it does not exist yet."
          >
            <Input autoComplete="off" className="font-mono" {...register('id')} />
          </Field>
          <Field id="user-name" label="Name">
            <Input autoComplete="off" {...register('name')} />
          </Field>
          <Field id="user-email" label="Email" error={errors.email?.message}>
            <Input type="email" autoComplete="off" {...register('email')} />
          </Field>
          <KeyValueFields
            control={control}
            register={register}
            name="attributes"
            legend="Attributes"
            hint="Used for audience rules, e.g. plan_type = Pro. true, false and numbers are sent typed."
            max={LIMITS.attributes}
            errors={errors.attributes}
            idPrefix="user-attr"
            keyPlaceholder="plan_type"
            valuePlaceholder="Pro"
          />
          <Button type="submit" className="w-full">
            Show capabilities
          </Button>
        </form>
      </Card>

      {others.length > 0 ? (
        <Card className="p-4">
          <h2 className="mb-2 text-sm font-semibold">Recent users</h2>
          <ul className="space-y-1" aria-label="Recent users">
            {others.map((u) => (
              <li key={u.id} className="flex items-center gap-1">
                <Button
                  variant="ghost"
                  size="sm"
                  className="min-w-0 flex-1 justify-start"
                  aria-label={`Use ${userLabel(u)}`}
                  onClick={() => selectUser(u)}
                >
                  <span className="truncate">{u.name ?? u.id}</span>
                  {u.name ? (
                    <span className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400">
                      {u.id}
                    </span>
                  ) : null}
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Forget ${userLabel(u)}`}
                  onClick={() => forgetUser(u.id)}
                >
                  <X className="size-3.5" aria-hidden="true" />
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
