using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

/// <summary>
/// The default data set against the book's figures and against expectations computed independently from the
/// generating distributions. The output is fixed per seed, so nothing here is flaky; still, every tolerance is
/// several standard deviations of what a correct implementation would show for any seed (reasons inline), so a
/// failure means a wrong rule, not bad luck.
/// </summary>
public sealed class DefaultDatasetStatisticsTests(DefaultDatasetFixture fixture) : IClassFixture<DefaultDatasetFixture>
{
    private const int SteadyStateFirstDay = 30;

    private SimulatedDataset Dataset => fixture.Dataset;

    private static double KeptTimeOfDayProbability =>
        // trunc(t) ∈ [1, 86,399] ⇔ t ∈ [1, 86,400).
        StandardNormal.Cdf((86_400 - 43_200) / 20_000.0) - StandardNormal.Cdf((1 - 43_200) / 20_000.0);

    [Fact]
    public void Transactions_per_day_are_near_the_books_average()
    {
        // Customers × E[mean per day] × P(time kept) = 5,000 × 2 × 0.969 ≈ 9,690 a day (the book: 1,754,155 / 183 ≈ 9,586).
        // The 5,000 uniform means vary the total by 0.8 % (one sd) from seed to seed: ±4 % is five of them.
        double expected = 5_000 * 2.0 * KeptTimeOfDayProbability;
        double perDay = Dataset.Transactions.Length / (double)Dataset.Options.Days;

        Assert.InRange(perDay, expected * 0.96, expected * 1.04);
    }

    [Fact]
    public void Each_customers_transaction_count_matches_its_poisson_mean()
    {
        // Given the drawn profiles, the total is a sum of Poisson counts thinned by the time-of-day rule:
        // variance ≈ its mean (≈ 1.77 M, sd ≈ 1,330, 0.08 %). Five sds.
        double expected = Dataset.Customers.Where(c => c.Terminals.Length > 0)
            .Sum(c => c.MeanTransactionsPerDay * Dataset.Options.Days * KeptTimeOfDayProbability);

        Assert.InRange(Dataset.Transactions.Length, expected - (5 * Math.Sqrt(expected)), expected + (5 * Math.Sqrt(expected)));
    }

    [Fact]
    public void The_fraud_rate_is_near_the_books_0_84_percent()
    {
        // The book: 14,681 / 1,754,155 = 0.837 %. Fraud counts vary by about 2 % (sd) with the seed, through which
        // terminals and cards get compromised; 0.7–1.0 % is more than seven sds either side.
        double rate = Dataset.Transactions.Count(t => t.IsFraud) / (double)Dataset.Transactions.Length;

        Assert.InRange(rate, 0.007, 0.010);
    }

    [Fact]
    public void Frauds_per_day_at_steady_state_are_near_the_books_85()
    {
        // From day 30 on, about 56 terminals (2 a day × 28 days) and 42 cards (3 × 14) are compromised at any time:
        // 56 × 0.97 + 42 × 1.94 / 3 + ~5 large amounts ≈ 86 a day. The average over 153 days varies by a few per cent.
        double average = fixture.FraudsPerDay.Skip(SteadyStateFirstDay).Average();

        Assert.InRange(average, 75, 95);
    }

    [Fact]
    public void Frauds_ramp_up_over_the_first_weeks_as_compromises_accumulate()
    {
        double firstWeek = fixture.FraudsPerDay.Take(7).Average();
        double steady = fixture.FraudsPerDay.Skip(SteadyStateFirstDay).Average();

        // Day d has about min(d + 1, 28) compromised terminal-windows: the first week has at most a third of the steady level.
        Assert.True(firstWeek < steady * 0.45, $"first week {firstWeek:F1} a day, steady {steady:F1}");
    }

    [Fact]
    public void Compromised_cards_per_day_at_steady_state_are_about_the_books_80()
    {
        // Distinct cards with a fraud on the day. Terminal frauds mostly hit distinct cards (~54), plus the ~42
        // compromised cards on days they are defrauded (~22), plus a few large amounts: mid-seventies; the book's plot
        // shows "about 80". A wrong scenario (per-card rather than pooled, or all days) moves this by tens.
        double average = fixture.CompromisedCardsPerDay.Skip(SteadyStateFirstDay).Average();

        Assert.InRange(average, 68, 90);
        Assert.True(average <= fixture.FraudsPerDay.Skip(SteadyStateFirstDay).Average());
    }

    [Fact]
    public void Large_amount_frauds_match_the_normal_tail_above_220()
    {
        // Independent expectation: each customer's count × P(Normal(m, m/2) > 220). Rounding and the uniform
        // replacement of negative draws do not reach 220. Scenarios 2 and 3 overwrite a few per cent of these tags
        // (≈ 9,100 + 4,700 fraud rows out of 1.77 M); the Poisson sd is about 3 %. Expect 85–105 % of the tail.
        double expected = Dataset.Customers.Sum(c =>
            fixture.TransactionsPerCustomer[c.Id] * (1 - StandardNormal.Cdf((220 - c.MeanAmount) / c.StdDevAmount)));

        Assert.InRange(fixture.ScenarioCounts[(int)FraudScenario.LargeAmount], expected * 0.85, expected * 1.05);
    }

