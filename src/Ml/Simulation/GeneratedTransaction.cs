namespace FraudActors.Ml.Simulation;

/// <summary>
/// One transaction as a customer's stream produces it, before ordering and fraud: 16 bytes instead of a
/// full <see cref="Data.Transaction"/>, because 1.75 M of them are shuffled around once.
/// </summary>
/// <param name="Seconds">Seconds since the start of the simulation (day × 86,400 + time of day).</param>
/// <param name="TerminalId">The terminal used.</param>
/// <param name="AmountCents">The amount in cents.</param>
internal readonly record struct GeneratedTransaction(int Seconds, int TerminalId, long AmountCents);
