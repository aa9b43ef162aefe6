import { PageHeader } from '@/components/ui/card';

export const metadata = { title: 'Settings' };

export default function SettingsPage() {
  return <PageHeader title="Settings" description="Your name, the theme and the Fin API connection." />;
}
