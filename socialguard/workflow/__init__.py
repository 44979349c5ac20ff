"""What every governance workflow shares: the immutable audit trail and explicit
state machines whose transitions each write an audit row."""
