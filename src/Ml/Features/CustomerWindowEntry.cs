namespace FraudActors.Ml.Features;

/// <summary>One retained transaction of a customer's history, as exported for snapshots and imported to rebuild.</summary>
/// <param name="UnixSeconds">UTC time, whole seconds since 1970-01-01T00:00:00Z.</param>
/// <param name="AmountCents">The amount in cents.</param>
/// <param name="Key">The opaque transaction fingerprint the owner uses for idempotency and compensation.</param>
public readonly record struct CustomerWindowEntry(long UnixSeconds, long AmountCents, long Key);
