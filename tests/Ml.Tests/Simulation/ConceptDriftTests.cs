using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

/// <summary>The simulator's optional change of fraud pattern (<see cref="ConceptDrift"/>), on small runs.</summary>
public sealed class ConceptDriftTests
{
    private const int StartDay = 30;
    private static readonly SimulationOptions Small = new() { Customers = 400, Terminals = 800, Days = 70, Seed = 3 };
    private static readonly SimulationOptions Drifted = Small with { Drift = new ConceptDrift { StartDay = StartDay, CompromisedTerminalsPerDay = 4 } };

    [Theory]
    [InlineData(SimulationRandomness.DotNet)]
    [InlineData(SimulationRandomness.Numpy)]
    public void Every_transaction_and_label_before_the_start_day_is_as_without_drift(SimulationRandomness randomness)
    {
        var plain = TransactionSimulator.Run(Small with { Randomness = randomness }, TestContext.Current.CancellationToken);
        var drifted = TransactionSimulator.Run(Drifted with { Randomness = randomness }, TestContext.Current.CancellationToken);

        long driftStart = plain.StartUnixSeconds + (StartDay * 86_400L);
        Assert.Equal(plain.Transactions.Length, drifted.Transactions.Length);
        Assert.Equal(
            plain.Transactions.Where(t => t.UnixSeconds < driftStart),
            drifted.Transactions.Where(t => t.UnixSeconds < driftStart));
        Assert.NotEqual(plain.Transactions, drifted.Transactions);
    }

    [Fact]
    public void From_the_start_day_terminals_are_compromised_with_small_card_test_amounts_instead()
    {
        var drifted = TransactionSimulator.Run(Drifted, TestContext.Current.CancellationToken);
        var plain = TransactionSimulator.Run(Small, TestContext.Current.CancellationToken);

        long driftStart = drifted.StartUnixSeconds + (StartDay * 86_400L);
        var cardTests = drifted.Transactions.Where(t => t.Scenario == FraudScenario.CardTestingTerminal).ToList();
        Assert.True(cardTests.Count > 100, $"{cardTests.Count} card tests");
        Assert.All(cardTests, t => Assert.True(t.IsFraud && t.UnixSeconds >= driftStart && t.AmountCents is >= 1 and <= 200, $"transaction {t.Id}"));

        // Terminals compromised the book's way before the drift run their 28 days out; none is drawn after it.
        long lastOldCompromise = drifted.StartUnixSeconds + ((StartDay - 1 + Small.TerminalCompromiseDays) * 86_400L);
        Assert.DoesNotContain(drifted.Transactions, t => t.Scenario == FraudScenario.CompromisedTerminal && t.UnixSeconds >= lastOldCompromise);
        Assert.Contains(plain.Transactions, t => t.Scenario == FraudScenario.CompromisedTerminal && t.UnixSeconds >= lastOldCompromise);

    }

    [Fact]
    public void No_drift_is_the_default()
    {
        Assert.Null(new SimulationOptions().Drift);
    }

    [Theory]
    [InlineData(-1, 8, 7, "2.00", nameof(ConceptDrift.StartDay))]
    [InlineData(70, 8, 7, "2.00", nameof(ConceptDrift.StartDay))]
    [InlineData(10, 801, 7, "2.00", nameof(ConceptDrift.CompromisedTerminalsPerDay))]
    [InlineData(10, 8, 0, "2.00", nameof(ConceptDrift.TerminalCompromiseDays))]
    [InlineData(10, 8, 7, "0.001", nameof(ConceptDrift.MaxFraudAmount))]
    [InlineData(10, 8, 7, "0", nameof(ConceptDrift.MaxFraudAmount))]
    public void An_out_of_range_drift_setting_is_named(int startDay, int terminalsPerDay, int days, string maxAmount, string name)
    {
        var options = Small with
        {
            Drift = new ConceptDrift
            {
                StartDay = startDay,
                CompromisedTerminalsPerDay = terminalsPerDay,
                TerminalCompromiseDays = days,
                MaxFraudAmount = decimal.Parse(maxAmount, System.Globalization.CultureInfo.InvariantCulture),
            },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(name, error.ParamName);
    }
}
