import { PageHeader } from '@/components/ui/card';
import { EditorLoader } from '../_components/editor-loader';

export const metadata = { title: 'New procedure' };

export default function Page() {
  return (
    <>
      <PageHeader
        title="New procedure"
        description="Write the definition in JSON or YAML; it is checked as you type and drawn beside it."
      />
      <EditorLoader id={null} />
    </>
  );
}
