using FraudActors.Ml.Features;

namespace FraudActors.Ml.Tests.Features;

public sealed class CustomerWindowsTests
{
    private const long Day = 86_400;
    private const long Hour = 3_600;

    // Wednesday 2018-04-04 12:00:00 UTC.
    private static readonly long T = new DateTimeOffset(2018, 4, 4, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void First_transaction_counts_itself_in_every_window()
    {
        var windows = new CustomerWindows();

        var features = windows.Add(T, 1_234, key: 1);

        Assert.Equal(new CustomerWindowFeatures(1, 1_234, 1, 1_234, 1, 1_234), features);
        Assert.Equal(12.34, features.AverageAmount1Day);
        Assert.Equal(12.34, features.AverageAmount30Day);
    }

    [Fact]
    public void Count_excludes_a_transaction_exactly_one_day_earlier()
    {
        var windows = new CustomerWindows();
        windows.Add(T - Day, 100, key: 1);

        var features = windows.Add(T, 300, key: 2);

        Assert.Equal(1, features.Count1Day);
        Assert.Equal(3.0, features.AverageAmount1Day);
        Assert.Equal(2, features.Count7Day);
        Assert.Equal(2.0, features.AverageAmount7Day);
    }

    [Fact]
    public void Count_includes_a_transaction_one_second_less_than_a_day_earlier()
    {
        var windows = new CustomerWindows();
        windows.Add(T - Day + 1, 100, key: 1);

        var features = windows.Add(T, 300, key: 2);

        Assert.Equal(2, features.Count1Day);
        Assert.Equal(2.0, features.AverageAmount1Day);
    }

    [Fact]
    public void Seven_and_thirty_day_windows_exclude_their_exact_edges_and_include_one_second_inside()
    {
        var windows = new CustomerWindows();
        windows.Add(T - (30 * Day), 1, key: 1);      // outside all
        windows.Add(T - (30 * Day) + 1, 2, key: 2);  // 30 only
        windows.Add(T - (7 * Day), 4, key: 3);       // 30 only
        windows.Add(T - (7 * Day) + 1, 8, key: 4);   // 7 and 30

        var features = windows.Add(T, 16, key: 5);

        Assert.Equal(new CustomerWindowFeatures(1, 16, 2, 8 + 16, 4, 2 + 4 + 8 + 16), features);
    }

    [Fact]
    public void Later_transaction_in_the_same_second_is_not_in_the_earlier_ones_window()
    {
        var windows = new CustomerWindows();

        var first = windows.Add(T, 100, key: 1);
        var second = windows.Add(T, 300, key: 2);

        Assert.Equal(1, first.Count1Day);
        Assert.Equal(1.0, first.AverageAmount1Day);
        Assert.Equal(2, second.Count1Day);
        Assert.Equal(2.0, second.AverageAmount1Day);
    }

    [Fact]
    public void Average_is_the_integer_cent_sum_divided_once()
    {
        var windows = new CustomerWindows();
        windows.Add(T, 10, key: 1);

        var features = windows.Add(T + 1, 20, key: 2);

        // 30 cents / (100 · 2) = 0.15 exactly rounded; summing doubles (0.1 + 0.2) / 2 would give 0.15000000000000002.
        Assert.NotEqual(0.15, (0.1 + 0.2) / 2);
        Assert.Equal(0.15, features.AverageAmount1Day);
        Assert.Equal(30, features.AmountCents1Day);
    }

    [Fact]
    public void Late_arrival_gets_its_features_as_of_its_own_time()
    {
        var windows = new CustomerWindows();
        windows.Add(T - (2 * Hour), 100, key: 1);
        windows.Add(T, 200, key: 2);

        var late = windows.Add(T - Hour, 400, key: 3);

        // The entry at T is later than the arrival, so it is not in its window; the one at T − 2 h is.
        Assert.Equal(new CustomerWindowFeatures(2, 500, 2, 500, 2, 500), late);
        Assert.Equal(T, windows.LatestUnixSeconds);
    }

    [Fact]
    public void Late_arrival_at_an_existing_time_goes_after_the_entries_already_there()
    {
        var windows = new CustomerWindows();
        windows.Add(T - Hour, 100, key: 1);
        windows.Add(T, 200, key: 2);

        var late = windows.Add(T - Hour, 400, key: 3);

        Assert.Equal(2, late.Count1Day);
        Assert.Equal(500, late.AmountCents1Day);
    }

    [Fact]
    public void Late_arrival_keeps_the_windows_of_later_transactions_exact()
    {
        var windows = new CustomerWindows(TimeSpan.FromDays(3));
        windows.Add(T - (3 * Day), 1, key: 1);
        windows.Add(T, 2, key: 2);

        windows.Add(T - (2 * Day), 4, key: 3); // inside the 7-day window of T, outside its 1-day window
        windows.Add(T - Hour, 8, key: 4);      // inside both

        Assert.Equal(new CustomerWindowFeatures(2, 2 + 8, 4, 1 + 2 + 4 + 8, 4, 1 + 2 + 4 + 8), windows.FeaturesAt(T));

        // The running sums carry on from there.
        var next = windows.Add(T + Day - (30 * 60), 16, key: 5);

        // Window (T − 30 min, T + 1 d − 30 min]: T and the new one; T − 1 h is 1 day and 30 min earlier, outside.
        Assert.Equal(2, next.Count1Day);
        Assert.Equal(2 + 16, next.AmountCents1Day);
        Assert.Equal(5, next.Count7Day);
        Assert.Equal(1 + 2 + 4 + 8 + 16, next.AmountCents7Day);
    }

    [Fact]
    public void Arrival_exactly_the_allowed_lateness_behind_is_accepted()
    {
        var windows = new CustomerWindows(TimeSpan.FromDays(1));
        windows.Add(T, 100, key: 1);

        var late = windows.Add(T - Day, 300, key: 2);

        // T is later than it; nothing else is in its windows.
        Assert.Equal(new CustomerWindowFeatures(1, 300, 1, 300, 1, 300), late);
    }

    [Fact]
    public void Arrival_more_than_the_allowed_lateness_behind_is_refused_and_changes_nothing()
    {
        var windows = new CustomerWindows(TimeSpan.FromDays(1));
        windows.Add(T, 100, key: 1);

        var ex = Assert.Throws<LateTransactionException>(() => windows.Add(T - Day - 1, 300, key: 2));

        Assert.Equal(TimeSpan.FromSeconds(Day + 1), ex.Lateness);
        Assert.Equal(TimeSpan.FromDays(1), ex.AllowedLateness);
        Assert.Equal(T, ex.LatestUnixSeconds);
        Assert.Equal(T - Day - 1, ex.UnixSeconds);
        Assert.True(windows.IsTooLate(T - Day - 1));
        Assert.False(windows.IsTooLate(T - Day));
        Assert.Equal(1, windows.Count);
        Assert.False(windows.Contains(2));
    }

    [Fact]
    public void Zero_lateness_refuses_anything_before_the_latest_time_but_accepts_the_same_second()
    {
        var windows = new CustomerWindows(TimeSpan.Zero);
        windows.Add(T, 100, key: 1);

        Assert.Equal(2, windows.Add(T, 100, key: 2).Count1Day);
        Assert.Throws<LateTransactionException>(() => windows.Add(T - 1, 100, key: 3));
    }

    [Fact]
    public void Remove_takes_an_entry_out_of_every_window_that_held_it()
    {
        var windows = new CustomerWindows();
        windows.Add(T - (2 * Day), 1, key: 1); // 7 and 30 days of T
        windows.Add(T - Hour, 2, key: 2);      // all windows
        windows.Add(T, 4, key: 3);

        Assert.True(windows.Remove(1));
        Assert.True(windows.Remove(2));

        Assert.Equal(new CustomerWindowFeatures(1, 4, 1, 4, 1, 4), windows.FeaturesAt(T));
        Assert.False(windows.Contains(1));
        Assert.True(windows.Contains(3));
        Assert.Equal(1, windows.Count);
        Assert.Equal(new CustomerWindowFeatures(2, 4 + 8, 2, 4 + 8, 2, 4 + 8), windows.Add(T + 1, 8, key: 4));
    }

    [Fact]
    public void Remove_of_an_unknown_key_changes_nothing()
    {
        var windows = new CustomerWindows();
        windows.Add(T, 100, key: 1);

        Assert.False(windows.Remove(99));

        Assert.Equal(new CustomerWindowFeatures(1, 100, 1, 100, 1, 100), windows.FeaturesAt(T));
    }

    [Fact]
    public void Remove_of_the_latest_entry_compensates_it_but_keeps_the_clock()
    {
        var windows = new CustomerWindows();
        windows.Add(T - Hour, 100, key: 1);
        windows.Add(T, 200, key: 2);

        Assert.True(windows.Remove(2));

        Assert.Equal(T, windows.LatestUnixSeconds);
        Assert.Equal(new CustomerWindowFeatures(1, 100, 1, 100, 1, 100), windows.FeaturesAt(T));

        // The same transaction retried after the compensation counts once.
        Assert.Equal(new CustomerWindowFeatures(2, 300, 2, 300, 2, 300), windows.Add(T, 200, key: 2));
    }

    [Fact]
    public void Features_at_a_time_count_entries_up_to_it_without_a_current_transaction()
    {
        var windows = new CustomerWindows();
        windows.Add(T - (2 * Day), 100, key: 1);
        windows.Add(T - Hour, 200, key: 2);
        windows.Add(T, 400, key: 3);

        Assert.Equal(new CustomerWindowFeatures(2, 600, 3, 700, 3, 700), windows.FeaturesAt(T));
        Assert.Equal(new CustomerWindowFeatures(1, 200, 2, 300, 2, 300), windows.FeaturesAt(T - 1));
        Assert.Equal(new CustomerWindowFeatures(0, 0, 3, 700, 3, 700), windows.FeaturesAt(T + Day));
        Assert.Equal(0.0, windows.FeaturesAt(T + (10 * Day)).AverageAmount1Day);
    }

    [Fact]
    public void Features_of_an_empty_history_are_zero()
    {
        Assert.Equal(default, new CustomerWindows().FeaturesAt(T));
    }

    [Fact]
    public void Features_at_a_time_beyond_the_allowed_lateness_are_refused()
    {
        var windows = new CustomerWindows(TimeSpan.FromDays(1));
        windows.Add(T, 100, key: 1);

        Assert.Throws<LateTransactionException>(() => windows.FeaturesAt(T - Day - 1));
        Assert.Equal(new CustomerWindowFeatures(0, 0, 0, 0, 0, 0), windows.FeaturesAt(T - Day));
    }

    [Fact]
    public void A_year_of_daily_transactions_keeps_only_thirty_days_plus_the_lateness()
    {
        var windows = new CustomerWindows(TimeSpan.FromDays(1));
        CustomerWindowFeatures last = default;
        for (int day = 0; day < 365; day++)
        {
            last = windows.Add(T + (day * Day), 100, key: day);
        }

        // Kept: (latest − 31 d, latest] holds the last 31 days' transactions (the one exactly 31 days back is out).
        Assert.Equal(31, windows.Count);
        Assert.True(windows.Capacity <= 64, $"capacity {windows.Capacity}");
        Assert.Equal(new CustomerWindowFeatures(1, 100, 7, 700, 30, 3_000), last);
        Assert.False(windows.Contains(333));
        Assert.True(windows.Contains(334));
    }

    [Fact]
    public void A_customer_who_slows_down_gives_memory_back()
    {
        var windows = new CustomerWindows(TimeSpan.Zero);
        for (int i = 0; i < 1_000; i++)
        {
            windows.Add(T + (i * 60), 100, key: i);
        }

        int busy = windows.Capacity;
        for (int day = 31; day < 200; day++)
        {
            windows.Add(T + (day * Day), 100, key: 10_000 + day);
        }

        Assert.True(busy >= 1_000);
        Assert.Equal(30, windows.Count);
        Assert.True(windows.Capacity <= 100, $"capacity {windows.Capacity}");
    }

    [Fact]
    public void A_transaction_no_longer_retained_cannot_be_replayed_because_it_is_too_late()
    {
        var windows = new CustomerWindows(TimeSpan.FromDays(1));
        windows.Add(T, 100, key: 1);
        windows.Add(T + (40 * Day), 100, key: 2);

        Assert.False(windows.Contains(1));
        Assert.Throws<LateTransactionException>(() => windows.Add(T, 100, key: 1));
    }

    [Fact]
    public void Export_and_import_rebuild_a_history_that_answers_the_same()
    {
        var original = new CustomerWindows(TimeSpan.FromDays(2));
        original.Add(T - (40 * Day), 1, key: 1);
        original.Add(T - (3 * Day), 2, key: 2);
        original.Add(T, 4, key: 3);
        original.Add(T - Hour, 8, key: 4);
        original.Add(T + Hour, 16, key: 5);
        original.Remove(5);

        var copy = CustomerWindows.Import(original.ExportEntries(), original.LatestUnixSeconds, original.AllowedLateness);

        Assert.Equal(original.ExportEntries(), copy.ExportEntries());
        Assert.Equal(original.LatestUnixSeconds, copy.LatestUnixSeconds);
        Assert.Equal(original.FeaturesAt(T + Hour), copy.FeaturesAt(T + Hour));
        Assert.Equal(original.Add(T - (20 * Hour), 32, key: 6), copy.Add(T - (20 * Hour), 32, key: 6));
        Assert.Equal(original.Add(T + (2 * Hour), 64, key: 7), copy.Add(T + (2 * Hour), 64, key: 7));
        Assert.Throws<LateTransactionException>(() => copy.Add(T + Hour - (2 * Day) - 1, 1, key: 8));
    }

    [Fact]
    public void Import_refuses_entries_out_of_time_order()
    {
        CustomerWindowEntry[] entries = [new(T, 1, 1), new(T - 1, 1, 2)];

        var ex = Assert.Throws<ArgumentException>(() => CustomerWindows.Import(entries));

        Assert.Contains("key 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_outside_the_stored_range_are_refused()
    {
        var windows = new CustomerWindows();

        var before = Assert.Throws<ArgumentOutOfRangeException>(() => windows.Add(WindowClock.MinUnixSeconds - 1, 1, key: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.Add(WindowClock.MaxUnixSeconds + 1, 1, key: 1));

        Assert.Equal("unixSeconds", before.ParamName);
        Assert.Equal(1, windows.Add(WindowClock.MinUnixSeconds, 1, key: 2).Count1Day);
        Assert.Equal(1, windows.Add(WindowClock.MaxUnixSeconds, 1, key: 3).Count1Day);
        Assert.Equal(new DateTime(2068, 1, 19, 3, 14, 7, DateTimeKind.Utc), DateTime.UnixEpoch.AddSeconds(WindowClock.MaxUnixSeconds));
        Assert.Equal(WindowClock.Epoch, DateTime.UnixEpoch.AddSeconds(WindowClock.MinUnixSeconds));
    }

    [Fact]
    public void Negative_amounts_are_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerWindows().Add(T, -1, key: 1));
        Assert.Equal("amountCents", ex.ParamName);
    }

    [Fact]
    public void Allowed_lateness_must_be_whole_non_negative_seconds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerWindows(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerWindows(TimeSpan.FromMilliseconds(1_500)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CustomerWindows(TimeSpan.FromDays(366)));
    }
}
