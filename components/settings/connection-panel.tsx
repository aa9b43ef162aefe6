'use client';

import { Database, ExternalLink, Loader2, PlugZap, RotateCw, Unplug } from 'lucide-react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Badge, Skeleton } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { LoadFailed } from '@/components/ui/load-failed';
import { notify } from '@/components/ui/notify';
import { preloaded } from '@/components/ui/preloaded';
import { RelativeTime } from '@/components/ui/relative-time';
import type { Connection } from '@/lib/console/connection';
import {
  useCheckConnection,
  useConnection,
  useDisconnectOAuth,
  useStartOAuth,
} from '@/lib/client/queries/connection';
import { useHealth } from '@/lib/client/queries/health';
import { useCan } from '@/lib/client/session';
import { cn } from '@/lib/utils';
import { describeFinApi, describeStore, Section } from './settings-panels';

/** The Fin API the console calls, the credential each kind of call sends, and where Intercom should send webhooks. */
export function ConnectionPanel() {
  return (
    <Section
      icon={<PlugZap className="size-4" />}
      title="Fin API connection"
      description="Which Fin API the console calls, with which credential, and where Intercom sends webhooks. Leads check the credentials and connect with OAuth."
    >
      <Suspense fallback={null}>
        <OAuthOutcome />
      </Suspense>
      <ConnectionDetails />
    </Section>
  );
}

const OAuthErrorText = preloaded(
  () => import('./oauth-error-text').then((m) => m.OAuthErrorText),
  () => null,
);

