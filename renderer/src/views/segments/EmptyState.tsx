import { NoEventsState } from '../../components/NoEventsState.tsx';

/** No events yet: what the Segments view does, and the way to the next step. */
export function EmptyState() {
  return (
    <NoEventsState title="Segments" headline="No events to segment yet" testId="segments-empty">
      This view groups your users by how they behave — sessions, activity, purchases, discounts, what they
      look at, and their profile — and names each group (“Frequent buyers”, “Discount seekers”). It needs
      events in the workspace, and a users table for demographics if you have one.
    </NoEventsState>
  );
}
