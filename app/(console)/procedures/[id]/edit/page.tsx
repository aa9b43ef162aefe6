import { PageHeader } from '@/components/ui/card';
import { EditorLoader } from '../../_components/editor-loader';

export const metadata = { title: 'Procedure definition' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <PageHeader
        title="Procedure definition"
        description="The definition in JSON or YAML. Saving replaces the simulator's copy; a built-in can be reset later."
      />
      <EditorLoader id={id} />
    </>
  );
}
