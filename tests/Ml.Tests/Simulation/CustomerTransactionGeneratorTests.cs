using System.Collections.Immutable;
using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

public sealed class CustomerTransactionGeneratorTests
{
    [Theory]
    [InlineData(43_200.7, true, 43_200)]
    [InlineData(1.7, true, 1)]
    [InlineData(86_399.99, true, 86_399)]
    [InlineData(0.9, false, 0)]
    [InlineData(-0.5, false, 0)]
    [InlineData(-3_000.0, false, 0)]
    [InlineData(86_400.0, false, 0)]
    [InlineData(120_000.0, false, 0)]
    public void Time_of_day_is_truncated_and_kept_only_strictly_inside_the_day(double draw, bool kept, int expectedSeconds)
    {
        bool result = CustomerTransactionGenerator.TryTimeOfDay(draw, out int seconds);

        Assert.Equal(kept, result);
        Assert.Equal(expectedSeconds, seconds);
    }

    [Fact]
    public void A_negative_amount_draw_is_replaced_by_a_uniform_draw_on_zero_to_twice_the_mean()
    {
        // u1 = e^−4.5 gives radius 3, u2 = 0.5 gives cos π = −1: Normal(10, 5) = 10 − 15 = −5, negative.
        // The replacement uniform 0.4 on [0, 20] gives 8.00 (neither the draw, its magnitude nor the mean).
        var random = new ScriptedRandom([1 - Math.Exp(-4.5), 0.5, 0.4]);
        var draws = new RandomDraws(random);

        long cents = CustomerTransactionGenerator.DrawAmountCents(draws, meanAmount: 10, stdDevAmount: 5);

        Assert.Equal(800, cents);
        Assert.Equal(0, random.DoublesLeft);
    }

    [Fact]
    public void A_non_negative_amount_draw_is_kept_and_rounded_to_cents()
    {
        // Radius √(−2 ln(1 − 0.5)) = √(ln 4) ≈ 1.17741, u2 = 0: Normal(10, 5) = 10 + 5 × 1.17741 = 15.887 → 15.89.
        var random = new ScriptedRandom([0.5, 0.0]);
        var draws = new RandomDraws(random);

        long cents = CustomerTransactionGenerator.DrawAmountCents(draws, meanAmount: 10, stdDevAmount: 5);

        Assert.Equal(1589, cents);
        Assert.Equal(0, random.DoublesLeft);
    }

    [Theory]
    [InlineData(0.125, 13)]
    [InlineData(0.625, 63)]
    [InlineData(57.16, 5716)]
    [InlineData(0.0, 0)]
    [InlineData(219.994, 21999)]
    public void Amounts_round_half_away_from_zero_to_cents(double amount, long expectedCents)
    {
        Assert.Equal(expectedCents, CustomerTransactionGenerator.RoundToCents(amount));
    }

    [Fact]
    public void A_customer_without_terminals_produces_no_transactions()
    {
        var customer = new CustomerProfile(0, 50, 50, 50, 25, 4, []);
        var output = new List<GeneratedTransaction>();

        CustomerTransactionGenerator.Generate(customer, new SimulationOptions { Days = 30 }, RandomDraws.For(0, RandomStream.CustomerTransactions, 0), output);

        Assert.Empty(output);
    }

    [Fact]
    public void A_customers_transactions_use_its_terminals_and_come_day_by_day_inside_the_days()
    {
        var customer = new CustomerProfile(0, 50, 50, 50, 25, 3.5, ImmutableArray.Create(4, 9, 17));
        var options = new SimulationOptions { Days = 40 };
        var output = new List<GeneratedTransaction>();

        CustomerTransactionGenerator.Generate(customer, options, RandomDraws.For(0, RandomStream.CustomerTransactions, 0), output);

        // 40 days at 3.5 a day, about 97 % kept: around 136, far from both bounds.
        Assert.InRange(output.Count, 80, 200);
        Assert.All(output, t => Assert.Contains(t.TerminalId, customer.Terminals));
        Assert.All(output, t => Assert.InRange(t.Seconds, 1, (40 * 86_400) - 1));
        Assert.All(output, t => Assert.NotEqual(0, t.Seconds % 86_400));
        Assert.All(output, t => Assert.True(t.AmountCents >= 0));
        var days = output.Select(t => t.Seconds / 86_400).ToList();
        Assert.Equal(days.Order(), days);
        Assert.Equal(customer.Terminals.Length, output.Select(t => t.TerminalId).Distinct().Count());
    }
}
