'use client';

import { ChevronRight, RotateCw, Terminal } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Badge, EmptyState, SkeletonList } from '@/components/ui/card';
import { CodeBlock } from '@/components/ui/code-block';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { useCalls } from '@/lib/client/queries/calls';
import { useConnection } from '@/lib/client/queries/connection';
import { useHealth } from '@/lib/client/queries/health';
import type { ApiCall } from '@/lib/console/types';
import { cn } from '@/lib/utils';
import { absoluteUrl, buildCurl, callPath, tokenPlaceholder } from './curl';

function statusTone(status: number | null) {
  if (status === null) return 'red' as const;
  if (status < 300) return 'green' as const;
  if (status < 500) return 'amber' as const;
  return 'red' as const;
}

function CallRow({
  call,
  baseUrl,
  version,
  showConversation,
}: {
  call: ApiCall;
  baseUrl: string | null;
  /** The Intercom-Version the console sends; undefined until the connection is loaded. */
  version: string | undefined;
  showConversation: boolean;
}) {
  const [open, setOpen] = useState(false);
  const panelId = `call-${call.id}`;
  const curl = buildCurl(call, baseUrl, version);
  const token = tokenPlaceholder(call.url);
  return (
    <li className="rounded-md border border-zinc-200 dark:border-zinc-800" data-testid="api-call">
      <h3>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
          className="focus-visible:ring-brand-500 flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-zinc-50 focus-visible:ring-2 focus-visible:outline-none dark:hover:bg-zinc-800/60"
        >
          <ChevronRight
            className={cn('size-4 shrink-0 text-zinc-400 transition-transform', open && 'rotate-90')}
            aria-hidden="true"
          />
          <span className="font-mono text-xs font-semibold">{call.method.toUpperCase()}</span>
          <span className="min-w-0 flex-1 truncate font-mono text-xs">{callPath(call.url)}</span>
          <Badge tone={statusTone(call.status)}>{call.status ?? 'no answer'}</Badge>
        </button>
      </h3>
      <p className="flex flex-wrap gap-x-3 px-3 pb-2 pl-9 text-xs text-zinc-500 dark:text-zinc-400">
        <RelativeTime iso={call.created_at} />
        <span>{Math.round(call.duration_ms)} ms</span>
        {showConversation && call.conversation_id ? (
          <span className="font-mono">{call.conversation_id}</span>
        ) : null}
      </p>
      {open ? (
        <div id={panelId} className="border-t border-zinc-200 p-3 dark:border-zinc-800">
          <Tabs defaultValue="request">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <TabsList aria-label="Call details">
                <TabsTrigger value="request">Request</TabsTrigger>
                <TabsTrigger value="response">Response</TabsTrigger>
                <TabsTrigger value="curl">curl</TabsTrigger>
              </TabsList>
              <CopyButton
                text={curl}
                label="Copy as curl"
                copiedMessage={`curl command copied (token left as ${token})`}
              />
            </div>
            <TabsContent value="request" className="mt-2">
              <p className="mb-1 font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">
                {call.method.toUpperCase()} {absoluteUrl(call.url, baseUrl)}
              </p>
              {version ? (
                <p
                  className="mb-1 font-mono text-xs text-zinc-500 dark:text-zinc-400"
                  data-testid="call-version"
                >
                  Intercom-Version: {version}
                </p>
              ) : null}
              <CodeBlock value={call.request_body ?? '(no body)'} label="Request body" />
            </TabsContent>
            <TabsContent value="response" className="mt-2">
              <CodeBlock value={call.response_body ?? '(no body)'} label="Response body" />
            </TabsContent>
            <TabsContent value="curl" className="mt-2">
              <CodeBlock value={curl} label="curl command" />
              <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                Set <code>{token.slice(1)}</code> in your shell first; the console never shows the real token.
                {token === '$FIN_AGENT_API_KEY'
                  ? ' /fin/* calls take the Fin Agent API key.'
                  : ' This call takes the app (OAuth) token.'}
              </p>
            </TabsContent>
          </Tabs>
        </div>
      ) : null}
    </li>
  );
}

/** Every Fin API call the console made (for one conversation, or all), with request, response and curl. */
export function CallsList({
  conversationId,
  live = false,
}: {
  conversationId: string | null;
  live?: boolean;
}) {
  const calls = useCalls(conversationId, { refetchInterval: live ? 5_000 : false });
  const health = useHealth();
  const baseUrl = health.data?.base_url ?? null;
  const version = useConnection().data?.api_version;

  if (calls.isPending) return <SkeletonList label="Loading API calls" rows={2} rowClassName="h-12" />;
  if (calls.isError)
    return (
      <EmptyState
        tone="error"
        title="API calls could not be loaded"
        action={
          <Button variant="secondary" size="sm" onClick={() => void calls.refetch()}>
            <RotateCw className="size-4" aria-hidden="true" />
            Retry
          </Button>
        }
      >
        {calls.error.message}
      </EmptyState>
    );
  if (calls.data.length === 0)
    return (
      <EmptyState
        icon={<Terminal className="size-6" aria-hidden="true" />}
        title="No API calls yet"
        className="py-6"
      >
        Calls to the Fin API appear here with their request, response and a curl to repeat them.
      </EmptyState>
    );
  const ordered = [...calls.data].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  return (
    <ul className="space-y-2" aria-label="API calls">
      {ordered.map((c) => (
        <CallRow
          key={c.id}
          call={c}
          baseUrl={baseUrl}
          version={version}
          showConversation={conversationId === null}
        />
      ))}
    </ul>
  );
}
