using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

/// <summary>
/// Long random sequences of every operation (in-order, late and too-late arrivals, removals, labels, queries forwards
/// and backwards, snapshot round trips) against a model that keeps every entry forever and recomputes each answer
/// from the definition. The model never evicts, so these also check that eviction drops nothing an answer needs.
/// </summary>
public sealed class WindowsAgainstAModelTests
{
    private const long Day = 86_400;
    private const long Delay = 7 * Day;
    private static readonly long[] Windows = [1 * Day, 7 * Day, 30 * Day];
    private static readonly long Start = new DateTimeOffset(2018, 4, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    private sealed record CustomerEntry(long Time, long Cents, long Key);

    private sealed class TerminalEntry(long time, bool fraud, long key)
    {
        public long Time { get; } = time;
        public bool Fraud { get; set; } = fraud;
        public long Key { get; } = key;
    }

    [Theory]
    [InlineData(1, 86_400)]
    [InlineData(2, 0)]
    [InlineData(3, 3 * 86_400)]
    public void Customer_windows_answer_every_operation_as_the_definition_does(int seed, int latenessSeconds)
    {
        var random = new Random(seed);
        var lateness = TimeSpan.FromSeconds(latenessSeconds);
        var windows = new CustomerWindows(lateness);
        var model = new List<CustomerEntry>();
        long latest = long.MinValue, nextKey = 0;
        int lateAccepted = 0, refused = 0, removed = 0;

        for (int step = 0; step < 3_000; step++)
        {
            int operation = random.Next(100);
            if (operation < 70)
            {
                long time = latest == long.MinValue
                    ? Start
                    : latest + random.NextInt64(-latenessSeconds - 3_600, 30_000) / 60 * 60; // on minutes: many ties
                long cents = random.Next(0, 50_000);
                long key = nextKey++;
                if (latest != long.MinValue && time < latest - latenessSeconds)
                {
                    var ex = Assert.Throws<LateTransactionException>(() => windows.Add(time, cents, key));
                    Assert.Equal(TimeSpan.FromSeconds(latest - time), ex.Lateness);
                    refused++;
                    continue;
                }

                var expected = CustomerAt(model, time, new CustomerEntry(time, cents, key));
                lateAccepted += time < latest ? 1 : 0;
                Assert.Equal(expected, windows.Add(time, cents, key));
                model.Add(new CustomerEntry(time, cents, key));
                latest = Math.Max(latest, time);
            }
            else if (operation < 80 && model.Count > 0)
            {
                // Remove a recent entry (compensation targets what was just added), or sometimes an unknown key.
                if (random.Next(5) == 0)
                {
                    Assert.False(windows.Remove(-1 - step));
                    continue;
                }

                var victim = model[model.Count - 1 - random.Next(Math.Min(model.Count, 20))];
                Assert.Equal(victim.Time > latest - (30 * Day) - latenessSeconds, windows.Remove(victim.Key));
                model.Remove(victim);
                removed++;
            }
            else if (operation < 95 && latest != long.MinValue)
            {
                long query = latest - latenessSeconds + random.NextInt64(latenessSeconds + (3 * Day));
                Assert.Equal(CustomerAt(model, query, current: null), windows.FeaturesAt(query));
            }
            else if (latest != long.MinValue)
            {
                // A snapshot round trip must not change a single future answer.
                windows = CustomerWindows.Import(windows.ExportEntries(), windows.LatestUnixSeconds, windows.AllowedLateness);
            }

            if (latest != long.MinValue && step % 10 == 0)
            {
                int retained = model.Count(e => e.Time > latest - (30 * Day) - latenessSeconds);
                Assert.Equal(retained, windows.Count);
            }
        }

        Assert.True(refused > 20, $"refused {refused}");
        Assert.True(lateAccepted > 100 || latenessSeconds == 0, $"late accepted {lateAccepted}");
        Assert.True(removed > 100, $"removed {removed}");
    }

    [Theory]
    [InlineData(4, 86_400)]
    [InlineData(5, 0)]
    public void Terminal_windows_answer_every_operation_as_the_definition_does(int seed, int latenessSeconds)
    {
        var random = new Random(seed);
        var windows = new TerminalWindows(TimeSpan.FromSeconds(latenessSeconds));
        var model = new List<TerminalEntry>();
        long retention = Delay + (30 * Day) + latenessSeconds;
        long latest = long.MinValue, nextKey = 0;
        int dropped = 0, labelled = 0, removed = 0, backwards = 0;
        long lastQuery = long.MinValue;

        for (int step = 0; step < 5_000; step++)
        {
            int operation = random.Next(100);
            if (operation < 45 || latest == long.MinValue)
            {
                // Arrivals mostly near the latest, some far behind it (another customer's late report).
                long time = latest == long.MinValue
                    ? Start
                    : latest + (random.Next(10) == 0 ? -random.NextInt64(60 * Day) : random.NextInt64(-Day, 20_000)) / 600 * 600;
                bool fraud = random.Next(5) == 0;
                long key = nextKey++;
                bool expectedStored = latest == long.MinValue || time > latest - retention;
                Assert.Equal(expectedStored, windows.Add(time, fraud, key));
                if (expectedStored)
                {
                    model.Add(new TerminalEntry(time, fraud, key));
                    latest = Math.Max(latest, time);
                }
                else
                {
                    dropped++;
                }
            }
            else if (operation < 65 && model.Count > 0)
            {
                var entry = model[random.Next(model.Count)];
                bool fraud = random.Next(2) == 0;
                bool retained = entry.Time > latest - retention;
                Assert.Equal(retained, windows.SetLabel(entry.Key, fraud));
                entry.Fraud = fraud;
                labelled++;
            }
            else if (operation < 70 && model.Count > 0)
            {
                var entry = model[random.Next(model.Count)];
                bool retained = entry.Time > latest - retention;
                Assert.Equal(retained, windows.Remove(entry.Key));
                model.Remove(entry);
                removed++;
            }
            else if (operation < 97)
            {
                long query = latest - latenessSeconds + random.NextInt64(latenessSeconds + (10 * Day));
                backwards += query < lastQuery ? 1 : 0;
                lastQuery = query;
                Assert.Equal(TerminalAt(model, query), windows.FeaturesAt(query));
            }
            else
            {
                windows = TerminalWindows.Import(windows.ExportEntries(), windows.LatestUnixSeconds, windows.AllowedLateness);
            }

            if (step % 10 == 0)
            {
                Assert.Equal(model.Count(e => e.Time > latest - retention), windows.Count);
            }
        }

        Assert.True(dropped > 20, $"dropped {dropped}");
        Assert.True(labelled > 500, $"labelled {labelled}");
        Assert.True(removed > 100, $"removed {removed}");
        Assert.True(backwards > 500, $"backward queries {backwards}");
    }

    /// <summary>Windows at <paramref name="time"/> over the model's entries up to that time, plus the current one if any.</summary>
    private static CustomerWindowFeatures CustomerAt(List<CustomerEntry> model, long time, CustomerEntry? current)
    {
        var counts = new int[3];
        var sums = new long[3];
        for (int i = 0; i <= model.Count; i++)
        {
            var entry = i < model.Count ? model[i] : current;
            for (int w = 0; w < 3 && entry is not null; w++)
            {
                if (entry.Time <= time && entry.Time > time - Windows[w])
                {
                    counts[w]++;
                    sums[w] += entry.Cents;
                }
            }
        }

        return new CustomerWindowFeatures(counts[0], sums[0], counts[1], sums[1], counts[2], sums[2]);
    }

    private static TerminalWindowFeatures TerminalAt(List<TerminalEntry> model, long time)
    {
        var counts = new int[3];
        var frauds = new int[3];
        foreach (var entry in model)
        {
            for (int w = 0; w < 3; w++)
            {
                if (entry.Time <= time - Delay && entry.Time > time - Delay - Windows[w])
                {
                    counts[w]++;
                    frauds[w] += entry.Fraud ? 1 : 0;
                }
            }
        }

        return new TerminalWindowFeatures(counts[0], frauds[0], counts[1], frauds[1], counts[2], frauds[2]);
    }
}
