namespace FraudActors.Ml.Simulation;

/// <summary>
/// A change of fraud pattern mid-stream, not in the book: from <see cref="StartDay"/> on, fraudsters stop compromising
/// terminals the book's way (scenario 2: every transaction of the terminal for 28 days, at its ordinary amount) and
/// run short waves of card testing instead: each day <see cref="CompromisedTerminalsPerDay"/> terminals are
/// compromised for <see cref="TerminalCompromiseDays"/> days, and every transaction on them becomes a fraud of a small
/// amount (uniform on 0.01 … <see cref="MaxFraudAmount"/>), labelled <see cref="Data.FraudScenario.CardTestingTerminal"/>.
/// </summary>
/// <remarks>
/// <para>
/// Built to defeat what a model trained on the book's data relies on. The amounts are far below the card's habit, where
/// the book's frauds are at or above it; and a wave no longer than the 7-day label delay is over before any of its
/// labels reach the terminal-risk features (which only count frauds older than 7 days). Yet the pattern is visible in
/// the 15 features (a tiny amount against the card's own average), so a model retrained on post-drift labels can learn it.
/// </para>
/// <para>
/// Terminals compromised the book's way before <see cref="StartDay"/> stay compromised for their 28 days; scenarios 1
/// and 3 are unchanged and still applied in the book's order (scenario 3 may re-tag a card-test transaction). The wave
/// draws from its own .NET streams (one per day, from the simulation seed) in both <see cref="SimulationRandomness"/>
/// modes, so every transaction and label before <see cref="StartDay"/> is the same as without drift.
/// </para>
/// </remarks>
public sealed record ConceptDrift
{
    /// <summary>Largest supported <see cref="MaxFraudAmount"/>: card tests are small by definition.</summary>
    public const decimal MaxSupportedFraudAmount = 1_000m;

    /// <summary>The first simulation day (0-based) on which the new pattern replaces scenario 2's draws.</summary>
    public required int StartDay { get; init; }

    /// <summary>
    /// Terminals compromised on each day from <see cref="StartDay"/> on. Default 8: with 7-day waves about as many
    /// compromised terminals at a time as scenario 2's 2 a day for 28 days, so the number of frauds stays similar.
    /// </summary>
    public int CompromisedTerminalsPerDay { get; init; } = 8;

    /// <summary>
    /// Days a terminal of the wave stays compromised, the day it is drawn included. Default 7: no longer than the
    /// label delay, so the terminal-risk features never see the wave while it lasts.
    /// </summary>
    public int TerminalCompromiseDays { get; init; } = 7;

    /// <summary>Largest card-test amount (currency units, two decimals); amounts are uniform in cents from 0.01. Default 2.00.</summary>
    public decimal MaxFraudAmount { get; init; } = 2.00m;

    /// <summary><see cref="MaxFraudAmount"/> in cents, once <see cref="Validate"/> has passed.</summary>
    internal int MaxFraudAmountCents => (int)(MaxFraudAmount * 100m);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range for a simulation.</summary>
    /// <param name="days">The simulation's number of days.</param>
    /// <param name="terminals">The simulation's number of terminals.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate(int days, int terminals)
    {
        if (StartDay < 0 || StartDay >= days)
        {
            throw Bad(nameof(StartDay), $"must be a simulated day, 0 … {days - 1}, was {StartDay}");
        }

        if (CompromisedTerminalsPerDay < 0 || CompromisedTerminalsPerDay > terminals)
        {
            throw Bad(nameof(CompromisedTerminalsPerDay), $"must be between 0 and the number of terminals ({terminals}), was {CompromisedTerminalsPerDay}");
        }

        if (TerminalCompromiseDays <= 0)
        {
            throw Bad(nameof(TerminalCompromiseDays), $"must be positive, was {TerminalCompromiseDays}");
        }

        if (MaxFraudAmount < 0.01m || MaxFraudAmount > MaxSupportedFraudAmount || decimal.Round(MaxFraudAmount, 2) != MaxFraudAmount)
        {
            throw Bad(nameof(MaxFraudAmount), $"must be an amount from 0.01 to {MaxSupportedFraudAmount} with at most two decimals, was {MaxFraudAmount}");
        }
    }

    private static ArgumentException Bad(string name, string problem) =>
        new($"Simulation option {nameof(SimulationOptions.Drift)}.{name} {problem}.", name);
}
