import { ProceduresRoute } from '../_components/procedures-route';

export const metadata = { title: 'Procedure' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ProceduresRoute selectedId={id} />;
}
