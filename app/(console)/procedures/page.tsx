import { ProceduresRoute } from './_components/procedures-route';

export const metadata = { title: 'Procedures' };

export default function Page() {
  return <ProceduresRoute selectedId={null} />;
}
