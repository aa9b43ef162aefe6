import { PageHeader } from '@/components/ui/card';
import { SettingsPanels } from '@/components/settings/settings-panels';

export const metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Your account, the theme and the Fin API connection." />
      <SettingsPanels />
    </>
  );
}
