import { StepView } from '@/components/hitl/step-view';

export const metadata = { title: 'HITL step' };

export default async function StepPage({ params }: { params: Promise<{ stepId: string }> }) {
  const { stepId } = await params;
  return <StepView stepId={stepId} />;
}
