import { NoEventsState } from '../../components/NoEventsState.tsx';

/** No events yet: what the Churn view does, and the way to the next step. */
export function EmptyState() {
  return (
    <NoEventsState title="Churn" headline="No events to learn churn from yet" testId="churn-empty">
      This view predicts which users are about to stop using the product. It labels users at a cutoff date
      (churned = no activity in the following days), learns from what they did before it, tells you honestly
      how good the prediction is, shows what drives it, and exports the users most at risk. It needs a few
      weeks of events in the workspace, and a users table for demographics if you have one.
    </NoEventsState>
  );
}
