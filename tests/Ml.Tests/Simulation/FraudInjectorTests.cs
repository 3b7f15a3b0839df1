using FraudActors.Ml.Data;
using FraudActors.Ml.Simulation;

namespace FraudActors.Ml.Tests.Simulation;

public sealed class FraudInjectorTests
{
    [Fact]
    public void Scenario_1_marks_amounts_strictly_above_the_threshold()
    {
        var set = new HandBuiltSet();
        set.Add(day: 0, customer: 0, terminal: 0, cents: 22_000);
        set.Add(day: 0, customer: 0, terminal: 0, cents: 22_001);
        set.Add(day: 1, customer: 1, terminal: 1, cents: 0);
        var injector = set.Injector();

        int marked = injector.ApplyLargeAmount(22_000);

        Assert.Equal(1, marked);
        Assert.Equal([FraudScenario.None, FraudScenario.LargeAmount, FraudScenario.None], set.Scenarios);
        Assert.Equal([false, true, false], set.Transactions.Select(t => t.IsFraud));
    }

    [Fact]
    public void Scenario_2_marks_every_transaction_of_the_terminal_during_its_window_and_overwrites_scenario_1()
    {
        var set = new HandBuiltSet();
        for (int day = 1; day <= 5; day++)
        {
            set.Add(day, customer: 0, terminal: 1, cents: day == 3 ? 50_000 : 1_000);
            set.Add(day, customer: 1, terminal: 0, cents: 1_000);
        }

        var injector = set.Injector();
        injector.ApplyLargeAmount(22_000);

        // Days 2, 3 and 4.
        int marked = injector.CompromiseTerminal(terminalId: 1, firstDay: 2, dayCount: 3);

        Assert.Equal(3, marked);
        var expected = new List<FraudScenario>();
        for (int day = 1; day <= 5; day++)
        {
            expected.Add(day is >= 2 and <= 4 ? FraudScenario.CompromisedTerminal : FraudScenario.None);
            expected.Add(FraudScenario.None);
        }

        Assert.Equal(expected, set.Scenarios);
        Assert.All(set.Transactions, t => Assert.Equal(t.Scenario != FraudScenario.None, t.IsFraud));
    }

    [Fact]
    public void Scenario_3_takes_a_third_of_the_window_multiplies_by_five_and_does_not_re_apply_scenario_1()
    {
        var set = new HandBuiltSet();

        // Customer 0: seven transactions in the window (days 0–6), one after it (day 20). Customer 1 is not compromised.
        long[] cents = [1_000, 5_000, 30_000, 2_000, 3_000, 4_000, 4_400];
        for (int day = 0; day < 7; day++)
        {
            set.Add(day, customer: 0, terminal: day == 1 ? 1 : 0, cents: cents[day]);
            set.Add(day, customer: 1, terminal: 0, cents: 1_000);
        }

        set.Add(day: 20, customer: 0, terminal: 0, cents: 1_000);
        var injector = set.Injector();
        injector.ApplyLargeAmount(22_000);
        injector.CompromiseTerminal(terminalId: 1, firstDay: 0, dayCount: 28);

        // ⌊7 / 3⌋ = 2 picks. Pool = customer 0's positions 0, 2, 4, …, 12 in transaction order.
        // Fisher–Yates: step 0 swaps slot 0 with slot 0 + 6 (position 12, day 6); step 1 keeps slot 1 (position 2, day 1).
        var draws = new RandomDraws(new ScriptedRandom([], [6, 0]));
        int[] picked = injector.CompromiseCustomers([0], firstDay: 0, dayCount: 14, amountMultiplier: 5, draws);

        Assert.Equal([12, 2], picked);
        var day6 = set.Transactions[12];
        var day1 = set.Transactions[2];
        Assert.Equal((22_000, true, FraudScenario.CompromisedCustomer), (day6.AmountCents, day6.IsFraud, day6.Scenario));

        // Day 1 was on the compromised terminal: scenario 3 overwrites scenario 2. 50.00 × 5 = 250.00 stays scenario 3.
        Assert.Equal((25_000, true, FraudScenario.CompromisedCustomer), (day1.AmountCents, day1.IsFraud, day1.Scenario));

        // The large amount not picked keeps scenario 1 and its amount; everything else is untouched.
        Assert.Equal((30_000, FraudScenario.LargeAmount), (set.Transactions[4].AmountCents, set.Transactions[4].Scenario));
        Assert.Equal(2, set.Transactions.Count(t => t.Scenario == FraudScenario.CompromisedCustomer));
        Assert.All(set.Transactions.Where(t => t.CustomerId == 1), t => Assert.Equal((1_000, false), (t.AmountCents, t.IsFraud)));
        Assert.False(set.Transactions[^1].IsFraud);
    }