    [Fact]
    public void Compromised_terminal_frauds_match_the_terminal_days_compromised()
    {
        // 2 terminals on each of days 0 … 181, each for min(28, 183 − d) days: 9,490 terminal-days, each with the
        // average terminal's traffic. Which terminals are drawn moves the count by about 2.5 % (sd); overlaps and
        // scenario-3 overwrites take under 2 %. ±12 %.
        var options = Dataset.Options;
        double terminalDays = Enumerable.Range(0, options.Days - 1)
            .Sum(d => options.CompromisedTerminalsPerDay * Math.Min(options.TerminalCompromiseDays, options.Days - d));
        double perTerminalDay = Dataset.Transactions.Length / (double)(options.Days * options.Terminals);
        double expected = terminalDays * perTerminalDay;

        Assert.InRange(fixture.ScenarioCounts[(int)FraudScenario.CompromisedTerminal], expected * 0.88, expected * 1.12);
    }

    [Fact]
    public void Compromised_card_frauds_are_a_third_of_the_compromised_cards_transactions()
    {
        // 3 cards on each of days 0 … 181, each for min(14, 183 − d) days: 7,410 card-days at the average card's
        // traffic, a third of it defrauded. Card traffic varies a lot (mean per day uniform on 0–4): about 3 % (sd)
        // over 546 cards; flooring ⌊n/3⌋ and repeated picks take a few per cent. ±15 %.
        var options = Dataset.Options;
        double cardDays = Enumerable.Range(0, options.Days - 1)
            .Sum(d => options.CompromisedCustomersPerDay * Math.Min(options.CustomerCompromiseDays, options.Days - d));
        double perCardDay = Dataset.Transactions.Length / (double)(options.Days * options.Customers);
        double expected = cardDays * perCardDay / 3;

        Assert.InRange(fixture.ScenarioCounts[(int)FraudScenario.CompromisedCustomer], expected * 0.85, expected * 1.15);
    }

    [Fact]
    public void Every_transaction_uses_a_terminal_strictly_within_the_radius_of_its_customer()
    {
        foreach (var transaction in Dataset.Transactions)
        {
            var customer = Dataset.Customers[transaction.CustomerId];
            var terminal = Dataset.Terminals[transaction.TerminalId];
            double distance = Math.Sqrt(Math.Pow(customer.X - terminal.X, 2) + Math.Pow(customer.Y - terminal.Y, 2));
            if (!(distance < Dataset.Options.Radius))
            {
                Assert.Fail($"transaction {transaction.Id}: terminal {terminal.Id} is {distance} from customer {customer.Id}");
            }
        }
    }

    [Fact]
    public void Amounts_are_non_negative_and_every_amount_above_220_is_fraud()
    {
        Assert.All(Dataset.Transactions, t =>
        {
            Assert.True(t.AmountCents >= 0);
            Assert.True(t.AmountCents <= 22_000 || t.IsFraud, $"transaction {t.Id}");
        });
    }

    [Fact]
    public void The_fraud_label_and_the_scenario_agree_and_inflated_amounts_are_multiples_of_five_cents()
    {
        Assert.All(Dataset.Transactions, t =>
        {
            Assert.Equal(t.Scenario != FraudScenario.None, t.IsFraud);
            Assert.True(t.Scenario != FraudScenario.CompromisedCustomer || t.AmountCents % 5 == 0, $"transaction {t.Id}");
        });
    }

    [Fact]
    public void Times_lie_strictly_inside_the_simulated_days()
    {
        long start = Dataset.StartUnixSeconds;
        Assert.Equal(new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), start);
        Assert.All(Dataset.Transactions, t =>
        {
            Assert.InRange(t.UnixSeconds, start + 1, start + (183 * 86_400L) - 1);
            Assert.NotEqual(0, (t.UnixSeconds - start) % 86_400);
        });
        Assert.All(fixture.TransactionsPerDay, count => Assert.True(count > 0));
    }

    [Fact]
    public void Ids_run_from_zero_in_time_order()
    {
        Assert.True(TransactionOrder.IsNumberedByPosition(Dataset.Transactions.AsSpan()));
        Assert.True(TransactionOrder.IsSortedByTime(Dataset.Transactions.AsSpan()));
    }

    [Fact]
    public void Times_of_day_follow_the_truncated_normal_around_noon()
    {
        // Independent check of the time rule: P(before 06:00 | kept) from the normal distribution; n ≈ 1.77 M makes
        // the binomial sd ≈ 0.0002, so ±0.002 is ten of them.
        long start = Dataset.StartUnixSeconds;
        double beforeSix = Dataset.Transactions.Count(t => (t.UnixSeconds - start) % 86_400 < 6 * 3600)
            / (double)Dataset.Transactions.Length;
        double expected = (StandardNormal.Cdf(((6 * 3600) - 43_200) / 20_000.0) - StandardNormal.Cdf((1 - 43_200) / 20_000.0))
            / KeptTimeOfDayProbability;

        Assert.InRange(beforeSix, expected - 0.002, expected + 0.002);
    }

    [Fact]
    public void Each_customer_has_the_terminals_within_the_radius()
    {
        // Terminals are dense (about 78 within 5 of a point), so every customer can pay somewhere.
        Assert.All(Dataset.Customers, c => Assert.NotEmpty(c.Terminals));
        double averageTerminals = Dataset.Customers.Average(c => c.Terminals.Length);

        // π r² × density (10,000 / 100²) = 78.5 away from edges; edges and corners lose up to half or three quarters.
        Assert.InRange(averageTerminals, 70, 80);
    }
}
