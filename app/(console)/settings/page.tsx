import { PageHeader } from '@/components/ui/card';
import { AccountsPanel } from '@/components/settings/accounts-panel';
import { ConnectionPanel } from '@/components/settings/connection-panel';
import { DriftPanel } from '@/components/settings/drift-panel';
import { SettingsPanels } from '@/components/settings/settings-panels';
import { ShareLinksPanel } from '@/components/settings/share-links-panel';
import { TokensPanel } from '@/components/settings/tokens-panel';

export const metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Your account, the theme, the Fin API connection, accounts, API tokens, share links and contract drift."
      />
      <div className="space-y-4">
        <SettingsPanels />
        <ConnectionPanel />
        <AccountsPanel />
        <TokensPanel />
        <ShareLinksPanel />
        <DriftPanel />
      </div>
    </>
  );
}
