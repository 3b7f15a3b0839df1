namespace FraudActors.Ml.Features;

/// <summary>One retained transaction of a terminal's history, as exported for snapshots and imported to rebuild.</summary>
/// <param name="UnixSeconds">UTC time, whole seconds since 1970-01-01T00:00:00Z.</param>
/// <param name="IsFraud">The label known so far (genuine until a label says otherwise).</param>
/// <param name="Key">The opaque transaction fingerprint labels and compensations refer to.</param>
public readonly record struct TerminalWindowEntry(long UnixSeconds, bool IsFraud, long Key);
