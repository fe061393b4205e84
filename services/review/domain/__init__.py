"""The review domain in plain Python: the chain of review levels, the review case state machine,
the 登记号 and its check code, and work reminders. No framework imports: the RPC service is a thin
adapter that loads a case, calls one decision, and stores what it returns (compare-and-set on the
case's version) together with the transition and the events."""
