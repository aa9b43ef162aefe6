import { PageHeader } from '@/components/ui/card';
import { EditorLoader } from '../../_components/editor-loader';

export const metadata = { title: 'Edit procedure' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader
        title="Edit procedure"
        description="Saving replaces the simulator's definition; a built-in can be reset later."
      />
      <EditorLoader id={id} />
    </>
  );
}