/** The result of an OAuth round trip (`?connected=1` or `?oauth_error=`), shown in place until dismissed. */
function OAuthOutcome() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const connected = params.get('connected') === '1';
  const error = params.get('oauth_error');
  if (!connected && !error) return null;
  const dismiss = (
    <Button size="sm" variant="ghost" onClick={() => router.replace(pathname, { scroll: false })}>
      Dismiss
    </Button>
  );
  return connected ? (
    <Callout
      tone="success"
      role="status"
      title="Connected with Intercom OAuth"
      actions={dismiss}
      className="mb-4"
    >
      HITL answers and GET /me now use the OAuth token (and /fin/* calls too, unless FIN_AGENT_API_KEY is
      set).
    </Callout>
  ) : (
    <Callout
      tone="error"
      role="alert"
      title="Connecting with OAuth did not finish"
      actions={dismiss}
      className="mb-4"
    >
      <OAuthErrorText error={error ?? ''} /> Nothing was stored.
    </Callout>
  );
}

function CheckState({ ok, what }: { ok: boolean | null; what: string }) {
  if (ok === null) return <Badge tone="neutral">Not checked</Badge>;
  return ok ? <Badge tone="green">{what} works</Badge> : <Badge tone="red">{what} refused</Badge>;
}

/** Where the `/fin/*` bearer comes from, in the words of the configuration. */
function FinKeyOrigin({ c }: { c: Connection }) {
  if (c.fin_key.origin === 'FIN_AGENT_API_KEY')
    return <span className="font-mono text-xs">FIN_AGENT_API_KEY</span>;
  return (
    <span className="text-zinc-600 dark:text-zinc-400">
      the app token (<span className="font-mono text-xs">FIN_AGENT_API_KEY</span> is not set)
    </span>
  );
}

function ConnectionDetails() {
  const connection = useConnection();
  const health = useHealth();
  const manage = useCan('manageConnection');
  const check = useCheckConnection();
  const disconnect = useDisconnectOAuth();
  const startOAuth = useStartOAuth();

  if (connection.isPending)
    return (
      <div className="space-y-2" role="status" aria-busy="true" aria-label="Loading the connection">
        <Skeleton className="h-5 w-48" />
        <Skeleton className="h-5 w-72" />
        <Skeleton className="h-5 w-64" />
      </div>
    );
  if (connection.isError)
    return (
      <LoadFailed
        title="The connection could not be loaded"
        error={connection.error}
        onRetry={connection.refetch}
      />
    );

  const c = connection.data;
  const oauthConnected = c.token_source === 'oauth';
  const runCheck = () =>
    check.mutate(undefined, {
      onSuccess: (r) =>
        r.token_ok && r.fin_key.ok
          ? notify.success('Both credentials work')
          : notify.error(r.fin_key.error ?? r.token_error ?? 'Intercom refused a credential'),
      onError: (e) => notify.error(e.message),
    });
  const runStartOAuth = () =>
    startOAuth.mutate(undefined, {
      onSuccess: (r) => window.location.assign(r.authorize_url),
      onError: (e) => notify.error(e.message),
    });
  const runDisconnect = () =>
    disconnect.mutate(undefined, {
      onSuccess: () => notify.success('OAuth token forgotten: back to INTERCOM_ACCESS_TOKEN'),
      onError: (e) => notify.error(e.message),
    });

  return (
    <div className="space-y-5" data-testid="connection-panel">
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-zinc-500 dark:text-zinc-400">Fin API key</dt>
        <dd className="flex flex-wrap items-center gap-2" data-testid="fin-key-state">
          <CheckState ok={c.fin_key.ok} what="Key" />
          <span>
            on <span className="font-mono text-xs">/fin/*</span>: <FinKeyOrigin c={c} />
          </span>
          {c.fin_key.checked_at ? (
            <span className="text-zinc-600 dark:text-zinc-400">
              checked <RelativeTime iso={c.fin_key.checked_at} />
            </span>
          ) : null}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">App token</dt>
        <dd className="flex flex-wrap items-center gap-2" data-testid="token-state">
          <CheckState ok={c.token_ok} what="Token" />
          <span>
            on HITL answers and <span className="font-mono text-xs">GET /me</span>
          </span>
          {c.token_checked_at ? (
            <span className="text-zinc-600 dark:text-zinc-400">
              checked <RelativeTime iso={c.token_checked_at} />
            </span>
          ) : null}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Fin API</dt>
        <dd data-testid="fin-api">{describeFinApi(c.target)}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Base URL</dt>
        <dd className="font-mono text-xs break-all">{c.base_url}</dd>
        <dt className="text-zinc-500 dark:text-zinc-400">API version</dt>
        <dd data-testid="api-version">
          <span className="font-mono text-xs">Intercom-Version: {c.api_version}</span>
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">App token source</dt>
        <dd data-testid="token-source">
          {oauthConnected ? (
            <>
              Intercom OAuth
              {c.oauth.connected_at ? (
                <span className="text-zinc-600 dark:text-zinc-400">
                  {' '}
                  · connected by {c.oauth.connected_by ?? 'someone'}{' '}
                  <RelativeTime iso={c.oauth.connected_at} />
                </span>
              ) : null}
            </>
          ) : (
            <>
              Environment <span className="font-mono text-xs">INTERCOM_ACCESS_TOKEN</span>
            </>
          )}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Workspace</dt>
        <dd data-testid="workspace">
          {c.app ? (
            <>
              {c.app.name ?? c.app.id_code}{' '}
              <span className="text-zinc-600 dark:text-zinc-400">
                ({c.app.id_code}
                {c.app.region ? `, region ${c.app.region}` : ''})
              </span>
            </>
          ) : (
            <span className="text-zinc-600 dark:text-zinc-400">Known once the token is checked</span>
          )}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Scopes</dt>
        <dd>
          {c.scopes?.length ? (
            c.scopes.join(', ')
          ) : (
            <span className="text-zinc-600 dark:text-zinc-400">Not reported by Intercom</span>
          )}
        </dd>
        <dt className="flex items-center gap-1 text-zinc-500 dark:text-zinc-400">
          <Database className="size-3.5" aria-hidden="true" /> Store
        </dt>
        <dd data-testid="store">{health.data?.store ? describeStore(health.data.store) : '…'}</dd>
      </dl>

      {c.fin_key.error ? (
        <Callout tone="error" title="Fin API key problem">
          {c.fin_key.error}
        </Callout>
      ) : null}
      {c.token_error ? (
        <Callout tone={c.token_ok === false ? 'error' : 'warning'} title="App token problem">
          {c.token_error}
        </Callout>
      ) : null}

      <div className="flex flex-wrap items-center gap-2">
        <Button
          size="sm"
          variant="secondary"
          onClick={runCheck}
          disabled={!manage.allowed || check.isPending}
        >
          <RotateCw className={cn('size-4', check.isPending && 'animate-spin')} aria-hidden="true" />
          {check.isPending ? 'Checking…' : 'Check tokens'}
        </Button>
        {manage.allowed && c.oauth.configured && !c.oauth.problem ? (
          <Button
            size="sm"
            variant={oauthConnected ? 'secondary' : 'primary'}
            onClick={runStartOAuth}
            disabled={startOAuth.isPending || startOAuth.isSuccess}
          >
            {startOAuth.isPending || startOAuth.isSuccess ? (
              <Loader2 className="size-4 animate-spin" aria-hidden="true" />
            ) : (
              <ExternalLink className="size-4" aria-hidden="true" />
            )}
            {oauthConnected ? 'Reconnect with Intercom OAuth' : 'Connect with Intercom OAuth'}
          </Button>
        ) : null}
        {manage.allowed && oauthConnected ? (
          <Button size="sm" variant="secondary" onClick={runDisconnect} disabled={disconnect.isPending}>
            {disconnect.isPending ? (
              <Loader2 className="size-4 animate-spin" aria-hidden="true" />
            ) : (
              <Unplug className="size-4" aria-hidden="true" />
            )}
            Disconnect OAuth token
          </Button>
        ) : null}
        {!manage.allowed ? (
          <span className="text-sm text-zinc-600 dark:text-zinc-400">{manage.reason}.</span>
        ) : null}
      </div>

      {c.oauth.problem ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="oauth-problem">
          OAuth: {c.oauth.problem}
        </p>
      ) : manage.allowed ? (
        <div className="space-y-1 text-sm">
          <p className="text-zinc-600 dark:text-zinc-400">
            OAuth redirect URL to register in the Developer Hub (client id{' '}
            <span className="font-mono text-xs">{c.oauth.client_id}</span>):
          </p>
          <UrlRow url={c.oauth.redirect_url} label="Copy redirect URL" />
        </div>
      ) : null}

      <div className="space-y-3">
        <h3 className="text-sm font-semibold">Webhooks</h3>
        <ul className="space-y-3">
          {c.webhooks.map((w) => (
            <li key={w.kind} className="space-y-1 text-sm">
              <p className="font-medium">
                {w.kind === 'fin_events' ? 'Fin events' : 'HITL notifications (app webhook)'}
              </p>
              <p className="text-zinc-600 dark:text-zinc-400">{w.label}</p>
              <UrlRow
                url={w.url}
                label={w.kind === 'fin_events' ? 'Copy Fin events URL' : 'Copy app webhook URL'}
              />
              <p className="text-zinc-600 dark:text-zinc-400">
                Signed with <span className="font-mono text-xs">{w.secret_env}</span>{' '}
                {w.secret_hint ? (
                  <span className="whitespace-nowrap">
                    (ends in <span className="font-mono text-xs">…{w.secret_hint}</span>)
                  </span>
                ) : null}{' '}
                · header {w.signature_header}
              </p>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function UrlRow({ url, label }: { url: string; label: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <code className="rounded bg-zinc-100 px-2 py-1 font-mono text-xs break-all dark:bg-zinc-800">
        {url}
      </code>
      <CopyButton text={url} label={label} copiedMessage="URL copied" />
    </div>
  );
}
