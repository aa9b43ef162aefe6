'use client';

import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { CallsList } from '@/components/inspector/calls-list';
import { ConversationsList } from './conversations-list';

/** The conversations table, and every Fin API call the console made on a second tab. */
export function ConversationsPage() {
  return (
    <Tabs defaultValue="conversations">
      <TabsList aria-label="View" className="mb-4">
        <TabsTrigger value="conversations">Conversations</TabsTrigger>
        <TabsTrigger value="calls">API calls</TabsTrigger>
      </TabsList>
      <TabsContent value="conversations">
        <ConversationsList />
      </TabsContent>
      <TabsContent value="calls">
        <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
          Every call the console made to the Fin API, newest first. The token is never shown; the curl reads
          it from
          <code className="mx-1">$INTERCOM_ACCESS_TOKEN</code>.
        </p>
        <CallsList conversationId={null} live />
      </TabsContent>
    </Tabs>
  );
}