    [Fact]
    public void Scenario_3_takes_a_third_of_the_compromised_customers_transactions_pooled_together()
    {
        var set = new HandBuiltSet();

        // Customer 0 has 4 transactions in the window and customer 1 has 5: ⌊9 / 3⌋ = 3, not ⌊4 / 3⌋ + ⌊5 / 3⌋ = 2.
        for (int day = 0; day < 5; day++)
        {
            if (day < 4)
            {
                set.Add(day, customer: 0, terminal: 0, cents: 100);
            }

            set.Add(day, customer: 1, terminal: 0, cents: 100);
        }

        var picked = set.Injector().CompromiseCustomers(
            [1, 0], firstDay: 0, dayCount: 14, amountMultiplier: 5, RandomDraws.For(0, RandomStream.CompromisedCustomers, 0));

        Assert.Equal(3, picked.Length);
        Assert.Equal(3, set.Transactions.Count(t => t.Scenario == FraudScenario.CompromisedCustomer && t.AmountCents == 500));
    }

    [Fact]
    public void Scenario_3_picks_nothing_when_the_window_holds_fewer_than_three_transactions()
    {
        var set = new HandBuiltSet();
        set.Add(day: 3, customer: 2, terminal: 0, cents: 100);
        set.Add(day: 4, customer: 2, terminal: 0, cents: 100);
        set.Add(day: 17, customer: 2, terminal: 0, cents: 100);

        var picked = set.Injector().CompromiseCustomers(
            [2], firstDay: 3, dayCount: 14, amountMultiplier: 5, RandomDraws.For(0, RandomStream.CompromisedCustomers, 0));

        Assert.Empty(picked);
        Assert.All(set.Transactions, t => Assert.False(t.IsFraud));
    }

    [Fact]
    public void A_transaction_picked_on_two_days_is_multiplied_twice_as_in_the_book()
    {
        var set = new HandBuiltSet();
        for (int day = 5; day < 8; day++)
        {
            set.Add(day, customer: 0, terminal: 0, cents: 100);
        }

        var injector = set.Injector();

        // Windows from day 0 and day 5 both contain days 5–7; each picks ⌊3 / 3⌋ = 1, here position 1 both times.
        injector.CompromiseCustomers([0], 0, 14, 5, new RandomDraws(new ScriptedRandom([], [1])));
        injector.CompromiseCustomers([0], 5, 14, 5, new RandomDraws(new ScriptedRandom([], [1])));

        Assert.Equal([100, 2_500, 100], set.Transactions.Select(t => t.AmountCents));
    }

    [Fact]
    public void Distinct_samples_cover_the_population_when_every_member_is_drawn()
    {
        var values = new int[10];
        RandomDraws.For(3, RandomStream.CompromisedTerminals, 0).SampleDistinct(10, values);

        Assert.Equal(Enumerable.Range(0, 10), values.Order());
    }

    [Fact]
    public void Distinct_samples_are_uniform_over_the_population()
    {
        // 20,000 draws of 2 from 10: each value expected 4,000 times, standard deviation √(4,000 × 0.8) ≈ 57.
        var counts = new int[10];
        var pair = new int[2];
        var draws = RandomDraws.For(5, RandomStream.CompromisedTerminals, 0);
        for (int i = 0; i < 20_000; i++)
        {
            draws.SampleDistinct(10, pair);
            Assert.NotEqual(pair[0], pair[1]);
            counts[pair[0]]++;
            counts[pair[1]]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 4_000 - 300, 4_000 + 300));
    }

    /// <summary>Transactions in time order, one second apart within a day, at most a few customers and terminals.</summary>
    private sealed class HandBuiltSet
    {
        private readonly List<Transaction> transactions = [];
        private readonly List<int> days = [];
        private Transaction[]? built;

        public Transaction[] Transactions => built ?? throw new InvalidOperationException("Build the injector first.");

        public FraudScenario[] Scenarios => Transactions.Select(t => t.Scenario).ToArray();

        public void Add(int day, int customer, int terminal, long cents)
        {
            Assert.True(days.Count == 0 || days[^1] <= day, "hand-built sets are in time order");
            transactions.Add(new Transaction(
                transactions.Count, ((long)day * 86_400) + transactions.Count, customer, terminal, cents, false, FraudScenario.None));
            days.Add(day);
        }

        public FraudInjector Injector()
        {
            built = transactions.ToArray();
            return new FraudInjector(built, days.ToArray(), customerCount: 3, terminalCount: 2);
        }
    }
}
